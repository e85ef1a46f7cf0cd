/**
 * Jinja2's filters where nunjucks has none or a different one: `select`/`reject`/`selectattr`/
 * `rejectattr` with Jinja2's tests (nunjucks' `selectattr` ignores the test, so
 * `selectattr('score', 'gt', 1)` kept every item), `default(…, true)` and `select()` with Python
 * truthiness, `sum(attribute=…)`, `sort` and `dictsort` as Python sorts, `count`, `attr`, `format`,
 * `wordwrap`, `pprint`, `truncate`, `float`, `round`, `filesizeformat`, and tuples from `items` and
 * `dictsort`. Keyword arguments arrive as nunjucks' trailing `{ __keywords: true }` object.
 * Filters whose output can outgrow their input (`wordwrap`, `format`) check sizes before building.
 */
import { pythonEquals } from '../../python/equals.js';
import { TemplateError } from './errors.js';
import { pyPercentFormat } from './py-format.js';
import { pyList, pyStringValue, pyTruthy } from './py-runtime.js';
import { pyTupleOf, pythonRepr, pythonStr } from './python-format.js';
import { checkProjectedLength } from './render-budget.js';
import { safeMemberLookup } from './sandbox.js';

type Filter = (value: unknown, ...args: unknown[]) => unknown;
type Test = (value: unknown, ...args: unknown[]) => unknown;

interface Args {
  readonly positional: unknown[];
  readonly keywords: Record<string, unknown>;
}

function split(args: readonly unknown[]): Args {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && (last as { __keywords?: unknown }).__keywords === true) {
    const { __keywords: _ignored, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}

/** The argument at `index` or named `name`, else `fallback`. */
function arg(a: Args, index: number, name: string, fallback: unknown): unknown {
  if (index < a.positional.length) return a.positional[index];
  return Object.hasOwn(a.keywords, name) ? a.keywords[name] : fallback;
}

/** Reads a dotted `attribute` (integer parts index lists) through the sandbox's member lookup. */
function attributeOf(item: unknown, attribute: unknown): unknown {
  if (attribute === undefined || attribute === null) return item;
  return String(attribute)
    .split('.')
    .reduce<unknown>((value, part) => (value === undefined ? undefined : safeMemberLookup(value, /^\d+$/.test(part) ? Number(part) : part)), item);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function iterate(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : pyList(value);
}

/** Python's ordering for `sort`, `dictsort`, `min`, `max`: numbers, or strings (case-folded unless asked). */
function sortKey(value: unknown, caseSensitive: boolean): unknown {
  const text = pyStringValue(value);
  if (text !== undefined) return caseSensitive ? text : text.toLowerCase();
  return value;
}

function compare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const numeric = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';
  if ((numeric(a) && numeric(b)) || (typeof a === 'string' && typeof b === 'string')) {
    const x = a as number | string;
    const y = b as number | string;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new TemplateError("Template: '<' not supported between these values (TypeError in Jinja2).");
}

function makeTest(lookupTest: (name: string) => Test | undefined, a: Args, from: number): (v: unknown) => boolean {
  const name = a.positional[from];
  if (name === undefined) return pyTruthy;
  if (typeof name !== 'string') throw new TemplateError('Template: select/reject expect the name of a test.');
  const test = lookupTest(name);
  if (test === undefined) throw new TemplateError(`Template: no test named '${name}' (TemplateRuntimeError in Jinja2).`);
  const rest = a.positional.slice(from + 1);
  return (v) => test(v, ...rest) === true;
}

function textwrap(line: string, width: number, breakLong: boolean, breakOnHyphens: boolean): string[] {
  // textwrap's chunks: runs of whitespace, and words (split after hyphens between letters).
  const chunks: string[] = [];
  for (const piece of line.split(/(\s+)/)) {
    if (piece === '') continue;
    if (breakOnHyphens && !/\s/.test(piece)) chunks.push(...piece.split(/(?<=[^\W\d_]-)(?=[^\W\d_])/u));
    else chunks.push(piece);
  }
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const current: string[] = [];
    let length = 0;
    if ((chunks[chunks.length - 1] as string).trim() === '' && lines.length > 0) chunks.pop();
    while (chunks.length > 0) {
      const size = (chunks[chunks.length - 1] as string).length;
      if (length + size > width) break;
      current.push(chunks.pop() as string);
      length += size;
    }
    const next = chunks[chunks.length - 1];
    if (next !== undefined && next.length > width) {
      const room = Math.max(width - length, 1);
      if (breakLong) {
        current.push(next.slice(0, room));
        chunks[chunks.length - 1] = next.slice(room);
      } else if (current.length === 0) {
        current.push(chunks.pop() as string);
      }
    }
    if (current.length > 0 && (current[current.length - 1] as string).trim() === '') current.pop();
    if (current.length > 0) lines.push(current.join(''));
  }
  return lines;
}

/** pprint.pformat: dict keys sorted; values wider than 80 columns one item per line. */
function pformat(value: unknown, indent: number, width: number): string {
  const flat = pythonRepr(sortedDicts(value));
  if (flat.length + indent <= width) return flat;
  const pad = ' '.repeat(indent + 1);
  if (Array.isArray(value) && value.length > 0) {
    const [open, close] = pythonRepr(value).startsWith('(') ? ['(', ')'] : ['[', ']'];
    return open + value.map((v) => pformat(v, indent + 1, width)).join(`,\n${pad}`) + close;
  }
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pformat(v, indent + pythonRepr(k).length + 3, width)}`).join(`,\n${pad}`)}}`;
  }
  return flat;
}

