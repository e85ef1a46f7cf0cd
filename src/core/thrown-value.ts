import { inspect } from 'node:util';

/** Longest rendering of a thrown value kept in an error message. */
export const MAX_THROWN_TEXT = 500;

/**
 * What a thrown value says, for an error message: an `Error`'s message, else a bounded
 * `util.inspect` rendering (a plain object, a string, `undefined`), so that a component throwing
 * `{ code: 42 }` is reported as such rather than as `[object Object]`. Never throws: a value whose
 * inspection fails (a hostile Proxy) is described by its type.
 */
export function describeThrown(value: unknown): string {
  let text: string;
  try {
    if (value instanceof Error) return String(value.message);
    text = inspect(value, { depth: 2, breakLength: Infinity, maxArrayLength: 20, maxStringLength: MAX_THROWN_TEXT, customInspect: false });
  } catch {
    text = `<uninspectable ${typeof value}>`;
  }
  return text.length > MAX_THROWN_TEXT ? `${text.slice(0, MAX_THROWN_TEXT)}… (${text.length - MAX_THROWN_TEXT} more characters)` : text;
}
