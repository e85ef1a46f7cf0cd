/**
 * Python's two string formatting languages, as templates use them: `'%s-%d' % ('a', 3)` (and the
 * `format` filter, which is the same) and `'{0}: {name:>5}'.format(...)`. Widths and precisions are
 * size-checked before padding, so `'%999999999s'` is a limit error rather than an allocation.
 */
import { TemplateError } from './errors.js';
import { isPyTuple, pythonRepr, pythonStr } from './python-format.js';
import { checkProjectedLength, checkValue } from './render-budget.js';

function formatError(message: string, pythonClass = 'ValueError'): TemplateError {
  return new TemplateError(`Template: ${message} (${pythonClass} in Jinja2).`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function asNumber(value: unknown, conversion: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  throw formatError(`%${conversion} format: a real number is required, not ${value === null || value === undefined ? 'NoneType' : typeof value}`, 'TypeError');
}

function pad(text: string, width: number, left: boolean, fill = ' '): string {
  if (text.length >= width) return text;
  checkProjectedLength(width, 'string formatting');
  return left ? text + fill.repeat(width - text.length) : fill.repeat(width - text.length) + text;
}

/** Python's exponent notation: at least two exponent digits (`1.5e+03`). */
function exponential(x: number, precision: number, upper: boolean): string {
  const text = x.toExponential(Math.min(precision, 100)).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? text.toUpperCase() : text;
}

function fixed(x: number, precision: number): string {
  checkProjectedLength(precision, 'string formatting');
  if (Math.abs(x) >= 1e21) return BigInt(Math.round(x)).toString() + (precision > 0 ? `.${'0'.repeat(precision)}` : '');
  return x.toFixed(Math.min(precision, 100));
}

/** `%g` / `{:g}`: fixed or exponent notation by magnitude, trailing zeros dropped unless `alternate`. */
function general(x: number, precision: number, upper: boolean, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return alternate ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  let text = exp >= -4 && exp < p ? x.toFixed(Math.max(0, p - 1 - exp)) : exponential(x, p - 1, upper);
  if (!alternate) text = text.replace(/\.?0+(?=e|E|$)/, (m) => (m.startsWith('.') || text.includes('.') ? '' : m));
  return text;
}

function special(x: number, upper: boolean): string | undefined {
  if (Number.isNaN(x)) return upper ? 'NAN' : 'nan';
  if (!Number.isFinite(x)) return (x < 0 ? '-' : '') + (upper ? 'INF' : 'inf');
  return undefined;
}

/** Formats a number's magnitude for one conversion type; the sign is handled by the caller. */
function numberBody(x: number, type: string, precision: number | undefined, alternate: boolean): string {
  const upper = type === 'E' || type === 'F' || type === 'G' || type === 'X';
  const nonFinite = special(Math.abs(x), upper);
  if (nonFinite !== undefined && 'eEfFgG%'.includes(type)) return nonFinite;
  const a = Math.abs(x);
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return BigInt(Math.trunc(a)).toString();
    case 'x':
    case 'X': {
      const s = BigInt(Math.trunc(a)).toString(16);
      return (alternate ? (upper ? '0X' : '0x') : '') + (upper ? s.toUpperCase() : s);
    }
    case 'o':
      return (alternate ? '0o' : '') + BigInt(Math.trunc(a)).toString(8);
    case 'b':
      return (alternate ? '0b' : '') + BigInt(Math.trunc(a)).toString(2);
    case 'f':
    case 'F':
      return fixed(a, precision ?? 6);
    case 'e':
    case 'E':
      return exponential(a, precision ?? 6, upper);
    case 'g':
    case 'G':
      return general(a, precision ?? 6, upper, alternate);
    case '%':
      return `${fixed(a * 100, precision ?? 6)}%`;
    default:
      throw formatError(`unsupported format character '${type}'`);
  }
}

interface Spec {
  left: boolean;
  zero: boolean;
  sign: '' | '+' | ' ';
  alternate: boolean;
  width: number;
  precision: number | undefined;
}

function signed(x: number, body: string, spec: Spec): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : spec.sign;
  if (spec.zero && !spec.left && Number.isFinite(x)) return sign + pad(body, spec.width - sign.length, false, '0');
  return pad(sign + body, spec.width, spec.left);
}

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/y;

