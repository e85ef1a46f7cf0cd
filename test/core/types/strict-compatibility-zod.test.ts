/**
 * The zod-specific side of strict compatibility: how kinds Python has no spelling for (or spells
 * differently) are compared. Each rule is documented in docs/types.md.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { typesAreCompatible } from '../../../src/index.js';
import { Class1, Class3, Document } from './fixtures.js';

const ok = (s: z.ZodType, r: z.ZodType) => typesAreCompatible(s, r).compatible;
type Pair = [label: string, sender: z.ZodType, receiver: z.ZodType];

function expectOneWay(sender: z.ZodType, receiver: z.ZodType): void {
  expect(ok(sender, receiver)).toBe(true);
  expect(ok(receiver, sender)).toBe(false);
}

describe('identity, any and unknown', () => {
  it('accepts the same schema object, whatever it is', () => {
    const opaque = z.custom<{ brand: true }>();
    expect(ok(opaque, opaque)).toBe(true);
  });

  it('never matches two different z.custom() schemas without a class', () => {
    expect(ok(z.custom<string>(), z.custom<string>())).toBe(false);
    expect(ok(z.custom<string>(), z.string())).toBe(false);
    expect(ok(z.string(), z.custom<string>())).toBe(false);
  });

  it.each<Pair>([
    ['custom → any', z.custom<string>(), z.any()],
    ['custom → unknown', z.custom<string>(), z.unknown()],
    ['any → unknown', z.any(), z.unknown()],
    ['unknown → any', z.unknown(), z.any()],
    ['any → unknown | undefined (a receiver that accepts everything)', z.any(), z.unknown().optional()],
    ['string | undefined → unknown', z.string().optional(), z.unknown()],
    ['never → string (never has no values)', z.never(), z.string()],
  ])('%s', (_l, s, r) => {
    expect(ok(s, r)).toBe(true);
  });

  it.each<Pair>([
    ['unknown → string', z.unknown(), z.string()],
    ['any → string[]', z.any(), z.array(z.string()).nullable()],
    ['any → string | number', z.any(), z.union([z.string(), z.number()])],
    ['transform output (unknown) → string', z.string().transform((s) => s.length), z.string()],
  ])('rejects an untyped sender into a typed receiver: %s', (_l, s, r) => {
    expect(ok(s, r)).toBe(false);
  });
});

describe('primitive kinds', () => {
  it('keeps Python int ⊂ float: an integer number fits a number, not the reverse', () => {
    expectOneWay(z.int(), z.number());
    expectOneWay(z.number().int(), z.number());
    expect(ok(z.int32(), z.int())).toBe(true);
    expect(ok(z.number().int().min(0), z.int())).toBe(true);
  });

  it('ignores other refinements and formats, which Python types cannot express', () => {
    expect(ok(z.number().min(3), z.number().max(1))).toBe(true);
    expect(ok(z.email(), z.string())).toBe(true);
    expect(ok(z.string(), z.email())).toBe(true);
  });

  it.each<Pair>([
    ['boolean → number', z.boolean(), z.number()],
    ['number → string', z.number(), z.string()],
    ['string → number', z.string(), z.number()],
    ['bigint → number', z.bigint(), z.number()],
    ['null → undefined', z.null(), z.undefined()],
    ['undefined → null', z.undefined(), z.null()],
    ['string | undefined → string | null (undefined is not null)', z.string().optional(), z.string().nullable()],
    ['NaN → number', z.nan(), z.number()],
  ])('rejects %s', (_l, s, r) => {
    expect(ok(s, r)).toBe(false);
  });

  it('treats void as undefined', () => {
    expect(ok(z.void(), z.undefined())).toBe(true);
    expect(ok(z.undefined(), z.void())).toBe(true);
    expect(ok(z.void(), z.string().optional())).toBe(true);
  });

  it('treats a template literal as a string', () => {
    expectOneWay(z.templateLiteral(['doc-', z.number()]), z.string());
  });
});

describe('literals and enums', () => {
  it.each<Pair>([
    ["'a' → 'a' | 'b'", z.literal('a'), z.enum(['a', 'b'])],
    ["'b' → 'a' | 'b' (any position)", z.literal('b'), z.literal(['a', 'b'])],
    ["'a' | 'b' → 'b' | 'a' | 'c'", z.enum(['a', 'b']), z.enum(['b', 'a', 'c'])],
    ["enum → union of literals", z.enum(['a', 'b']), z.union([z.literal('b'), z.literal('a')])],
    ["'a' → string", z.literal('a'), z.string()],
    ["'a' | 'b' → string", z.enum(['a', 'b']), z.string()],
    ['3 → int', z.literal(3), z.int()],
    ['3.5 → number', z.literal(3.5), z.number()],
    ['true → boolean', z.literal(true), z.boolean()],
    ['null literal → null', z.literal(null), z.null()],
    ['boolean → true | false', z.boolean(), z.union([z.literal(true), z.literal(false)])],
    ["'a' → string | number", z.literal('a'), z.union([z.number(), z.string()])],
  ])('accepts %s', (_l, s, r) => {
    expect(ok(s, r)).toBe(true);
  });

  it.each<Pair>([
    ["string → 'a'", z.string(), z.literal('a')],
    ["'c' → 'a' | 'b'", z.literal('c'), z.enum(['a', 'b'])],
    ["'a' | 'c' → 'a' | 'b'", z.enum(['a', 'c']), z.enum(['a', 'b'])],
    ['3.5 → int', z.literal(3.5), z.int()],
    ["'3' → number", z.literal('3'), z.number()],
    ['boolean → true', z.boolean(), z.literal(true)],
  ])('rejects %s', (_l, s, r) => {
    expect(ok(s, r)).toBe(false);
  });
});

describe('optional, nullable and defaulted sockets', () => {
  it('a receiver that accepts undefined or null accepts its inner type', () => {
    expect(ok(z.string(), z.string().optional())).toBe(true);
    expect(ok(z.string(), z.string().nullable())).toBe(true);
    expect(ok(z.string(), z.string().nullish())).toBe(true);
    expect(ok(z.string().nullable(), z.string().nullish())).toBe(true);
  });

  it('rejects a sender that may be missing into a receiver that may not', () => {
    expect(ok(z.string().optional(), z.string())).toBe(false);
    expect(ok(z.string().nullable(), z.string())).toBe(false);
    expect(ok(z.string().nullish(), z.string().nullable())).toBe(false);
  });

  it('compares a defaulted socket by its value type: the default fills a missing value, it is no union', () => {
    expect(ok(z.string(), z.string().default('x'))).toBe(true);
    expect(ok(z.string().default('x'), z.string())).toBe(true);
    expect(ok(z.string().optional(), z.string().default('x'))).toBe(false);
    expect(ok(z.string(), z.string().prefault('x'))).toBe(true);
    expect(ok(z.string().catch('x'), z.string())).toBe(true);
  });

  it('takes undefined out of a nonoptional schema', () => {
    expect(ok(z.string().optional().nonoptional(), z.string())).toBe(true);
  });
});

describe('unions', () => {
  it('accepts a union sender whose every member fits (set inclusion, not position)', () => {
    expect(ok(z.union([z.string(), z.int()]), z.union([z.int(), z.string(), z.number()]))).toBe(true);
    expect(ok(z.union([z.instanceof(Class3), z.instanceof(Class1)]), z.instanceof(Class1))).toBe(true);
    expect(ok(z.union([z.int(), z.literal('a')]), z.union([z.number(), z.string()]))).toBe(true);
  });

  it('rejects a union sender with one member that does not fit', () => {
    expect(ok(z.union([z.string(), z.boolean()]), z.union([z.string(), z.number()]))).toBe(false);
  });

  it('flattens nested unions and discriminated unions', () => {
    const nested = z.union([z.string(), z.union([z.number(), z.boolean()])]);
    expect(ok(z.boolean(), nested)).toBe(true);
    expect(ok(nested, z.union([z.boolean(), z.number(), z.string()]))).toBe(true);
    const a = z.object({ kind: z.literal('a'), x: z.number() });
    const b = z.object({ kind: z.literal('b'), y: z.string() });
    expect(ok(a, z.discriminatedUnion('kind', [a, b]))).toBe(true);
    expect(ok(z.discriminatedUnion('kind', [a, b]), z.object({ kind: z.string() }))).toBe(true);
  });
});

describe('classes', () => {
  class Class4 extends Class3 {}

  it('accepts a subclass for its base class, at any depth', () => {
    expectOneWay(z.instanceof(Class4), z.instanceof(Class1));
    expectOneWay(z.instanceof(Class4), z.instanceof(Class3));
  });

  it('treats z.date() as z.instanceof(Date)', () => {
    expect(ok(z.date(), z.instanceof(Date))).toBe(true);
    expect(ok(z.instanceof(Date), z.date())).toBe(true);
    expect(ok(z.date(), z.string())).toBe(false);
  });

  it('does not match a class against an object shape', () => {
    expect(ok(z.instanceof(Document), z.object({ content: z.string() }))).toBe(false);
    expect(ok(z.object({ content: z.string() }), z.instanceof(Document))).toBe(false);
  });
});

describe('containers', () => {
  it('compares arrays, sets, maps, records and promises element-wise', () => {
    expectOneWay(z.array(z.int()), z.array(z.number()));
    expectOneWay(z.set(z.literal('a')), z.set(z.string()));
    expectOneWay(z.map(z.string(), z.int()), z.map(z.string(), z.number()));
    expectOneWay(z.record(z.string(), z.int()), z.record(z.string(), z.number()));
    expectOneWay(z.promise(z.int()), z.promise(z.number()));
  });

  it('keeps container kinds apart', () => {
    expect(ok(z.set(z.string()), z.array(z.string()))).toBe(false);
    expect(ok(z.array(z.string()), z.set(z.string()))).toBe(false);
    expect(ok(z.map(z.string(), z.string()), z.record(z.string(), z.string()))).toBe(false);
    expect(ok(z.array(z.string()), z.tuple([z.string()]))).toBe(false);
  });

  it('accepts a record with fewer possible keys', () => {
    expectOneWay(z.record(z.enum(['a', 'b']), z.number()), z.record(z.string(), z.number()));
    expectOneWay(z.record(z.enum(['a', 'b']), z.number()), z.partialRecord(z.enum(['a', 'b', 'c']), z.number()));
  });

  it('needs every key of an exhaustive record (z.record over an enum)', () => {
    const both = z.record(z.enum(['a', 'b']), z.number());
    expect(ok(z.record(z.enum(['b', 'a']), z.int()), both)).toBe(true);
    expect(ok(z.partialRecord(z.enum(['a', 'b']), z.number()), both)).toBe(false);
    expect(ok(z.record(z.enum(['a']), z.number()), both)).toBe(false);
    expect(ok(z.object({ a: z.int(), b: z.number() }), both)).toBe(true);
    expect(ok(z.object({ a: z.int() }), both)).toBe(false);
    expect(ok(z.object({ a: z.int(), b: z.number().optional() }), both)).toBe(false);
  });

  it('compares tuples position by position, with the same length', () => {
    const pair = z.tuple([z.string(), z.int()]);
    expectOneWay(pair, z.tuple([z.string(), z.number()]));
    expect(ok(z.tuple([z.int()]), z.tuple([z.int(), z.string()]))).toBe(false);
    expect(ok(z.tuple([z.int(), z.string()]), z.tuple([z.int()]))).toBe(false);
  });

  it('lets a shorter tuple fill optional trailing items, and rest elements match rest elements', () => {
    expect(ok(z.tuple([z.string()]), z.tuple([z.string(), z.number().optional()]))).toBe(true);
    expectOneWay(z.tuple([z.string(), z.int()]), z.tuple([z.string()], z.number()));
    expectOneWay(z.tuple([z.string()], z.int()), z.tuple([z.string()], z.number()));
    expect(ok(z.tuple([z.string()], z.number()), z.tuple([z.string(), z.number()]))).toBe(false);
  });

  it('accepts a tuple for an array of a type every item fits', () => {
    expect(ok(z.tuple([z.string(), z.literal('x')]), z.array(z.string()))).toBe(true);
    expect(ok(z.tuple([z.string()], z.int()), z.array(z.union([z.string(), z.number()])))).toBe(true);
    expect(ok(z.tuple([z.string(), z.number()]), z.array(z.string()))).toBe(false);
  });
});

describe('objects', () => {
  const Query = z.object({ text: z.string(), topK: z.int() });

  it('accepts a sender with every key the receiver needs, and extra keys', () => {
    expectOneWay(z.object({ text: z.string(), topK: z.int(), extra: z.boolean() }), Query);
    expect(ok(z.object({ text: z.literal('q'), topK: z.literal(3) }), Query)).toBe(true);
  });

  it('lets optional receiver keys be missing', () => {
    const receiver = z.object({ text: z.string(), topK: z.int().optional(), filters: z.unknown() });
    expect(ok(z.object({ text: z.string() }), receiver)).toBe(true);
    expect(ok(z.object({ text: z.string(), topK: z.int().optional() }), receiver)).toBe(true);
  });

  it('does not let a defaulted receiver key be missing: values are handed over unparsed, so no default fills it', () => {
    const receiver = z.object({ text: z.string(), scale: z.boolean().default(true) });
    expect(ok(z.object({ text: z.string() }), receiver)).toBe(false);
    expect(ok(z.object({ text: z.string(), scale: z.boolean() }), receiver)).toBe(true);
  });

  it('rejects a missing, optional or mistyped value for a mandatory key', () => {
    expect(ok(z.object({ text: z.string() }), Query)).toBe(false);
    expect(ok(z.object({ text: z.string(), topK: z.int().optional() }), Query)).toBe(false);
    expect(ok(z.object({ text: z.string(), topK: z.number() }), Query)).toBe(false);
  });

  it('honours strict and catch-all receivers', () => {
    const strict = z.strictObject({ text: z.string() });
    expect(ok(z.object({ text: z.string() }), strict)).toBe(true);
    expect(ok(z.object({ text: z.string(), more: z.string() }), strict)).toBe(false);
    expect(ok(z.looseObject({ text: z.string() }), strict)).toBe(false);
    const numbers = z.object({ text: z.string() }).catchall(z.number());
    expect(ok(z.object({ text: z.string(), n: z.int() }), numbers)).toBe(true);
    expect(ok(z.object({ text: z.string(), n: z.string() }), numbers)).toBe(false);
    expect(ok(z.looseObject({ text: z.string() }), numbers)).toBe(false);
  });

  it('reads a loose sender catch-all for keys it does not declare', () => {
    expect(ok(z.object({ a: z.string() }).catchall(z.int()), z.object({ a: z.string(), b: z.number() }))).toBe(true);
    expect(ok(z.looseObject({ a: z.string() }), z.object({ a: z.string(), b: z.number() }))).toBe(false);
  });

  it('accepts an object for a record whose keys and values it fits', () => {
    expect(ok(Query, z.record(z.string(), z.unknown()))).toBe(true);
    expect(ok(Query, z.record(z.string(), z.union([z.string(), z.number()])))).toBe(true);
    expect(ok(Query, z.record(z.string(), z.string()))).toBe(false);
    expect(ok(z.object({ a: z.int() }), z.partialRecord(z.enum(['a', 'b']), z.number()))).toBe(true);
    expect(ok(z.object({ c: z.int() }), z.partialRecord(z.enum(['a', 'b']), z.number()))).toBe(false);
    expect(ok(z.looseObject({ a: z.int() }), z.record(z.string(), z.unknown()))).toBe(true);
    expect(ok(z.looseObject({ a: z.int() }), z.record(z.string(), z.number()))).toBe(false);
  });

  it('does not accept a record for an object shape', () => {
    expect(ok(z.record(z.string(), z.string()), z.object({ text: z.string() }))).toBe(false);
  });
});

describe('intersections', () => {
  const A = z.object({ a: z.string() });
  const B = z.object({ b: z.number() });

  it('a value of A & B fits anything either side fits', () => {
    expect(ok(z.intersection(A, B), A)).toBe(true);
    expect(ok(z.intersection(A, B), B)).toBe(true);
  });

  it('a receiver A & B needs a sender that fits both', () => {
    expect(ok(z.object({ a: z.string(), b: z.int() }), z.intersection(A, B))).toBe(true);
    expect(ok(A, z.intersection(A, B))).toBe(false);
  });
});

describe('functions', () => {
  it('accepts a rest-parameter sender for a receiver with fixed parameters of a fitting type', () => {
    const variadic = z.function({ input: z.array(z.string()), output: z.number() });
    expect(ok(variadic, z.function({ input: [z.string(), z.string()], output: z.number() }))).toBe(true);
    expect(ok(variadic, z.function({ input: [z.boolean()], output: z.number() }))).toBe(false);
  });

  it('accepts parameters in either direction (TypeScript method bivariance)', () => {
    const takesInt = z.function({ input: [z.int()], output: z.string() });
    const takesNumber = z.function({ input: [z.number()], output: z.string() });
    expect(ok(takesInt, takesNumber)).toBe(true);
    expect(ok(takesNumber, takesInt)).toBe(true);
  });

  it('does not match functions with other kinds', () => {
    expect(ok(z.function(), z.object({}))).toBe(false);
    expect(ok(z.string(), z.function())).toBe(false);
  });
});

describe('recursive schemas', () => {
  interface Tree {
    value: number;
    children: Tree[];
  }
  interface Named {
    value: string;
    children: Named[];
  }

  it('terminates and compares them structurally', () => {
    const Tree: z.ZodType<Tree> = z.lazy(() => z.object({ value: z.int(), children: z.array(Tree) }));
    const Tree2: z.ZodType<Tree> = z.lazy(() => z.object({ value: z.number(), children: z.array(Tree2) }));
    const Other: z.ZodType<Named> = z.lazy(() => z.object({ value: z.string(), children: z.array(Other) }));
    expectOneWay(Tree, Tree2);
    expect(ok(Tree, Other)).toBe(false);
  });

  it('terminates on getter-based recursive objects', () => {
    const Node = z.object({
      name: z.string(),
      get next(): z.ZodOptional<typeof Node> {
        return Node.optional();
      },
    });
    const Same = z.object({
      name: z.string(),
      get next(): z.ZodOptional<typeof Same> {
        return Same.optional();
      },
    });
    expect(ok(Node, Same)).toBe(true);
  });
});

describe('recursive unions and lists', () => {
  type Json = string | number | Json[];
  const Json: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.array(Json)]));
  type Nested = Nested[];
  const Nested: z.ZodType<Nested> = z.lazy(() => z.array(Nested));
  // A union listing itself as a member: its values are just strings.
  const Loop: z.ZodType<string> = z.lazy(() => z.union([z.string(), Loop]));

  it('terminates on a union that contains itself', () => {
    expect(ok(Loop, z.string())).toBe(true);
    expect(ok(z.string(), Loop)).toBe(true);
    expect(ok(Loop, z.number())).toBe(false);
  });

  it('terminates on recursive lists, in strict checks and in conversions', () => {
    expect(ok(z.string(), Json)).toBe(true);
    expect(ok(z.array(z.string()), Json)).toBe(true);
    expect(ok(Json, z.string())).toBe(false);
    expect(ok(Nested, z.string())).toBe(false);
    expect(ok(Nested, Nested)).toBe(true);
    expect(typesAreCompatible(z.string(), z.array(Json))).toEqual({ compatible: true, conversion: 'wrap' });
    expect(typesAreCompatible(Nested, z.array(z.string()))).toEqual({ compatible: false });
  });
});

describe('bare tuples', () => {
  it('does not let a bare tuple (any length) feed a one-item tuple', () => {
    const bare = z.tuple([z.unknown()], z.unknown());
    expect(ok(z.tuple([z.unknown()]), bare)).toBe(true);
    expect(ok(bare, z.tuple([z.unknown()]))).toBe(false);
  });
});
