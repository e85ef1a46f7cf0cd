/**
 * The JavaScript equivalent of Python's `ast.literal_eval`, which `ConditionalRouter` and
 * `OutputAdapter` apply to rendered templates: a template renders values the way Python's `str()`
 * prints them (`[1, 'a']`, `True`, `None`), and parsing the text back yields values again.
 *
 * Accepted, exactly as Python parses them (anything else is a {@link PythonLiteralError}):
 *
 * | Python text                            | JavaScript value                               |
 * |----------------------------------------|------------------------------------------------|
 * | `123`, `-5`, `1_000`, `0x1F`, `0o17`, `0b101` | number (integers beyond 2^53 lose precision) |
 * | `1.5`, `.5`, `5.`, `1e3`, `-2.5E-3`    | number (`1.0` becomes `1`: JS has one number type) |
 * | `'a'`, `"a"`, `'''a'''`, `r'\d'`, `u'a'`, `'a' 'b'` (concatenated) | string, escapes decoded |
 * | `b'ab'`                                | `Uint8Array`                                   |
 * | `True`, `False`, `None`                | `true`, `false`, `null`                        |
 * | `[1, 2]`                               | array                                          |
 * | `(1, 2)`, `1, 2`, `(1,)`, `()`         | array (tuples have no JS equivalent)           |
 * | `{'k': 1}`                             | plain object (str/int/float/bool/None keys become strings: `1` → `'1'`, `True` → `'True'`) |
 * | `{1, 2}`, `set()`                      | `Set`                                          |
 *
 * Not literals, as in Python: names (`hello`, `inf`, `nan`), calls other than `set()`, operators
 * (`1 + 2`), f-strings, complex numbers (`1j`, unsupported here), and decimal integers with
 * leading zeros (`007`). So `"hello world"` and `"00123"` stay strings while `"123"` becomes 123
 * and `"1,000"` becomes the tuple `[1, 0]` (see `ConditionalRouter` for how a `str` output type
 * avoids that). Leading spaces and tabs are ignored, as `literal_eval` does.
 */
import { HaystackError, named } from '../errors.js';

/** The text is not a Python literal. */
export class PythonLiteralError extends HaystackError {
  static {
    named(this, 'PythonLiteralError');
  }
}

const MAX_NESTING = 100;

/**
 * Parses a Python literal (see the module table).
 *
 * @throws PythonLiteralError when `text` is not a literal.
 * @example
 * parsePythonLiteral("['a', 1, None]"); // ['a', 1, null]
 */
export function parsePythonLiteral(text: string): unknown {
  return new LiteralParser(text.replace(/^[ \t]+/, '')).parseAll();
}

/** `{ ok: true, value }` for a literal, `{ ok: false }` otherwise. */
export function tryParsePythonLiteral(text: string): { ok: true; value: unknown } | { ok: false; error: PythonLiteralError } {
  try {
    return { ok: true, value: parsePythonLiteral(text) };
  } catch (error) {
    if (error instanceof PythonLiteralError) return { ok: false, error };
    throw error;
  }
}

/** Python's truthiness: `None`, `False`, `0`, `''`, and empty lists, dicts, sets and bytes are false. */
export function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value) || value instanceof Uint8Array) return value.length > 0;
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value).length > 0;
  return true;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

class LiteralParser {
  #pos = 0;
  #depth = 0;
  constructor(readonly text: string) {}