/** Python's `text % args` (printf-style): a tuple gives positional values, a dict named ones. */
export function pyPercentFormat(text: string, args: unknown): string {
  const positional: unknown[] = isPyTuple(args) ? [...(args as unknown[])] : [args];
  const mapping = isPlainObject(args) ? args : undefined;
  let next = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= positional.length) throw formatError('not enough arguments for format string', 'TypeError');
    return positional[next++];
  };
  let out = '';
  let at = 0;
  while (at < text.length) {
    const percent = text.indexOf('%', at);
    if (percent === -1) {
      out += text.slice(at);
      break;
    }
    out += text.slice(at, percent);
    PERCENT_SPEC.lastIndex = percent;
    const m = PERCENT_SPEC.exec(text);
    const type = m?.[5];
    if (m === null || type === undefined) throw formatError(`incomplete format at index ${percent}`);
    at = percent + m[0].length;
    if (type === '%' && m[0] === '%%') {
      out += '%';
      continue;
    }
    const flags = m[2] ?? '';
    const spec: Spec = {
      left: flags.includes('-'),
      zero: flags.includes('0'),
      sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '',
      alternate: flags.includes('#'),
      width: 0,
      precision: undefined,
    };
    if (m[3] !== undefined) spec.width = m[3] === '*' ? Number(take()) : Number(m[3]);
    if (spec.width < 0) {
      spec.left = true;
      spec.width = -spec.width;
    }
    if (m[4] !== undefined) spec.precision = m[4] === '*' ? Number(take()) : Number(m[4]);
    let value: unknown;
    if (m[1] !== undefined) {
      if (mapping === undefined) throw formatError('format requires a mapping', 'TypeError');
      if (!Object.hasOwn(mapping, m[1])) throw formatError(`'${m[1]}'`, 'KeyError');
      value = mapping[m[1]];
      usedMapping = true;
    } else {
      value = take();
    }
    out += percentOne(type, value, spec);
    checkValue(out, 'string formatting');
  }
  if (!usedMapping && mapping === undefined && next < positional.length) {
    throw formatError('not all arguments converted during string formatting', 'TypeError');
  }
  return checkValue(out, 'string formatting');
}

function percentOne(type: string, value: unknown, spec: Spec): string {
  switch (type) {
    case 's':
    case 'r':
    case 'a': {
      let s = type === 's' ? pythonStr(value) : pythonRepr(value);
      if (spec.precision !== undefined) s = s.slice(0, spec.precision);
      return pad(s, spec.width, spec.left);
    }
    case 'c': {
      const s = typeof value === 'number' ? String.fromCodePoint(value) : pythonStr(value);
      if (s.length !== 1 && [...s].length !== 1) throw formatError('%c requires an int or a unicode character', 'TypeError');
      return pad(s, spec.width, spec.left);
    }
    default: {
      const x = asNumber(value, type);
      const integral = 'diouxX'.includes(type);
      let body = numberBody(x, type, spec.precision, spec.alternate);
      if (integral && spec.precision !== undefined) body = pad(body, spec.precision, false, '0');
      return signed(x, body, { ...spec, zero: spec.zero && !spec.left });
    }
  }
}