function sortedDicts(value: unknown): unknown {
  if (Array.isArray(value)) {
    const mapped = value.map(sortedDicts);
    return pythonRepr(value).startsWith('(') ? pyTupleOf(mapped) : mapped;
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortedDicts(v)]));
  }
  return value;
}

function pyRound(x: number, precision: number): number {
  // Python's round(): to the nearest, ties to even, on the decimal value of the float.
  const factor = 10 ** precision;
  const scaled = x * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const tie = Math.abs(diff - 0.5) < 1e-9 && Number((x * factor).toPrecision(15)) === floor + 0.5;
  const rounded = tie ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  return Number((rounded / factor).toFixed(Math.max(0, precision)));
}

/** The filters above, given the environment's test table. */
export function pyFilters(lookupTest: (name: string) => Test | undefined): Record<string, Filter> {
  const selectLike = (keep: boolean) => (value: unknown, ...args: unknown[]) => {
    const test = makeTest(lookupTest, split(args), 0);
    return iterate(value).filter((item) => test(item) === keep);
  };
  const selectAttr = (keep: boolean) => (value: unknown, ...args: unknown[]) => {
    const a = split(args);
    const attribute = a.positional[0];
    if (typeof attribute !== 'string') throw new TemplateError('Template: selectattr/rejectattr expect an attribute name.');
    const test = makeTest(lookupTest, a, 1);
    return iterate(value).filter((item) => test(attributeOf(item, attribute)) === keep);
  };
  const length: Filter = (value) => {
    if (value === undefined) return 0;
    if (value === null) throw new TemplateError("Template: object of type 'NoneType' has no len() (TypeError in Jinja2).");
    const text = pyStringValue(value);
    if (text !== undefined) return /[\uD800-\uDFFF]/.test(text) ? [...text].length : text.length;
    if (Array.isArray(value)) return value.length;
    if (value instanceof Map || value instanceof Set) return value.size;
    if (isPlainObject(value)) return Object.keys(value).length;
    const size = (value as { length?: unknown }).length;
    if (typeof size === 'number') return size;
    throw new TemplateError('Template: this object has no len() (TypeError in Jinja2).');
  };
  const defaultFilter: Filter = (value, ...args) => {
    const a = split(args);
    const fallback = arg(a, 0, 'default_value', '');
    const boolean = pyTruthy(arg(a, 1, 'boolean', false));
    return value === undefined || (boolean && !pyTruthy(value)) ? fallback : value;
  };
  return {
    select: selectLike(true),
    reject: selectLike(false),
    selectattr: selectAttr(true),
    rejectattr: selectAttr(false),
    length,
    count: length,
    default: defaultFilter,
    d: defaultFilter,
    attr(value, ...args) {
      const name = args[0];
      if (typeof name !== 'string') throw new TemplateError('Template: attr() expects an attribute name.');
      // getattr only: a dict's keys are not attributes.
      if (isPlainObject(value)) return undefined;
      return safeMemberLookup(value, name);
    },
    sum(value, ...args) {
      const a = split(args);
      const attribute = arg(a, 0, 'attribute', null);
      let total = arg(a, 1, 'start', 0) as unknown;
      for (const item of iterate(value)) {
        const x = attributeOf(item, attribute);
        if (typeof x !== 'number' && typeof x !== 'boolean') throw new TemplateError("Template: sum() needs numbers (TypeError in Jinja2).");
        total = Number(total) + Number(x);
      }
      return total;
    },
    sort(value, ...args) {
      const a = split(args);
      const reverse = pyTruthy(arg(a, 0, 'reverse', false));
      const caseSensitive = pyTruthy(arg(a, 1, 'case_sensitive', false));
      const attribute = arg(a, 2, 'attribute', null);
      const items = [...iterate(value)];
      const keyed = items.map((item) => ({ item, key: sortKey(attributeOf(item, attribute), caseSensitive) }));
      keyed.sort((x, y) => compare(x.key, y.key) * (reverse ? -1 : 1));
      return keyed.map((k) => k.item);
    },
    dictsort(value, ...args) {
      const a = split(args);
      const caseSensitive = pyTruthy(arg(a, 0, 'case_sensitive', false));
      const by = arg(a, 1, 'by', 'key');
      const reverse = pyTruthy(arg(a, 2, 'reverse', false));
      if (!isPlainObject(value)) throw new TemplateError('Template: dictsort expects a dict.');
      const index = by === 'value' ? 1 : 0;
      const pairs = Object.entries(value).map((pair) => pyTupleOf(pair));
      pairs.sort((x, y) => compare(sortKey(x[index], caseSensitive), sortKey(y[index], caseSensitive)) * (reverse ? -1 : 1));
      return pairs;
    },
    items(value) {
      if (value === undefined) return [];
      if (!isPlainObject(value)) throw new TemplateError('Template: items() expects a mapping (TypeError in Jinja2).');
      return Object.entries(value).map((pair) => pyTupleOf(pair));
    },
    list(value) {
      return [...iterate(value)];
    },
    format(value, ...args) {
      const a = split(args);
      const hasKeywords = Object.keys(a.keywords).length > 0;
      if (hasKeywords && a.positional.length > 0) throw new TemplateError("Template: format() can't mix positional and keyword arguments (FilterArgumentError in Jinja2).");
      return pyPercentFormat(pythonStr(value), hasKeywords ? a.keywords : pyTupleOf(a.positional));
    },
    wordwrap(value, ...args) {
      const a = split(args);
      const width = Number(arg(a, 0, 'width', 79));
      const breakLong = pyTruthy(arg(a, 1, 'break_long_words', true));
      const wrapstring = arg(a, 2, 'wrapstring', null);
      const breakOnHyphens = pyTruthy(arg(a, 3, 'break_on_hyphens', true));
      if (!Number.isInteger(width) || width <= 0) throw new TemplateError(`Template: wordwrap(): invalid width ${width} (ValueError in Jinja2).`);
      const text = pythonStr(value);
      const sep = wrapstring === null || wrapstring === undefined ? '\n' : pythonStr(wrapstring);
      // Every line break may become `sep`: bound the result before wrapping.
      checkProjectedLength(text.length * (1 + sep.length), "filter 'wordwrap'");
      return text
        .split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)
        .map((line) => textwrap(line, width, breakLong, breakOnHyphens).join(sep))
        .join(sep);
    },
    pprint(value) {
      return pformat(value, 0, 80);
    },
    truncate(value, ...args) {
      const a = split(args);
      const s = pythonStr(value);
      const length = Number(arg(a, 0, 'length', 255));
      const killwords = pyTruthy(arg(a, 1, 'killwords', false));
      const end = pythonStr(arg(a, 2, 'end', '...'));
      const leeway = Number(arg(a, 3, 'leeway', 5) ?? 5);
      if (length < end.length) throw new TemplateError(`Template: truncate(): expected length >= ${end.length}, got ${length}.`);
      if (s.length <= length + leeway) return s;
      if (killwords) return s.slice(0, length - end.length) + end;
      const head = s.slice(0, length - end.length);
      const space = head.lastIndexOf(' ');
      return (space === -1 ? head : head.slice(0, space)) + end;
    },
    float(value, ...args) {
      const fallback = arg(split(args), 0, 'default', 0.0);
      const n = typeof value === 'number' ? value : Number.parseFloat(pythonStr(value));
      return Number.isNaN(n) && !(typeof value === 'number') ? fallback : n;
    },
    round(value, ...args) {
      const a = split(args);
      const precision = Number(arg(a, 0, 'precision', 0));
      const method = arg(a, 1, 'method', 'common');
      const x = Number(value);
      const factor = 10 ** precision;
      if (method === 'ceil') return Math.ceil(x * factor) / factor;
      if (method === 'floor') return Math.floor(x * factor) / factor;
      if (method !== 'common') throw new TemplateError("Template: round(): method must be 'common', 'ceil' or 'floor' (FilterArgumentError in Jinja2).");
      return pyRound(x, precision);
    },
    filesizeformat(value, ...args) {
      const binary = pyTruthy(arg(split(args), 0, 'binary', false));
      const bytes = Number(value);
      const base = binary ? 1024 : 1000;
      const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
      if (bytes === 1) return '1 Byte';
      if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
      let unit = base;
      let prefix = prefixes[0] as string;
      for (let i = 0; i < prefixes.length; i++) {
        unit = base ** (i + 2);
        prefix = prefixes[i] as string;
        if (bytes < unit) break;
      }
      return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
    },
    // nunjucks' versions call String(value), which for a ChatRole member is 'ChatRole.USER'.
    upper(value) {
      return value === undefined ? '' : (pyStringValue(value) ?? pythonStr(value)).toUpperCase();
    },
    lower(value) {
      return value === undefined ? '' : (pyStringValue(value) ?? pythonStr(value)).toLowerCase();
    },
    string(value) {
      return value === undefined ? '' : pythonStr(value);
    },
  };
}

