/**
 * Differential check against Haystack itself: haystack-oracle.json holds the verdict of Haystack's
 * `_types_are_compatible` (3.x) for every ordered pair of 59 types (3,481 pairs). haystack-ts must
 * give the same verdict for each pair, except the listed differences, each tied to an entry of
 * docs/types.md "Differences from Haystack".
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { typesAreCompatible } from '../../../src/index.js';

type TypeExpr = string | [string, ...TypeExpr[]];
interface Oracle {
  codes: Record<string, string>;
  types: TypeExpr[];
  verdicts: string[];
  differences: { sender: number; receiver: number; haystack: string; ours: string; reason: string }[];
}

const oracle = JSON.parse(readFileSync(new URL('./haystack-oracle.json', import.meta.url), 'utf8')) as Oracle;

class A {}
class B extends A {}
class Doc {}

const NAMED: Record<string, () => z.ZodType> = {
  str: () => z.string(),
  int: () => z.int(),
  float: () => z.number(),
  bool: () => z.boolean(),
  Any: () => z.any(),
  A: () => z.instanceof(A),
  B: () => z.instanceof(B),
  CM: () => z.instanceof(ChatMessage),
  Doc: () => z.instanceof(Doc),
};

/** The zod schema docs/types.md maps each Python type to (`Optional[T]` as `T | null`, as the serializer does). */
function toSchema(t: TypeExpr): z.ZodType {
  if (typeof t === 'string') {
    const make = NAMED[t];
    if (make === undefined) throw new Error(`unknown type ${t}`);
    return make();
  }
  const [kind, ...args] = t;
  const schemas = () => args.map((a) => toSchema(a));
  switch (kind) {
    case 'list':
      return z.array(toSchema(args[0] as TypeExpr));
    case 'opt':
      return toSchema(args[0] as TypeExpr).nullable();
    case 'union':
      return z.union(schemas());
    case 'lit':
      return z.literal(args as string[]);
    case 'dict':
      return z.record(toSchema(args[0] as TypeExpr) as z.ZodString, toSchema(args[1] as TypeExpr));
    case 'set':
      return z.set(toSchema(args[0] as TypeExpr));
    case 'tuple':
      return z.tuple(schemas() as [z.ZodType, ...z.ZodType[]]);
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

// Built once: zod schemas are not cheap to make, and 3,481 pairs would build 7,000 of them. A type is
// compared with itself through a second, equal schema, so identity never decides a pair.
const senders = oracle.types.map(toSchema);
const receivers = oracle.types.map(toSchema);

function ours(i: number, j: number): string {
  const result = typesAreCompatible(senders[i] as z.ZodType, receivers[j] as z.ZodType);
  return result.compatible ? (result.conversion ?? 'strict') : 'incompatible';
}

/** Each reason is one entry of docs/types.md "Differences from Haystack". */
const REASONS: Record<string, string> = {
  'union-as-set': '1. Unions compare as sets, not by position',
  'literal-in-primitive': '2. Literals compare as sets too, and fit their primitive type',
  'int-in-number': '3. int → float is accepted',
  'bool-not-int': '4. bool → int is rejected',
  tuple: '5. Tuples must have the same length / a tuple fits an array',
  'accepts-anything': '6. A receiver that accepts everything accepts any',
};

const label = (t: TypeExpr): string => JSON.stringify(t);
const key = (i: number, j: number) => `${i}→${j}`;
const differences = new Map(oracle.differences.map((d) => [key(d.sender, d.receiver), d]));

describe("agreement with Haystack's own type checker", () => {
  it('covers every ordered pair of the oracle types', () => {
    expect(oracle.verdicts).toHaveLength(oracle.types.length);
    for (const row of oracle.verdicts) expect(row).toHaveLength(oracle.types.length);
    expect(oracle.types.length ** 2).toBe(3481);
  });

  it('gives Haystack 3.x verdict for every pair outside the documented differences', () => {
    const mismatches: string[] = [];
    oracle.types.forEach((sender, i) => {
      oracle.types.forEach((receiver, j) => {
        if (differences.has(key(i, j))) return;
        const expected = oracle.codes[(oracle.verdicts[i] as string)[j] as string];
        const got = ours(i, j);
        if (got !== expected) mismatches.push(`${label(sender)} → ${label(receiver)}: Haystack ${expected}, here ${got}`);
      });
    });
    expect(mismatches).toEqual([]);
  });

  it.each(oracle.differences.map((d) => [label(oracle.types[d.sender]!), label(oracle.types[d.receiver]!), d] as const))(
    '%s → %s differs on purpose',
    (_s, _r, d) => {
      expect(oracle.codes[(oracle.verdicts[d.sender] as string)[d.receiver] as string]).toBe(d.haystack);
      expect(ours(d.sender, d.receiver)).toBe(d.ours);
      expect(d.ours).not.toBe(d.haystack);
      expect(Object.keys(REASONS)).toContain(d.reason);
    },
  );
});
