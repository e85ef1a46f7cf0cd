/**
 * Python's `==`, the one definition the library uses wherever Haystack compares values: filter
 * `==`/`in`, template comparisons (`==`, `in`, the `eq` test, `unique`, `loop.changed`), and `Document`/`ChatMessage` equality (Haystack compares their
 * `to_dict()` with `==`).
 *
 * - `undefined` is Python's `None`, like `null`.
 * - Numbers, booleans and bigints compare by numeric value (`1 == True`, `2 ** 64 == 2n ** 64n`),
 *   exactly, as Python compares `int` with `float`; NaN equals nothing, itself included.
 * - Dates compare by instant; strings by content. A `String` object is a `str` subclass (a template's
 *   SafeString, a str-enum member such as `ChatRole.USER`): it compares as the text it holds.
 * - Lists (and typed arrays) element by element, dicts (plain objects) key by key in any order. As in
 *   CPython, an element identical to its counterpart counts as equal before `==` is asked, so a list
 *   holding one NaN object equals itself.
 * - Any other object equals only itself, or what its own `equals` method accepts.
 */
export function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  // valueOf from String.prototype reads the wrapped text even where a subclass overrides valueOf.
  if (a instanceof String) a = String.prototype.valueOf.call(a);
  if (b instanceof String) b = String.prototype.valueOf.call(b);
  if (a === null || b === null) return a === b;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && numbersEqual(na, nb);
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  const la = asList(a);
  const lb = asList(b);
  if (la !== undefined || lb !== undefined) {
    if (la === undefined || lb === undefined || la.length !== lb.length) return false;
    for (let i = 0; i < la.length; i++) if (!elementEquals(la[i], lb[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && elementEquals(a[k], b[k]));
  }
  if (a === b) return true;
  const own = (a as { equals?: unknown }).equals;
  return typeof own === 'function' && Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && (own as (o: unknown) => unknown).call(a, b) === true;
}

// CPython's container comparison (PyObject_RichCompareBool) takes identity as equality first.
function elementEquals(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || pythonEquals(a, b);
}

function numeric(value: unknown): number | bigint | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

function numbersEqual(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === typeof b) return a === b;
  // A bigint and a number: equal only when the number is that exact integer (no rounding of the bigint).
  const [big, num] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a as number];
  return Number.isInteger(num) && BigInt(num) === big;
}

function asList(value: unknown): ArrayLike<unknown> | undefined {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return value as unknown as ArrayLike<unknown>;
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
