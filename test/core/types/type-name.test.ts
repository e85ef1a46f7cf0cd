/** Readable socket type names for messages, `toString()` and Mermaid (Haystack's `_type_name`, TS-flavoured). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { typeName } from '../../../src/index.js';
import { Class1, Document, Path } from './fixtures.js';

enum Colour {
  Red = 'red',
  Green = 'green',
}

describe('typeName', () => {
  it.each<[string, z.ZodType, string]>([
    ['string', z.string(), 'string'],
    ['string formats', z.email(), 'string'],
    ['template literal', z.templateLiteral(['id-', z.number()]), 'string'],
    ['number', z.number(), 'number'],
    ['integer number (Python int)', z.number().int(), 'int'],
    ['z.int()', z.int(), 'int'],
    ['boolean', z.boolean(), 'boolean'],
    ['bigint', z.bigint(), 'bigint'],
    ['null', z.null(), 'null'],
    ['undefined', z.undefined(), 'undefined'],
    ['void', z.void(), 'void'],
    ['never', z.never(), 'never'],
    ['any', z.any(), 'any'],
    ['unknown', z.unknown(), 'unknown'],
    ['Date', z.date(), 'Date'],
    ['class instance', z.instanceof(Document), 'Document'],
    ['ChatMessage', z.instanceof(ChatMessage), 'ChatMessage'],
    ['custom without class', z.custom<string>(), 'custom'],
    ['string literal', z.literal('a'), "'a'"],
    ['literal with a quote', z.literal("it's"), "'it\\'s'"],
    ['number literal', z.literal(3), '3'],
    ['literal set', z.literal(['a', 'b']), "'a' | 'b'"],
    ['enum', z.enum(['a', 'b', 'c']), "'a' | 'b' | 'c'"],
    ['native enum', z.enum(Colour), "'red' | 'green'"],
    ['array', z.array(z.instanceof(Document)), 'Document[]'],
    ['nested array', z.array(z.array(z.string())), 'string[][]'],
    ['array of a union', z.array(z.union([z.string(), z.number()])), '(string | number)[]'],
    ['readonly array', z.array(z.string()).readonly(), 'readonly string[]'],
    ['optional', z.string().optional(), 'string | undefined'],
    ['nullable', z.string().nullable(), 'string | null'],
    ['nullish', z.string().nullish(), 'string | null | undefined'],
    ['optional array', z.array(z.instanceof(Document)).optional(), 'Document[] | undefined'],
    ['default is its inner type', z.number().int().default(10), 'int'],
    ['union', z.union([z.string(), z.number(), z.boolean()]), 'string | number | boolean'],
    ['union of arrays', z.union([z.array(z.string()), z.array(z.instanceof(ChatMessage))]), 'string[] | ChatMessage[]'],
    ['record', z.record(z.string(), z.unknown()), 'Record<string, unknown>'],
    ['record of int', z.record(z.string(), z.int()), 'Record<string, int>'],
    ['map', z.map(z.string(), z.number()), 'Map<string, number>'],
    ['set', z.set(z.string()), 'Set<string>'],
    ['tuple', z.tuple([z.string(), z.number()]), '[string, number]'],
    ['tuple with rest', z.tuple([z.string()], z.number()), '[string, ...number[]]'],
    ['object', z.object({ a: z.number() }), '{ a: number }'],
    ['object with optional key', z.object({ a: z.number(), b: z.string().optional() }), '{ a: number; b?: string }'],
    ['object with a key to quote (single quotes, safe inside Mermaid labels)', z.object({ 'content-type': z.string() }), "{ 'content-type': string }"],
    ['object with a defaulted key (always present in the value)', z.object({ n: z.int().default(1) }), '{ n: int }'],
    ['empty object', z.object({}), '{}'],
    ['loose object', z.looseObject({ a: z.number() }), '{ a: number; [key: string]: unknown }'],
    ['intersection', z.intersection(z.object({ a: z.number() }), z.object({ b: z.string() })), '{ a: number } & { b: string }'],
    ['promise', z.promise(z.string()), 'Promise<string>'],
    ['bare function', z.function(), 'Function'],
    ['typed function', z.function({ input: [z.string(), z.number()], output: z.boolean() }), '(string, number) => boolean'],
    ['function in an array', z.array(z.function({ input: [z.string()], output: z.number() })), '((string) => number)[]'],
    ['pipe shows its output side', z.string().pipe(z.email()), 'string'],
    ['transform output is unknown', z.string().transform((s) => s.length), 'unknown'],
    ['lazy', z.lazy(() => z.string()), 'string'],
  ])('%s', (_label, schema, expected) => {
    expect(typeName(schema)).toBe(expected);
  });

  it('uses an explicit name given with .meta({ typeName })', () => {
    const Query = z.object({ text: z.string(), topK: z.int() }).meta({ typeName: 'Query' });
    expect(typeName(Query)).toBe('Query');
    expect(typeName(z.array(Query))).toBe('Query[]');
    expect(typeName(Query.optional())).toBe('Query | undefined');
    expect(typeName(Query.default({ text: '', topK: 1 }))).toBe('Query');
  });

  it('ignores .describe(), which is prose, and empty names', () => {
    expect(typeName(z.string().describe('The user query'))).toBe('string');
    expect(typeName(z.string().meta({ typeName: '' }))).toBe('string');
    expect(typeName(z.string().meta({ typeName: 42 }))).toBe('string');
  });

  it('names classes by their constructor name', () => {
    expect(typeName(z.instanceof(Class1))).toBe('Class1');
    expect(typeName(z.instanceof(Path))).toBe('Path');
    expect(typeName(z.instanceof(Map))).toBe('Map');
  });

  it('terminates on recursive schemas', () => {
    interface Tree {
      value: number;
      children: Tree[];
    }
    const Tree: z.ZodType<Tree> = z.lazy(() => z.object({ value: z.number(), children: z.array(Tree) }));
    expect(typeName(Tree)).toBe('{ value: number; children: ...[] }');
    const Named: z.ZodType<Tree> = z.lazy(() => z.object({ value: z.number(), children: z.array(Named) })).meta({ typeName: 'Tree' });
    expect(typeName(z.array(Named))).toBe('Tree[]');
  });
});

describe('typeName escaping', () => {
  it('keeps literal names on one line and free of double quotes', () => {
    expect(typeName(z.literal('a\nb'))).toBe("'a\\nb'");
    expect(typeName(z.literal('say "hi"'))).toBe("'say \\x22hi\\x22'");
    expect(typeName(z.literal('back\\slash'))).toBe("'back\\\\slash'");
  });
});