/** Jinja2's tests with Python's comparison semantics (nunjucks' use `===`), plus `in`, `integer`, `float`. */
export function pyTests(): Record<string, Test> {
  const order = (a: unknown, b: unknown): number => compare(a, b);
  return {
    eq: (a, b) => pythonEquals(a, b),
    equalto: (a, b) => pythonEquals(a, b),
    '==': (a, b) => pythonEquals(a, b),
    ne: (a, b) => !pythonEquals(a, b),
    '!=': (a, b) => !pythonEquals(a, b),
    gt: (a, b) => order(a, b) > 0,
    greaterthan: (a, b) => order(a, b) > 0,
    '>': (a, b) => order(a, b) > 0,
    ge: (a, b) => order(a, b) >= 0,
    '>=': (a, b) => order(a, b) >= 0,
    lt: (a, b) => order(a, b) < 0,
    lessthan: (a, b) => order(a, b) < 0,
    '<': (a, b) => order(a, b) < 0,
    le: (a, b) => order(a, b) <= 0,
    '<=': (a, b) => order(a, b) <= 0,
    in: (a, seq) => {
      if (Array.isArray(seq)) return seq.some((x) => pythonEquals(x, a));
      const text = pyStringValue(seq);
      if (text !== undefined) return typeof a === 'string' && text.includes(a);
      if (isPlainObject(seq)) return typeof a === 'string' && Object.hasOwn(seq, a);
      return false;
    },
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    string: (v) => pyStringValue(v) !== undefined,
    sequence: (v) => Array.isArray(v) || pyStringValue(v) !== undefined || isPlainObject(v),
  };
}
