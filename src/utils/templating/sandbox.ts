/**
 * The sandbox: a replacement for the few nunjucks runtime functions through which compiled
 * templates read members, look up names, call functions and print values.
 *
 * Why per template rather than patching `nunjucks.runtime`: compiled nunjucks code receives the
 * runtime as an argument of its root render function, so each template compiled by a sandboxed
 * environment is handed a derived runtime object (`Object.create(runtime)` plus overrides). Other
 * nunjucks users in the same process keep the stock runtime; nothing global is modified.
 */
import { TemplateError, TemplateSecurityError } from './errors.js';
import { checkReplace, countOccurrences } from './filter-limits.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { pyStrFormat } from './py-format.js';
import { camelCase, chatMessageMember, isContentPart } from './py-objects.js';
import { PyStrEnum, pyTupleOf, pythonStr } from './python-format.js';
import { checkProjectedLength, checkValue, currentBudget } from './render-budget.js';

/** Member names no template may read, whatever the object. */
const BLOCKED_NAMES: ReadonlySet<string> = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'caller',
  'callee',
]);

/** Also blocked on functions: `fn.arguments` (a ToolCall's `arguments` is data and stays readable). */
const FUNCTION_MEMBERS: ReadonlySet<string> = new Set(['arguments', 'caller', 'callee']);

/** True for names a template may not read: the list above, and Python-style dunder names. */
export function isBlockedName(name: string): boolean {
  return BLOCKED_NAMES.has(name) || name.startsWith('__');
}

// Values that run arbitrary code or expose the process; templates can neither read nor call them.
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as unknown;
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as unknown;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as unknown;
const FORBIDDEN_VALUES: ReadonlySet<unknown> = new Set<unknown>([
  Function,
  AsyncFunction,
  GeneratorFunction,
  AsyncGeneratorFunction,
  eval,
  globalThis,
  process,
  Reflect,
  Proxy,
  Object,
  setTimeout,
  setInterval,
  setImmediate,
  queueMicrotask,
  Function.prototype,
  Object.prototype,
]);

/** True for values that give access to code execution or the host. */
export function isForbiddenValue(value: unknown): boolean {
  return FORBIDDEN_VALUES.has(value);
}

function securityError(what: string): TemplateSecurityError {
  return new TemplateSecurityError(
    `Template sandbox: ${what} is not allowed. Templates may read data and call safe methods only; ` +
      'pass the values you need as template variables.',
  );
}

