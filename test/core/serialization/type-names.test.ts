import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaToTypeName, typeNameToSchema } from '../../../src/core/serialization/type-names.js';
import { DeserializationError, SerializationError } from '../../../src/errors.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { Document } from '../../../src/dataclasses/document.js';
import { GeneratedAnswer } from '../../../src/dataclasses/answer.js';

describe('schemaToTypeName', () => {
  it.each<[z.ZodType, string]>([
    [z.string(), 'str'],
    [z.int(), 'int'],
    [z.number().int(), 'int'],
    [z.number(), 'float'],
    [z.boolean(), 'bool'],
    [z.null(), 'None'],
    [z.any(), 'typing.Any'],
    [z.unknown(), 'typing.Any'],
    [z.array(z.int()), 'list[int]'],
    [z.record(z.string(), z.number()), 'dict[str, float]'],
    [z.union([z.string(), z.int()]), 'str | int'],
    [z.string().optional(), 'str | None'],
    [z.array(z.string()).nullable(), 'list[str] | None'],
    [z.tuple([z.string(), z.int()]), 'tuple[str, int]'],
    [z.set(z.string()), 'set[str]'],
    [z.instanceof(Uint8Array), 'bytes'],
    [z.array(z.instanceof(Document)), 'list[haystack.dataclasses.document.Document]'],
    [z.array(z.instanceof(ChatMessage)), 'list[haystack.dataclasses.chat_message.ChatMessage]'],
    [z.instanceof(GeneratedAnswer), 'haystack.dataclasses.answer.GeneratedAnswer'],
    [z.string().default('x'), 'str'],
    [z.object({}).meta({ typeName: 'my.module.Thing' }), 'my.module.Thing'],
  ])('%#: %s', (schema, name) => {
    expect(schemaToTypeName(schema)).toBe(name);
  });

  it('refuses schemas with no Haystack equivalent', () => {
    class Mine {}
    for (const schema of [z.object({ a: z.string() }), z.literal('a'), z.instanceof(Mine), z.array(z.object({}))]) {
      expect(() => schemaToTypeName(schema)).toThrow(SerializationError);
    }
    expect(() => schemaToTypeName(z.instanceof(Mine))).toThrow(/class Mine.*\.meta\(\{ typeName/);
  });
});

describe('typeNameToSchema', () => {
  it('reads Haystack spellings and writes the same string back', () => {
    for (const name of [
      'str',
      'list[int]',
      'typing.List[str]',
      'typing.Optional[list[int]]',
      'list[haystack.dataclasses.document.Document]',
      'dict[str, typing.Any]',
      'typing.Dict[str, int]',
      'typing.Union[str, int]',
      'str | None',
      'list',
      'dict',
      'tuple[int, str]',
      'set[str]',
      'bool',
      'float',
      'None',
    ]) {
      expect(schemaToTypeName(typeNameToSchema(name))).toBe(name);
    }
  });

  it('builds schemas that check values', () => {
    const docs = typeNameToSchema('list[haystack.dataclasses.document.Document]');
    expect(docs.safeParse([new Document({ content: 'a' })]).success).toBe(true);
    expect(docs.safeParse(['a']).success).toBe(false);
    const optional = typeNameToSchema('typing.Optional[list[int]]');
    expect(optional.safeParse(null).success).toBe(true);
    expect(optional.safeParse([1.5]).success).toBe(false);
    expect(typeNameToSchema('str | int').safeParse(3).success).toBe(true);
  });

  it('resolves extra names given by the registry', () => {
    const thing = z.object({ a: z.string() });
    expect(typeNameToSchema('list[my.Thing]', new Map([['my.Thing', thing]])).safeParse([{ a: 'x' }]).success).toBe(true);
  });

  it('refuses unknown names, bad syntax and non-string keys', () => {
    expect(() => typeNameToSchema('numpy.ndarray')).toThrow(/unknown type 'numpy.ndarray'/);
    expect(() => typeNameToSchema('list[int')).toThrow(/expected '\]'/);
    expect(() => typeNameToSchema('list[int, str]')).toThrow(/takes 1 argument/);
    expect(() => typeNameToSchema('dict[int, str]')).toThrow(/only str keys/);
    expect(() => typeNameToSchema('__proto__')).toThrow(DeserializationError);
    expect(() => typeNameToSchema('constructor')).toThrow(DeserializationError);
    expect(() => typeNameToSchema('x'.repeat(2000))).toThrow(/longer than/);
    // @ts-expect-error: must be a string
    expect(() => typeNameToSchema(3)).toThrow(/expected a type name string, got number/);
  });
});
