/**
 * Python's `str()`/`repr()` for the values templates print. Haystack renders with Jinja2, which
 * calls `str(value)`: `None`, `True`, `['a', 1]`, `{'k': 'v'}`. Matching it keeps prompts
 * byte-identical to Haystack's and lets routers re-read rendered values as Python literals.
 */

/** Arrays that stand for Python tuples: they print as `(1, 2)` and `('a',)`. */
const TUPLES = new WeakSet<object>();

/** Marks `items` as a tuple (it prints with parentheses) and returns it. */
export function pyTupleOf<T extends unknown[]>(items: T): T {
  TUPLES.add(items);
  return items;
}

/** True for an array made by {@link pyTupleOf}. */
export function isPyTuple(value: unknown): boolean {
  return Array.isArray(value) && TUPLES.has(value);
}

/**
 * A member of a Python `str` enum (Haystack's `ChatRole.USER`): a string object whose characters are
 * the value (`'user'`, so string filters and `==` see the value) and which prints as `ChatRole.USER`.
 */
export class PyStrEnum extends String {
  readonly name: string;
  readonly value: string;
  readonly #className: string;
  constructor(className: string, name: string, value: string) {
    super(value);
    this.#className = className;
    this.name = name;
    this.value = value;
  }
  override toString(): string {
    return `${this.#className}.${this.name}`;
  }
  override valueOf(): string {
    return this.toString();
  }
  /** Python's `repr()`: `<ChatRole.USER: 'user'>`. */
  pyRepr(): string {
    return `<${this.toString()}: ${stringRepr(this.value)}>`;
  }
}

type ReprFn = (value: object, repr: (v: unknown) => string) => string;
const REPRS = new Map<object, ReprFn>();

/** Registers Python's `repr()` for instances of a class (`ChatMessage` prints as Haystack's dataclass). */
export function registerPythonRepr(prototype: object, repr: ReprFn): void {
  REPRS.set(prototype, repr);
}

/** Python `str(value)`. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof PyStrEnum) return value.toString();
  return pythonRepr(value);
}

/** Python `repr(value)` for JSON-like values; other objects use their own `toString`. */
export function pythonRepr(value: unknown, seen: Set<unknown> = new Set()): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity) return 'inf';
    if (value === -Infinity) return '-inf';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return stringRepr(value);
  if (typeof value === 'function') return `<function ${value.name || 'anonymous'}>`;
  if (typeof value !== 'object') return String(value);
  if (value instanceof PyStrEnum) return value.pyRepr();
  if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(value);
  try {
    const inner = (v: unknown): string => pythonRepr(v, seen);
    if (Array.isArray(value)) {
      const items = value.map(inner);
      if (!TUPLES.has(value)) return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
    const registered = REPRS.get(Object.getPrototypeOf(value) as object);
    if (registered !== undefined) return registered(value, inner);
    const part = contentPartRepr(value as Record<string, unknown>, inner);
    if (part !== undefined) return part;
    if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map((v) => pythonRepr(v, seen)).join(', ')}}`;
    if (value instanceof Map) {
      return `{${[...value].map(([k, v]) => `${pythonRepr(k, seen)}: ${pythonRepr(v, seen)}`).join(', ')}}`;
    }
    if (value instanceof Date) return value.toISOString();
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && proto !== Object.prototype) {
      // Class instances (Document, ChatMessage, SafeString) print themselves, as Python's __str__ does.
      const text = String(value);
      if (text !== '[object Object]') return text;
    }
    return `{${Object.entries(value)
      .map(([k, v]) => `${stringRepr(k)}: ${pythonRepr(v, seen)}`)
      .join(', ')}}`;
  } finally {
    seen.delete(value);
  }
}

/**
 * Haystack's chat content parts are dataclasses in Python (`ToolCall(tool_name='x', ...)`); here they
 * are frozen plain objects with a `type`. Printed as the dataclasses print.
 */
function contentPartRepr(part: Record<string, unknown>, repr: (v: unknown) => string): string | undefined {
  if (!Object.isFrozen(part) || Object.getPrototypeOf(part) !== Object.prototype) return undefined;
  const fields = (name: string, pairs: [string, unknown][]): string => `${name}(${pairs.map(([k, v]) => `${k}=${repr(v)}`).join(', ')})`;
  switch (part['type']) {
    case 'text':
      return fields('TextContent', [['text', part['text']]]);
    case 'tool_call':
      return fields('ToolCall', [['tool_name', part['toolName']], ['arguments', part['arguments']], ['id', part['id']], ['extra', part['extra']]]);
    case 'tool_call_result':
      return fields('ToolCallResult', [['result', part['result']], ['origin', part['origin']], ['error', part['error']]]);
    case 'reasoning':
      return fields('ReasoningContent', [['reasoning_text', part['reasoningText']], ['extra', part['extra']]]);
    default:
      return undefined;
  }
}

/** Python's `repr()` of a string: single quotes unless the text has one and no double quote. */
export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else {
      const code = ch.codePointAt(0) ?? 0;
      if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
  }
  return quote + out + quote;
}

/**
 * Python's `json.dumps(value)` (separators `, ` and `: `, non-ASCII kept), which Jinja's `tojson`
 * uses; Jinja additionally escapes `<`, `>`, `&`, `'` for HTML safety, and so do we.
 */
export function pythonJson(value: unknown, indent?: number): string {
  // Jinja's `tojson` is `json.dumps(value, sort_keys=True, indent=indent)`: keys sorted, non-ASCII escaped.
  const text = sortedJson(value, indent, '').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}

function sortedJson(value: unknown, indent: number | undefined, pad: string): string {
  if (value === undefined) return 'null';
  if (value instanceof PyStrEnum) return JSON.stringify(value.value);
  const inner = indent === undefined ? '' : pad + ' '.repeat(indent);
  const wrap = (open: string, items: string[], close: string): string =>
    items.length === 0
      ? open + close
      : indent === undefined
        ? `${open}${items.join(', ')}${close}`
        : `${open}\n${inner}${items.join(`,\n${inner}`)}\n${pad}${close}`;
  if (Array.isArray(value)) return wrap('[', value.map((v) => sortedJson(v, indent, inner)), ']');
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return wrap('{', entries.map(([k, v]) => `${JSON.stringify(k)}: ${sortedJson(v, indent, inner)}`), '}');
  }
  return JSON.stringify(value) ?? 'null';
}

/** Python's `json.dumps(value, ensure_ascii=False)`: separators `, ` and `: `. */
export function pythonJsonDumps(value: unknown): string {
  return compactJson(value);
}

function compactJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(compactJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined && typeof v !== 'function')
      .map(([k, v]) => `${JSON.stringify(k)}: ${compactJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