function toKey(key: unknown): string | number {
  if (typeof key === 'number') return key;
  if (typeof key === 'string') return key;
  // A key object with its own toString could answer differently on a second call; convert once.
  if (key === null || key === undefined || typeof key === 'boolean') return String(key);
  throw securityError(`using a ${typeof key} as a member name`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function pySplit(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : -1;
  if (sep === '') throw new TemplateError("Template: str.split(): empty separator (ValueError in Python).");
  // A list of millions of pieces is the one way split can take far more memory than its input.
  const separator = sep === undefined || sep === null ? ' ' : String(sep);
  if (s.length / separator.length > LIST_SIZE_CHECK_FROM) {
    const pieces = sep === undefined || sep === null ? wordCount(s) : countOccurrences(s, separator) + 1;
    checkProjectedLength(limit < 0 ? pieces : Math.min(pieces, limit + 1), 'str.split()');
  }
  if (sep === undefined || sep === null) {
    const parts = s.trim().split(/\s+/).filter((p) => p.length > 0);
    if (limit < 0 || parts.length <= limit + 1) return parts;
    // Re-split keeping the remainder intact, as Python does.
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < limit; i++) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    out.push(rest);
    return out;
  }
  const parts = s.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

// Below this many possible pieces a split cannot outgrow any sensible limit; skip the counting pass.
const LIST_SIZE_CHECK_FROM = 10_000;

function wordCount(s: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const space = /\s/.test(s.charAt(i));
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

/** Python's `str.replace(old, new[, count])`, refused before allocating when too large. */
function pyReplace(s: string, oldArg: unknown, newArg: unknown, countArg?: unknown): string {
  const old = pythonStr(oldArg);
  const replacement = pythonStr(newArg);
  const max = typeof countArg === 'number' && countArg >= 0 ? countArg : -1;
  checkReplace(s, old, replacement, max, 'str.replace()');
  if (old === '') {
    // Python inserts the replacement before every character and at the end.
    const chars = [...s];
    const n = max < 0 ? chars.length + 1 : Math.min(max, chars.length + 1);
    return chars.map((c, i) => (i < n ? replacement + c : c)).join('') + (n > chars.length ? replacement : '');
  }
  if (max < 0) return s.split(old).join(replacement);
  let out = '';
  let at = 0;
  for (let done = 0; done < max; done++) {
    const found = s.indexOf(old, at);
    if (found === -1) break;
    out += s.slice(at, found) + replacement;
    at = found + old.length;
  }
  return out + s.slice(at);
}

function pyJoin(separator: string, items: unknown): string {
  if (!Array.isArray(items)) return pythonStr(items);
  const parts = items.map((i) => pythonStr(i));
  checkProjectedLength(parts.reduce((n, p) => n + p.length, 0) + separator.length * Math.max(0, parts.length - 1), 'str.join()');
  return parts.join(separator);
}

function pyStrip(s: string, chars?: unknown, side: 'both' | 'left' | 'right' = 'both'): string {
  const set = typeof chars === 'string' ? chars : null;
  const strip = (c: string): boolean => (set === null ? /\s/.test(c) : set.includes(c));
  let start = 0;
  let end = s.length;
  if (side !== 'right') while (start < end && strip(s.charAt(start))) start++;
  if (side !== 'left') while (end > start && strip(s.charAt(end - 1))) end--;
  return s.slice(start, end);
}

/**
 * Python `str` methods common in Haystack templates, for strings. Results are size-checked after the
 * call; a method whose output can be much larger than its input (`center`, `ljust`, `zfill`, `*`)
 * must call `checkProjectedLength` (render-budget.ts) before allocating, as `replace` and `join` do.
 */
const PY_STRING_METHODS: Readonly<Record<string, (s: string, ...args: unknown[]) => unknown>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => pyStrip(s, chars),
  lstrip: (s, chars) => pyStrip(s, chars, 'left'),
  rstrip: (s, chars) => pyStrip(s, chars, 'right'),
  split: (s, sep, maxsplit) => pySplit(s, sep, maxsplit),
  replace: (s, a, b, count) => pyReplace(s, a, b, count),
  startswith: (s, p) => affix(s, p, (t, x) => t.startsWith(x)),
  endswith: (s, p) => affix(s, p, (t, x) => t.endsWith(x)),
  title: (s) => s.toLowerCase().replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  join: (s, items) => pyJoin(s, items),
  format: (s, ...args) => {
    const last = args[args.length - 1];
    const hasKeywords = typeof last === 'object' && last !== null && (last as { __keywords?: unknown }).__keywords === true;
    const { __keywords: _k, ...keywords } = (hasKeywords ? last : {}) as Record<string, unknown>;
    return pyStrFormat(s, hasKeywords ? args.slice(0, -1) : args, keywords, safeMemberLookup);
  },
  find: (s, sub, start, end) => pyFind(s, sub, start, end, false),
  rfind: (s, sub, start, end) => pyFind(s, sub, start, end, true),
  index: (s, sub, start, end) => mustFind(pyFind(s, sub, start, end, false)),
  rindex: (s, sub, start, end) => mustFind(pyFind(s, sub, start, end, true)),
  count: (s, sub) => countOccurrences(s, pythonStr(sub)),
  splitlines: (s, keepends) => pySplitlines(s, keepends === true),
  rsplit: (s, sep, maxsplit) => pyRsplit(s, sep, maxsplit),
  partition: (s, sep) => pyPartition(s, pythonStr(sep), false),
  rpartition: (s, sep) => pyPartition(s, pythonStr(sep), true),
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  isupper: (s) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && !/\p{Lu}/u.test(s),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  casefold: (s) => s.toLowerCase(),
  zfill: (s, width) => {
    const w = Number(width);
    checkProjectedLength(w, 'str.zfill()');
    const sign = s.startsWith('-') || s.startsWith('+') ? s.charAt(0) : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  center: (s, width, fill) => pyPad(s, width, fill, 'center'),
  ljust: (s, width, fill) => pyPad(s, width, fill, 'left'),
  rjust: (s, width, fill) => pyPad(s, width, fill, 'right'),
  removeprefix: (s, p) => (s.startsWith(pythonStr(p)) ? s.slice(pythonStr(p).length) : s),
  removesuffix: (s, p) => (pythonStr(p) !== '' && s.endsWith(pythonStr(p)) ? s.slice(0, -pythonStr(p).length) : s),
};

function pyFind(s: string, subArg: unknown, start: unknown, end: unknown, last: boolean): number {
  const sub = pythonStr(subArg);
  const norm = (v: unknown, fallback: number): number => {
    if (v === undefined || v === null) return fallback;
    const n = Number(v);
    return Math.min(Math.max(n < 0 ? n + s.length : n, 0), s.length);
  };
  const from = norm(start, 0);
  const to = norm(end, s.length);
  const window = s.slice(from, to);
  const at = last ? window.lastIndexOf(sub) : window.indexOf(sub);
  return at === -1 || to - from < sub.length ? -1 : at + from;
}

function mustFind(at: number): number {
  if (at === -1) throw new TemplateError('Template: str.index(): substring not found (ValueError in Jinja2).');
  return at;
}

function pySplitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  const re = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let at = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out.push(s.slice(at, keepends ? m.index + m[0].length : m.index));
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

function pyRsplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : -1;
  if (limit < 0) return pySplit(s, sep);
  const reversed = pySplit([...s].reverse().join(''), typeof sep === 'string' ? [...sep].reverse().join('') : sep, limit);
  return reversed.map((part) => [...part].reverse().join('')).reverse();
}

function pyPartition(s: string, sep: string, last: boolean): unknown[] {
  if (sep === '') throw new TemplateError('Template: str.partition(): empty separator (ValueError in Jinja2).');
  const at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at === -1) return pyTupleOf(last ? ['', '', s] : [s, '', '']);
  return pyTupleOf([s.slice(0, at), sep, s.slice(at + sep.length)]);
}

function pyPad(s: string, widthArg: unknown, fillArg: unknown, side: 'center' | 'left' | 'right'): string {
  const width = Number(widthArg);
  const fill = fillArg === undefined ? ' ' : pythonStr(fillArg);
  if ([...fill].length !== 1) throw new TemplateError('Template: the fill character must be exactly one character long (TypeError in Jinja2).');
  checkProjectedLength(width, `str.${side === 'center' ? 'center' : side === 'left' ? 'ljust' : 'rjust'}()`);
  const room = width - s.length;
  if (room <= 0) return s;
  if (side === 'left') return s + fill.repeat(room);
  if (side === 'right') return fill.repeat(room) + s;
  // Python puts the extra character on the left when the text's length is odd.
  const leftPad = Math.floor(room / 2) + (room % 2 & s.length % 2);
  return fill.repeat(leftPad) + s + fill.repeat(room - leftPad);
}

/** `startswith`/`endswith` take a string or a tuple of strings. */
function affix(s: string, arg: unknown, test: (s: string, p: string) => boolean): boolean {
  if (Array.isArray(arg)) return arg.some((p) => test(s, pythonStr(p)));
  return test(s, pythonStr(arg));
}

/** Python `dict` methods, for plain objects (an own property of the same name wins). */
const PY_DICT_METHODS: Readonly<Record<string, (d: Record<string, unknown>, ...args: unknown[]) => unknown>> = {
  get: (d, k, dflt = null) => (typeof k === 'string' && Object.hasOwn(d, k) ? d[k] : dflt),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.entries(d).map((pair) => pyTupleOf(pair)),
};

/** Python `list` methods, for arrays. */
const PY_LIST_METHODS: Readonly<Record<string, (l: readonly unknown[], ...args: unknown[]) => unknown>> = {
  index: (l, x) => {
    const found = l.findIndex((item) => item === x || (typeof item === typeof x && pythonStr(item) === pythonStr(x)));
    if (found === -1) throw new TemplateError(`Template: list.index(): ${pythonStr(x)} is not in list.`);
    return found;
  },
  count: (l, x) => l.filter((item) => item === x || (typeof item === typeof x && pythonStr(item) === pythonStr(x))).length,
};

// Prototypes of the JavaScript/Node built-ins: nothing on them is reachable from a template (their
// methods are JS APIs such as `repeat`, `constructor`, `__proto__` getters), only the Python tables.
const BUILTIN_PROTOTYPES = new WeakSet<object>();
const NATIVE_CODE = /\{\s*\[native code\]\s*\}\s*$/;
const builtinCache = new WeakMap<object, boolean>();
for (const proto of [
  Object.getPrototypeOf([][Symbol.iterator]()) as object,
  Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as object,
  Object.getPrototypeOf(new Map().entries()) as object,
  Object.getPrototypeOf(new Set().values()) as object,
  Object.getPrototypeOf(''[Symbol.iterator]()) as object,
  Object.getPrototypeOf(function* () {}.prototype) as object,
  Object.getPrototypeOf(async function* () {}.prototype) as object,
  Object.getPrototypeOf(Uint8Array.prototype) as object,
]) {
  BUILTIN_PROTOTYPES.add(proto);
}

function isBuiltinPrototype(proto: object): boolean {
  if (BUILTIN_PROTOTYPES.has(proto)) return true;
  let known = builtinCache.get(proto);
  if (known === undefined) {
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
    // Classes written in JavaScript print their source; the engine's and Node's print `[native code]`.
    known = typeof ctor !== 'function' || NATIVE_CODE.test(Function.prototype.toString.call(ctor));
    builtinCache.set(proto, known);
  }
  return known;
}

/** A method of a template-visible object, called with it as `this`; its result is checked. */
function boundMethod(obj: unknown, name: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const result: unknown = fn.apply(obj, args);
    if (isForbiddenValue(result)) throw securityError(`the result of '${name}()'`);
    return checkValue(result, `'${name}()'`);
  };
}

