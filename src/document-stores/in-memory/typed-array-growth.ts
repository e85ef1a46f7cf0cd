/**
 * Growth of the typed arrays behind the BM25 statistics and the posting lists: a copy at least
 * twice as long (so n appends cost O(n) copies), the new part filled. One helper instead of a
 * look-alike loop in every structure that keeps a growable Int32Array.
 */

type Growable = Int32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A copy of `array` with at least `minimum` elements (and at least twice its length); new elements are `fill`. */
export function grown<T extends Growable>(array: T, minimum: number, fill = 0): T {
  const make = array.constructor as new (length: number) => T;
  const next = new make(Math.max(minimum, array.length * 2, 4));
  next.set(array);
  if (fill !== 0) next.fill(fill, array.length);
  return next;
}

/** `array` itself when it holds `needed` elements, else {@link grown} to hold them. */
export function withRoom<T extends Growable>(array: T, needed: number, fill = 0): T {
  return needed <= array.length ? array : grown(array, needed, fill);
}