  parseAll(): unknown {
    this.#space();
    if (this.#pos >= this.text.length) this.#fail('empty input');
    const value = this.#tupleOrExpr();
    this.#space();
    if (this.#pos < this.text.length) this.#fail(`unexpected '${this.text[this.#pos]}'`);
    return value;
  }

  #fail(why: string): never {
    throw new PythonLiteralError(`parsePythonLiteral: not a Python literal (${why} at position ${this.#pos}).`);
  }

  #space(): void {
    while (this.#pos < this.text.length) {
      const c = this.text[this.#pos] as string;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.#pos++;
      else if (c === '\\' && this.text[this.#pos + 1] === '\n') this.#pos += 2;
      else break;
    }
  }

  #peek(): string | undefined {
    return this.text[this.#pos];
  }

  /** An expression, or a tuple when a comma follows (`1, 2` and `1,` are tuples in Python). */
  #tupleOrExpr(): unknown {
    const first = this.#expr();
    this.#space();
    if (this.#peek() !== ',') return first;
    const items = [first];
    while (this.#peek() === ',') {
      this.#pos++;
      this.#space();
      if (this.#pos >= this.text.length) break;
      items.push(this.#expr());
      this.#space();
    }
    return items;
  }

  #nested<T>(parse: () => T): T {
    if (++this.#depth > MAX_NESTING) this.#fail(`nesting deeper than ${MAX_NESTING}`);
    try {
      return parse();
    } finally {
      this.#depth--;
    }
  }

  #expr(): unknown {
    this.#space();
    const c = this.#peek();
    if (c === undefined) this.#fail('unexpected end');
    if (c === '+' || c === '-') {
      this.#pos++;
      this.#space();
      // literal_eval allows a sign only directly on a number.
      const n = this.#number();
      if (n === undefined) this.#fail('a sign must be followed by a number');
      return c === '-' ? -n : n;
    }
    if (c === '[') return this.#nested(() => this.#list());
    if (c === '(') return this.#nested(() => this.#paren());
    if (c === '{') return this.#nested(() => this.#braces());
    const n = this.#number();
    if (n !== undefined) return n;
    if (c === '.') this.#fail('unexpected .');
    const str = this.#strings();
    if (str !== undefined) return str;
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.#pos))?.[0];
    if (name === undefined) this.#fail(`unexpected '${c}'`);
    this.#pos += name.length;
    if (name === 'True') return true;
    if (name === 'False') return false;
    if (name === 'None') return null;
    if (name === 'set') {
      this.#space();
      if (this.text.startsWith('(', this.#pos)) {
        this.#pos++;
        this.#space();
        if (this.#peek() === ')') {
          this.#pos++;
          return new Set();
        }
      }
    }
    return this.#fail(`'${name}' is a name, not a literal`);
  }

  #list(): unknown[] {
    this.#pos++;
    const items: unknown[] = [];
    for (;;) {
      this.#space();
      if (this.#peek() === ']') {
        this.#pos++;
        return items;
      }
      items.push(this.#expr());
      this.#space();
      const c = this.#peek();
      if (c === ',') this.#pos++;
      else if (c !== ']') this.#fail("expected ',' or ']'");
    }
  }

  #paren(): unknown {
    this.#pos++;
    this.#space();
    if (this.#peek() === ')') {
      this.#pos++;
      return [];
    }
    const first = this.#expr();
    this.#space();
    if (this.#peek() === ')') {
      this.#pos++;
      return first;
    }
    const items = [first];
    while (this.#peek() === ',') {
      this.#pos++;
      this.#space();
      if (this.#peek() === ')') break;
      items.push(this.#expr());
      this.#space();
    }
    if (this.#peek() !== ')') this.#fail("expected ')'");
    this.#pos++;
    return items;
  }

  #braces(): unknown {
    this.#pos++;
    this.#space();
    if (this.#peek() === '}') {
      this.#pos++;
      return {};
    }
    const first = this.#expr();
    this.#space();
    if (this.#peek() === ':') return this.#dictFrom(first);
    const set = new Set<unknown>([hashable(first, this)]);
    for (;;) {
      this.#space();
      const c = this.#peek();
      if (c === '}') {
        this.#pos++;
        return set;
      }
      if (c !== ',') this.#fail("expected ',' or '}'");
      this.#pos++;
      this.#space();
      if (this.#peek() === '}') continue;
      set.add(hashable(this.#expr(), this));
    }
  }

  #dictFrom(firstKey: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let key = firstKey;
    for (;;) {
      this.#pos++; // the ':'
      const value = this.#expr();
      // defineProperty: a key named `__proto__` becomes an own property instead of a prototype change.
      Object.defineProperty(out, dictKey(key, this), { value, enumerable: true, writable: true, configurable: true });
      this.#space();
      if (this.#peek() === '}') {
        this.#pos++;
        return out;
      }
      if (this.#peek() !== ',') this.#fail("expected ',' or '}'");
      this.#pos++;
      this.#space();
      if (this.#peek() === '}') {
        this.#pos++;
        return out;
      }
      key = this.#expr();
      this.#space();
      if (this.#peek() !== ':') this.#fail("expected ':'");
    }
  }

  failWith(why: string): never {
    return this.#fail(why);
  }

  #number(): number | undefined {
    const rest = this.text.slice(this.#pos);
    const radix = /^0([xXoObB])(_?[0-9a-fA-F])+/.exec(rest);
    if (radix) {
      const kind = radix[1]?.toLowerCase() as 'x' | 'o' | 'b';
      const base = { x: 16, o: 8, b: 2 }[kind];
      const digits = radix[0].slice(2).replace(/_/g, '');
      const valid = { x: /^[0-9a-fA-F]+$/, o: /^[0-7]+$/, b: /^[01]+$/ }[kind];
      if (!valid.test(digits)) this.#fail('invalid digit in number');
      this.#pos += radix[0].length;
      this.#noTrailingNameChar();
      return parseInt(digits, base);
    }
    const digits = '[0-9](?:_?[0-9])*';
    const float = new RegExp(`^(?:(?:${digits})?\\.${digits}|${digits}\\.?)(?:[eE][+-]?${digits})?`).exec(rest);
    if (!float) return undefined;
    const literal = float[0];
    const isInteger = /^[0-9_]+$/.test(literal);
    if (isInteger && /^0[0-9_]*[1-9]/.test(literal)) this.#fail('leading zeros in a decimal integer literal are not permitted');
    this.#pos += literal.length;
    if (/^[jJ]/.test(this.text.slice(this.#pos))) this.#fail('complex numbers are not supported');
    this.#noTrailingNameChar();
    return Number(literal.replace(/_/g, ''));
  }

  #noTrailingNameChar(): void {
    if (/^[A-Za-z0-9_]/.test(this.text.slice(this.#pos))) this.#fail('invalid number literal');
  }

  /** One or more adjacent string literals, concatenated; undefined if no string starts here. */
  #strings(): string | Uint8Array | undefined {
    const first = this.#string();
    if (first === undefined) return undefined;
    let text = first.text;
    for (;;) {
      const save = this.#pos;
      this.#space();
      const next = this.#string();
      if (next === undefined) {
        this.#pos = save;
        break;
      }
      if (next.bytes !== first.bytes) this.#fail('cannot mix bytes and nonbytes literals');
      text += next.text;
    }
    if (!first.bytes) return text;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  #string(): { text: string; bytes: boolean } | undefined {
    const prefix = /^([rRuUbBfF]{0,2})(['"])/.exec(this.text.slice(this.#pos));
    if (!prefix) return undefined;
    const flags = (prefix[1] ?? '').toLowerCase();
    if (!['', 'r', 'u', 'b', 'br', 'rb'].includes(flags)) {
      if (flags.includes('f')) this.#fail('f-strings are not literals');
      this.#fail(`invalid string prefix '${prefix[1]}'`);
    }
    const raw = flags.includes('r');
    const bytes = flags.includes('b');
    this.#pos += (prefix[1] ?? '').length;
    const quote = this.text.startsWith((prefix[2] as string).repeat(3), this.#pos) ? (prefix[2] as string).repeat(3) : (prefix[2] as string);
    this.#pos += quote.length;
    let out = '';
    for (;;) {
      if (this.#pos >= this.text.length) this.#fail('unterminated string literal');
      if (this.text.startsWith(quote, this.#pos)) {
        this.#pos += quote.length;
        return { text: out, bytes };
      }
      const c = this.text[this.#pos] as string;
      if ((c === '\n' || c === '\r') && quote.length === 1) this.#fail('unterminated string literal');
      if (bytes && c.charCodeAt(0) > 0x7f) this.#fail('bytes can only contain ASCII literal characters');
      if (c !== '\\') {
        out += c;
        this.#pos++;
        continue;
      }
      const next = this.text[this.#pos + 1];
      if (next === undefined) this.#fail('unterminated string literal');
      if (raw) {
        // A raw string keeps the backslash; it still cannot end on an escaped quote.
        out += c + next;
        this.#pos += 2;
        continue;
      }
      out += this.#escape(next, bytes);
    }
  }

  #escape(next: string, bytes: boolean): string {
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.#pos += 2;
      return simple;
    }
    const octal = /^[0-7]{1,3}/.exec(this.text.slice(this.#pos + 1));
    if (octal) {
      this.#pos += 1 + octal[0].length;
      return String.fromCharCode(parseInt(octal[0], 8));
    }
    const hexLength = next === 'x' ? 2 : !bytes && next === 'u' ? 4 : !bytes && next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = this.text.slice(this.#pos + 2, this.#pos + 2 + hexLength);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) this.#fail(`truncated \\${next} escape`);
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) this.#fail('illegal Unicode character');
      this.#pos += 2 + hexLength;
      return String.fromCodePoint(code);
    }
    if (!bytes && next === 'N') this.#fail('\\N{...} escapes are not supported');
    // Unknown escapes keep the backslash, as in Python.
    this.#pos += 2;
    return `\\${next}`;
  }
}

function hashable(value: unknown, parser: LiteralParser): unknown {
  if (value !== null && typeof value === 'object') parser.failWith('unhashable value in a set');
  return value;
}

function dictKey(key: unknown, parser: LiteralParser): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (key === true) return 'True';
  if (key === false) return 'False';
  if (key === null) return 'None';
  return parser.failWith('dict keys must be strings, numbers, booleans or None');
}