function pyMethod<T>(table: Readonly<Record<string, (self: T, ...args: unknown[]) => unknown>>, self: T, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (!Object.hasOwn(table, name)) return undefined;
  const method = table[name] as (self: T, ...args: unknown[]) => unknown;
  return (...args: unknown[]) => checkValue(method(self, ...args), `'${name}()'`);
}

/** An own data property, or an own getter (called): plain data, readable whatever the object. */
function ownValue(obj: object, key: string | number): { found: boolean; value?: unknown } {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  if (descriptor === undefined) return { found: false };
  if ('value' in descriptor) return { found: true, value: descriptor.value };
  return { found: true, value: descriptor.get === undefined ? undefined : descriptor.get.call(obj) };
}

/**
 * Reads `obj[key]` for a template: Jinja's semantics, minus anything that escapes the sandbox.
 * Reachable: own properties (data, or getters), the Python method tables for strings, lists and
 * dicts, and getters/methods of classes written in JavaScript (Document, ChatMessage, your own);
 * never anything defined by a built-in prototype (`'x'.repeat`, `[].constructor`, `fn.call`).
 */
export function safeMemberLookup(target: unknown, rawKey: unknown): unknown {
  currentBudget()?.tick();
  const key = toKey(rawKey);
  if (typeof key === 'string' && isBlockedName(key)) throw securityError(`reading '${key}'`);
  // A `ChatRole` member: `.value`, `.name`, and the str methods of its value.
  if (target instanceof PyStrEnum) return key === 'value' || key === 'name' ? target[key] : safeMemberLookup(target.value, key);
  // nunjucks' SafeString (from `| safe`) is a String object: read it as the string it holds.
  const obj = target instanceof String ? String(target) : target;
  if (obj === undefined) {
    // Jinja raises on attribute access of an undefined value (`{{ missing.attr }}`).
    throw new TemplateError(`Template: cannot read '${String(key)}' of an undefined value.`);
  }
  if (obj === null) return undefined;
  if (isForbiddenValue(obj)) throw securityError('reading members of a host object');
  const name = String(key);
  if (typeof obj === 'string') {
    const method = pyMethod(PY_STRING_METHODS, obj, name);
    if (method !== undefined) return method;
    const index = typeof key === 'number' && key < 0 ? obj.length + key : key;
    return ownValue(Object(obj) as object, index).value;
  }
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  if (typeof obj === 'function' && FUNCTION_MEMBERS.has(name)) throw securityError(`reading '${name}' of a function`);
  if (obj instanceof ChatMessage) {
    const member = chatMessageMember(obj, name);
    if (member.found) return checked(member.value, name, obj);
  }
  if (Array.isArray(obj)) {
    const method = pyMethod(PY_LIST_METHODS, obj, name);
    if (method !== undefined) return method;
    // Negative indexes, as in Python (`items[-1]`).
    const index = typeof key === 'number' && key < 0 ? obj.length + key : key;
    return checked(ownValue(obj, index).value, name);
  }
  const own = ownValue(obj, key);
  if (own.found) return checked(classValue(obj, own.value), name, obj);
  if (isPlainObject(obj)) {
    // Haystack names a content part's fields in snake_case (`tool_call.tool_name`).
    if (isContentPart(obj) && name.includes('_')) {
      const camel = ownValue(obj, camelCase(name));
      if (camel.found) return checked(camel.value, name, obj);
    }
    return pyMethod(PY_DICT_METHODS, obj, name);
  }
  if (obj instanceof Map) return obj.has(key) ? checked(obj.get(key), name) : undefined;
  const found = classMember(obj, key, name);
  // Haystack's attribute names are snake_case (`tool_calls`, `sparse_embedding`); ours camelCase.
  if (found === NOT_FOUND && typeof key === 'string' && key.includes('_')) {
    const camel = camelCase(key);
    const own2 = ownValue(obj, camel);
    if (own2.found) return checked(classValue(obj, own2.value), name, obj);
    const again = classMember(obj, camel, name);
    return again === NOT_FOUND ? undefined : again;
  }
  return found === NOT_FOUND ? undefined : found;
}

