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
import { pythonStr } from './python-format.js';

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
  'arguments',
]);

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
  const separator = String(sep);
  const parts = s.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
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

/** Python `str` methods common in Haystack templates, for strings. */
const PY_STRING_METHODS: Readonly<Record<string, (s: string, ...args: unknown[]) => unknown>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => pyStrip(s, chars),
  lstrip: (s, chars) => pyStrip(s, chars, 'left'),
  rstrip: (s, chars) => pyStrip(s, chars, 'right'),
  split: (s, sep, maxsplit) => pySplit(s, sep, maxsplit),
  replace: (s, a, b) => s.split(String(a)).join(String(b)),
  startswith: (s, p) => s.startsWith(String(p)),
  endswith: (s, p) => s.endsWith(String(p)),
  title: (s) => s.toLowerCase().replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  join: (s, items) => (Array.isArray(items) ? items.map((i) => pythonStr(i)).join(s) : String(items)),
  format: (s, ...args) => {
    let i = 0;
    return s.replace(/\{\}/g, () => pythonStr(args[i++]));
  },
};

/** Python `dict` methods, for plain objects (an own property of the same name wins). */
const PY_DICT_METHODS: Readonly<Record<string, (d: Record<string, unknown>, ...args: unknown[]) => unknown>> = {
  get: (d, k, dflt = null) => (typeof k === 'string' && Object.hasOwn(d, k) ? d[k] : dflt),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.entries(d),
};

/** Reads `obj[key]` for a template: Jinja's semantics, minus anything that escapes the sandbox. */
export function safeMemberLookup(obj: unknown, rawKey: unknown): unknown {
  const key = toKey(rawKey);
  if (typeof key === 'string' && isBlockedName(key)) throw securityError(`reading '${key}'`);
  if (obj === undefined) {
    // Jinja raises on attribute access of an undefined value (`{{ missing.attr }}`).
    throw new TemplateError(`Template: cannot read '${String(key)}' of an undefined value.`);
  }
  if (obj === null) return undefined;
  if (isForbiddenValue(obj)) throw securityError('reading members of a host object');
  if (typeof obj === 'string') {
    const py = typeof key === 'string' ? PY_STRING_METHODS[key] : undefined;
    if (py !== undefined && Object.hasOwn(PY_STRING_METHODS, key)) return (...args: unknown[]) => py(obj, ...args);
  } else if (isPlainObject(obj) && typeof key === 'string' && !Object.hasOwn(obj, key)) {
    const py = PY_DICT_METHODS[key];
    if (py !== undefined && Object.hasOwn(PY_DICT_METHODS, key)) return (...args: unknown[]) => py(obj, ...args);
  }
  // Negative indexes, as in Python (`items[-1]`).
  const effectiveKey = typeof key === 'number' && key < 0 && Array.isArray(obj) ? obj.length + key : key;
  const value = (obj as Record<string | number, unknown>)[effectiveKey];
  if (isForbiddenValue(value)) throw securityError(`reading '${String(key)}'`);
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return (...args: unknown[]) => {
      const result: unknown = fn.apply(obj, args);
      if (isForbiddenValue(result)) throw securityError(`the result of '${String(key)}()'`);
      return result;
    };
  }
  return value;
}

/** Calls a function for a template; never with the nunjucks context as `this`. */
export function safeCallWrap(fn: unknown, name: string, _context: unknown, args: unknown[]): unknown {
  if (fn === undefined || fn === null || fn === false) {
    throw new TemplateError(`Template: cannot call '${name}', which is undefined.`);
  }
  if (typeof fn !== 'function') throw new TemplateError(`Template: cannot call '${name}', which is not a function.`);
  if (isForbiddenValue(fn)) throw securityError(`calling '${name}'`);
  const result: unknown = (fn as (...a: unknown[]) => unknown).apply(undefined, args);
  if (isForbiddenValue(result)) throw securityError(`the result of '${name}()'`);
  return result;
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
    return finalize === undefined ? printed : finalize(String(printed), val);
  };
}