const FORMAT_SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Python's format-spec mini-language (`{:>5}`, `{:.2f}`, `{:03d}`, `{:,}`) for one value. */
export function pyFormatValue(value: unknown, specText: string): string {
  const m = FORMAT_SPEC.exec(specText);
  if (m === null) throw formatError(`invalid format specifier '${specText}'`);
  const [, fillRaw, alignRaw, signRaw, alt, zero, widthRaw, grouping, precisionRaw, typeRaw] = m;
  const width = widthRaw === undefined ? 0 : Number(widthRaw);
  checkProjectedLength(width, 'str.format()');
  const precision = precisionRaw === undefined ? undefined : Number(precisionRaw);
  const isNumber = typeof value === 'number' || typeof value === 'boolean';
  let fill = fillRaw ?? ' ';
  let align = alignRaw ?? (isNumber ? '>' : '<');
  if (zero !== undefined && alignRaw === undefined) {
    fill = '0';
    align = isNumber ? '=' : '<';
  }
  let sign = '';
  let body: string;
  if (isNumber) {
    const x = Number(value);
    const type = typeRaw ?? (Number.isInteger(x) && precision === undefined ? 'd' : 'g');
    if (typeRaw === undefined && !Number.isInteger(x) && precision === undefined) body = pythonStr(Math.abs(x));
    else if (typeRaw === 'c') body = String.fromCodePoint(x);
    else body = numberBody(x, type, precision ?? (typeRaw === undefined ? 12 : undefined), alt !== undefined);
    if (grouping !== undefined) {
      const [int, frac] = body.split('.');
      body = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (frac === undefined ? '' : `.${frac}`);
    }
    sign = x < 0 || Object.is(x, -0) ? '-' : signRaw === '-' || signRaw === undefined ? '' : signRaw;
  } else {
    if (typeRaw !== undefined && typeRaw !== 's') throw formatError(`unknown format code '${typeRaw}' for object of type 'str'`);
    body = pythonStr(value);
    if (precision !== undefined) body = body.slice(0, precision);
  }
  const length = sign.length + body.length;
  if (length >= width) return sign + body;
  const room = width - length;
  switch (align) {
    case '<':
      return sign + body + fill.repeat(room);
    case '^':
      return fill.repeat(Math.floor(room / 2)) + sign + body + fill.repeat(room - Math.floor(room / 2));
    case '=':
      return sign + fill.repeat(room) + body;
    default:
      return fill.repeat(room) + sign + body;
  }
}

/**
 * Python's `str.format(*args, **kwargs)`. Field names are `''` (automatic), an index or a name,
 * followed by `.attr` or `[key]` parts, read with `lookup` (the sandbox's member lookup).
 */
export function pyStrFormat(
  text: string,
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  lookup: (obj: unknown, key: string | number) => unknown,
): string {
  let out = '';
  let auto = 0;
  let at = 0;
  while (at < text.length) {
    const ch = text.charAt(at);
    if (ch === '}') {
      if (text.charAt(at + 1) !== '}') throw formatError("Single '}' encountered in format string");
      out += '}';
      at += 2;
      continue;
    }
    if (ch !== '{') {
      const nextBrace = text.slice(at).search(/[{}]/);
      const end = nextBrace === -1 ? text.length : at + nextBrace;
      out += text.slice(at, end);
      at = end;
      continue;
    }
    if (text.charAt(at + 1) === '{') {
      out += '{';
      at += 2;
      continue;
    }
    const close = text.indexOf('}', at);
    if (close === -1) throw formatError("Single '{' encountered in format string");
    const field = text.slice(at + 1, close);
    at = close + 1;
    const match = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (match === null) throw formatError(`invalid format field '{${field}}'`);
    const [, head = '', rest = '', conversion, spec = ''] = match;
    let value: unknown;
    if (head === '') {
      if (auto >= args.length) throw formatError(`Replacement index ${auto} out of range for positional args tuple`, 'IndexError');
      value = args[auto++];
    } else if (/^\d+$/.test(head)) {
      const index = Number(head);
      if (index >= args.length) throw formatError(`Replacement index ${index} out of range for positional args tuple`, 'IndexError');
      value = args[index];
    } else {
      if (!Object.hasOwn(kwargs, head)) throw formatError(`'${head}'`, 'KeyError');
      value = kwargs[head];
    }
    for (const part of rest.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
      const key = part.startsWith('.') ? part.slice(1) : part.slice(1, -1);
      value = lookup(value, part.startsWith('[') && /^\d+$/.test(key) ? Number(key) : key);
    }
    if (conversion === 'r' || conversion === 'a') value = pythonRepr(value);
    else if (conversion === 's') value = pythonStr(value);
    out += pyFormatValue(value, spec);
    checkValue(out, 'str.format()');
  }
  return checkValue(out, 'str.format()');
}