const NOT_FOUND = Symbol('not found');

/** A class instance's attribute without a value is Python's None, not an undefined name. */
function classValue(obj: object, value: unknown): unknown {
  return value === undefined && !isPlainObject(obj) ? null : value;
}

/** Class instances: the first prototype defining the name decides, if it is not a built-in. */
function classMember(obj: object, key: string | number, name: string): unknown {
  for (let proto = Object.getPrototypeOf(obj) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor === undefined) continue;
    if (isBuiltinPrototype(proto)) return NOT_FOUND;
    if (descriptor.get !== undefined) return checked(classValue(obj, descriptor.get.call(obj)), name);
    return checked(descriptor.value, name, obj);
  }
  return NOT_FOUND;
}

function checked(value: unknown, name: string, owner?: object): unknown {
  if (isForbiddenValue(value)) throw securityError(`reading '${name}'`);
  if (typeof value === 'function') return boundMethod(owner, name, value as (...args: unknown[]) => unknown);
  return value;
}

/** Calls a function for a template; never with the nunjucks context as `this`. */
export function safeCallWrap(fn: unknown, name: string, _context: unknown, args: unknown[]): unknown {
  if (fn === undefined || fn === null || fn === false) {
    throw new TemplateError(`Template: cannot call '${name}', which is undefined.`);
  }
  if (typeof fn !== 'function') throw new TemplateError(`Template: cannot call '${name}', which is not a function.`);
  if (isForbiddenValue(fn)) throw securityError(`calling '${name}'`);
  currentBudget()?.tick();
  const result: unknown = (fn as (...a: unknown[]) => unknown).apply(undefined, args);
  if (isForbiddenValue(result)) throw securityError(`the result of '${name}()'`);
  return checkValue(result, `'${name}()'`);
}

