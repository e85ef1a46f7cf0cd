/**
 * The "got Y" of every "expected X, got Y" message: one wording for a value wherever the library
 * reports one, so `'yes'` reads the same from a pipeline option, a store option or a component's.
 *
 * - `null`, `undefined`, numbers, booleans and bigints as written in code: `0`, `true`, `NaN`, `3n`.
 * - A string quoted, its control characters escaped and anything past 60 characters cut (`'yes'`);
 *   with `hideText` only its kind (`a string`), for a field whose text may be a secret.
 * - `an array`, `an object` (a plain object), `an instance of Map`, `class Foo`, `a function`.
 */

const MAX_TEXT = 60;

/** Options of {@link describeValue}. */
export interface DescribeOptions {
  /**
   * Say `a string` instead of quoting it: for a field that should have held a `Secret`, whose
   * string is then the secret itself.
   * @default false
   */
  readonly hideText?: boolean;
}

/**
 * How an error message names a value it did not expect.
 *
 * @example `expected 'shared' to be a boolean, got ${describeValue(shared)}.` // got 'yes'.
 */
export function describeValue(value: unknown, options: DescribeOptions = {}): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return options.hideText === true ? 'a string' : quote(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return isClass(value) ? `class ${value.name || '(anonymous)'}` : 'a function';
    default:
      break;
  }
  try {
    if (Array.isArray(value)) return 'an array';
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
    if (proto === null || proto === Object.prototype) return 'an object';
    const name = proto.constructor?.name;
    return typeof name === 'string' && name !== '' ? `an instance of ${name}` : 'an object';
  } catch {
    // A revoked proxy or a throwing `constructor` getter: the message must still be built.
    return 'an object';
  }
}

function quote(text: string): string {
  const cut = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  // JSON's escapes (\n, \", \u0000) keep the message on one line; the quotes are Python's.
  return `'${JSON.stringify(cut).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}
