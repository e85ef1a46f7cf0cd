import { z } from 'zod';
import { typesAreCompatible } from '../../../src/index.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';

/**
 * Python types of Haystack's type tests, as the zod schemas docs/types.md maps them to.
 * `str`, `int`, `float` ... name the Python type each schema stands for.
 */
export class Class1 {
  readonly one = 1;
}
export class Class2 {
  readonly two = 2;
}
export class Class3 extends Class1 {
  readonly three = 3;
}
/** Stand-ins for Haystack dataclasses other than ChatMessage (owned by other layers). */
export class Document {
  constructor(readonly content: string) {}
}
export class GeneratedAnswer {}
export class ByteStream {}
export class Path {}

export const str = () => z.string();
export const int = () => z.number().int();
export const float = () => z.number();
export const bool = () => z.boolean();
export const bytes = () => z.instanceof(Uint8Array);
export const any = () => z.any();
/** Python's `complex`: a kind none of the other schemas accept, used as "some other union member". */
export const complex = () => z.bigint();
export const cls = <C extends abstract new (...args: never[]) => unknown>(c: C) => z.instanceof(c as never);
export const chatMessage = () => z.instanceof(ChatMessage);
export const document = () => z.instanceof(Document);
/** Python's bare `list` and `list[Any]`: zod has no bare array, `z.array(z.unknown())` is both. */
export const list = (item: z.ZodType = z.unknown()) => z.array(item);
/** Python's bare `dict` and `dict[K, V]`. */
export const dict = (key: z.ZodType = z.string(), value: z.ZodType = z.unknown()) =>
  z.record(key as z.ZodString, value);
/** `Mapping[K, V]` (any key type, keys may be `Any`). */
export const mapping = (key: z.ZodType = z.unknown(), value: z.ZodType = z.unknown()) => z.map(key, value);
export const set = (item: z.ZodType = z.unknown()) => z.set(item);
/** `Sequence[T]`: a read-only array. */
export const sequence = (item: z.ZodType = z.unknown()) => z.array(item).readonly();
/** `tuple[A, B]`; the bare `tuple` is `tuple[Any, ...]`. */
export const tuple = (...items: z.ZodType[]) =>
  items.length === 0 ? z.tuple([] as unknown as [z.ZodType], z.unknown()) : z.tuple(items as [z.ZodType, ...z.ZodType[]]);
export const optional = (t: z.ZodType) => t.optional();
export const nullable = (t: z.ZodType) => t.nullable();
export const union = (...members: z.ZodType[]) => z.union(members);
export const literal = (...values: string[]) =>
  values.length === 1 ? z.literal(values[0] as string) : z.enum(values as [string, ...string[]]);

/** `'strict'`, the conversion strategy, or `'incompatible'`: one word per truth-table cell. */
export function verdict(sender: z.ZodType, receiver: z.ZodType): string {
  const result = typesAreCompatible(sender, receiver);
  if (!result.compatible) return 'incompatible';
  return result.conversion ?? 'strict';
}