interface NunjucksFrame {
  lookup(name: string): unknown;
}
interface NunjucksContext {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

/** Resolves a bare name: loop/set variables, then the template variables, then the globals (own properties only). */
export function safeContextOrFrameLookup(context: NunjucksContext, frame: NunjucksFrame, name: string): unknown {
  // Frame variables are the template's own (`loop`, macro arguments, `caller`), so they come first.
  const fromFrame = frame.lookup(name);
  if (fromFrame !== undefined) {
    if (isForbiddenValue(fromFrame)) throw securityError(`reading '${name}'`);
    return fromFrame;
  }
  if (isBlockedName(name)) throw securityError(`reading '${name}'`);
  if (Object.hasOwn(context.ctx, name)) return context.ctx[name];
  if (Object.hasOwn(context.env.globals, name)) return context.env.globals[name];
  return undefined;
}

/** Prints a value as Jinja would (`str(value)`), or as nunjucks does when Python output is off. */
export function makeSuppressValue(
  original: (val: unknown, autoescape: boolean) => unknown,
  pythonOutput: boolean,
  finalize?: (text: string, value: unknown) => string,
): (val: unknown, autoescape: boolean) => unknown {
  return (val, autoescape) => {
    if (isForbiddenValue(val)) throw securityError('printing a host object');
    let printed: unknown;
    // SafeString (from `| safe`) prints as itself.
    if (!pythonOutput || typeof val === 'string' || val === undefined || val instanceof String) printed = original(val, autoescape);
    else printed = original(pythonStr(val), autoescape);
    const text = String(printed);
    // Counted before finalize, which copies the text.
    currentBudget()?.addOutput(text.length);
    return finalize === undefined ? printed : finalize(text, val);
  };
}
