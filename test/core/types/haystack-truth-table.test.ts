/**
 * Haystack 2.31's executed truth table (core spec §2.4), row by row, on the zod mapping of
 * docs/types.md. Rows where haystack-ts deliberately differs say so and assert the new verdict.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  any,
  bool,
  chatMessage,
  Class1,
  Class3,
  cls,
  dict,
  document,
  float,
  int,
  list,
  literal,
  nullable,
  optional,
  str,
  union,
  verdict,
} from './fixtures.js';

type Row = readonly [label: string, sender: z.ZodType, receiver: z.ZodType, expected: string];

const A = () => cls(Class1);
const B = () => cls(Class3); // B extends A

const strictRows: Row[] = [
  ['int → Optional[int]', int(), optional(int()), 'strict'],
  ['int → Any', int(), any(), 'strict'],
  ['B → A (B subclass of A)', B(), A(), 'strict'],
  ['list[int] → list', list(int()), list(), 'strict'],
  ['list[int] → list[Any]', list(int()), list(any()), 'strict'],
  ['dict[str, int] → dict', dict(str(), int()), dict(), 'strict'],
  ['dict[str, int] → dict[str, Any]', dict(str(), int()), dict(str(), any()), 'strict'],
  ['list[int] → list[int] | None', list(int()), nullable(list(int())), 'strict'],
  ["Literal['a'] → Literal['a', 'b']", literal('a'), literal('a', 'b'), 'strict'],
  ['Union[str, int] → Union[int, str]', union(str(), int()), union(int(), str()), 'strict'],
];

const conversionRows: Row[] = [
  ['str → list[str]', str(), list(str()), 'wrap'],
  ['Document → list[Document]', document(), list(document()), 'wrap'],
  ['ChatMessage → list[str] | list[ChatMessage]', chatMessage(), union(list(str()), list(chatMessage())), 'wrap'],
  ['list[str] → str', list(str()), str(), 'unwrap'],
  ['list[ChatMessage] → ChatMessage', list(chatMessage()), chatMessage(), 'unwrap'],
];

const incompatibleRows: Row[] = [
  ['Optional[int] → int', optional(int()), int(), 'incompatible'],
  ['Any → int', any(), int(), 'incompatible'],
  ['A → B', A(), B(), 'incompatible'],
  ['list → list[int]', list(), list(int()), 'incompatible'],
  ['list[Any] → list[int]', list(any()), list(int()), 'incompatible'],
  ['dict → dict[str, int]', dict(), dict(str(), int()), 'incompatible'],
  ['list[int] → int', list(int()), int(), 'incompatible'],
  ['list[Document] → Document', list(document()), document(), 'incompatible'],
  ['list[ChatMessage] → list[str]', list(chatMessage()), list(str()), 'incompatible'],
  ['list[list[str]] → list[str]', list(list(str())), list(str()), 'incompatible'],
];

/** Rows of the table whose verdict haystack-ts changes on purpose (docs/types.md, "Differences from Haystack"). */
const differentRows: (readonly [...Row, haystack: string])[] = [
  // JavaScript has no bool ⊂ int: `true` is not a number.
  ['bool → int', bool(), int(), 'incompatible', 'strict'],
  // Every integer is a number: Python's float → int stays rejected, int → float is accepted.
  ['int → float', int(), float(), 'strict', 'incompatible'],
  // A literal belongs to its primitive type, as in TypeScript.
  ["Literal['a'] → str", literal('a'), str(), 'strict', 'incompatible'],
  // Unions compare as sets, not position by position.
  ['Union[str, int] → Union[int, str, float]', union(str(), int()), union(int(), str(), float()), 'strict', 'incompatible'],
];

describe("Haystack's executed truth table", () => {
  it.each(strictRows)('%s is strictly compatible', (_label, sender, receiver, expected) => {
    expect(verdict(sender, receiver)).toBe(expected);
  });

  it.each(conversionRows)('%s converts', (_label, sender, receiver, expected) => {
    expect(verdict(sender, receiver)).toBe(expected);
  });

  it.each(incompatibleRows)('%s is rejected', (_label, sender, receiver, expected) => {
    expect(verdict(sender, receiver)).toBe(expected);
  });

  it.each(differentRows)('%s: %s here (deliberately; Haystack says %s)', (_label, sender, receiver, expected, haystack) => {
    expect(verdict(sender, receiver)).toBe(expected);
    expect(expected).not.toBe(haystack);
  });
});
