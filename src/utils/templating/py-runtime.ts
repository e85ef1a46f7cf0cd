/**
 * The runtime side of `py-compiler.ts`: Python semantics for the operators, conditions, slices,
 * tuples, namespaces and loops of Jinja2 templates, where nunjucks uses JavaScript's. Every helper
 * is named `py*` (the code guard admits `runtime.py*`), takes values only, and size-checks what it
 * builds (`checkProjectedLength` before allocating a repeat or a concatenation).
 */
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { pythonEquals } from '../../python/equals.js';
import { TemplateError, TemplateSecurityError } from './errors.js';
import { PyStrEnum, isPyTuple, pyTupleOf, pythonRepr, pythonStr } from './python-format.js';
import { pyPercentFormat } from './py-format.js';
import { checkProjectedLength, checkValue, currentBudget } from './render-budget.js';
import { isBlockedName } from './sandbox.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A string primitive, a SafeString or an enum member's value as text; else undefined. */
export function pyStringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof PyStrEnum) return value.value;
  if (value instanceof String) return String(value);
  return undefined;
}

/** Python's `bool(value)`: empty strings, lists, dicts, sets, 0, None and undefined are false. */
export function pyTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    case 'bigint':
      return value !== 0n;
    case 'function':
      return true;
    default:
  }
  const text = pyStringValue(value);
  if (text !== undefined) return text.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map || value instanceof Set) return value.size > 0;
  // A ChatMessage has `__len__` in Haystack (its number of content parts).
  if (value instanceof ChatMessage) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** What `a or b` / `a and b` returns when the left operand decides: boxed so that `||` keeps it. */
class Decided {
  constructor(readonly value: unknown) {}
}

/** `a or b` compiles to `pyUnbox(pyBoxTruthy(a) || b)`: b is evaluated only when a is falsy. */
export function pyBoxTruthy(value: unknown): Decided | false {
  return pyTruthy(value) ? new Decided(value) : false;
}

/** `a and b` compiles to `pyUnbox(pyBoxFalsy(a) || b)`: b is evaluated only when a is truthy. */
export function pyBoxFalsy(value: unknown): Decided | false {
  return pyTruthy(value) ? false : new Decided(value);
}

export function pyUnbox(value: unknown): unknown {
  return value instanceof Decided ? value.value : value;
}

function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (pyStringValue(value) !== undefined) return 'str';
  if (Array.isArray(value)) return isPyTuple(value) ? 'tuple' : 'list';
  if (isPlainObject(value)) return 'dict';
  return (value as object).constructor?.name ?? 'object';
}

function operandError(op: string, a: unknown, b: unknown): TemplateError {
  if (a === undefined || b === undefined) return new TemplateError(`Template: '${op}' on an undefined value (UndefinedError in Jinja2).`);
  return new TemplateError(`Template: unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}' (TypeError in Jinja2).`);
}

function isNumberLike(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Python's `+`: numbers add, strings concatenate, lists (and tuples) concatenate; mixing types is a TypeError. */
export function pyAdd(a: unknown, b: unknown): unknown {
  if (isNumberLike(a) && isNumberLike(b)) return Number(a) + Number(b);
  const left = pyStringValue(a);
  const right = pyStringValue(b);
  if (left !== undefined && right !== undefined) {
    checkProjectedLength(left.length + right.length, "'+'");
    return left + right;
  }
  if (Array.isArray(a) && Array.isArray(b) && isPyTuple(a) === isPyTuple(b)) {
    checkProjectedLength(a.length + b.length, "'+'");
    const joined = [...a, ...b];
    return isPyTuple(a) ? pyTupleOf(joined) : joined;
  }
  throw operandError('+', a, b);
}

/** Python's `-` on numbers. */
export function pySub(a: unknown, b: unknown): number {
  if (isNumberLike(a) && isNumberLike(b)) return Number(a) - Number(b);
  throw operandError('-', a, b);
}

function repeatCount(n: number | boolean): number {
  const count = Number(n);
  if (!Number.isInteger(count)) throw new TemplateError("Template: can't multiply a sequence by a non-int (TypeError in Jinja2).");
  return Math.max(0, count);
}

/** Python's `*`: numbers multiply; a string or list times an int repeats (size-checked first). */
export function pyMul(a: unknown, b: unknown): unknown {
  if (isNumberLike(a) && isNumberLike(b)) return Number(a) * Number(b);
  const [seq, n] = isNumberLike(b) ? [a, b] : [b, a];
  if (!isNumberLike(n)) throw operandError('*', a, b);
  const text = pyStringValue(seq);
  if (text !== undefined) {
    const count = repeatCount(n);
    checkProjectedLength(text.length * count, "'*'");
    return text.repeat(count);
  }
  if (Array.isArray(seq)) {
    const count = repeatCount(n);
    checkProjectedLength(seq.length * count, "'*'");
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) out.push(...seq);
    return isPyTuple(seq) ? pyTupleOf(out) : out;
  }
  throw operandError('*', a, b);
}

function divisor(b: unknown, a: unknown, op: string): number {
  if (!isNumberLike(a) || !isNumberLike(b)) throw operandError(op, a, b);
  const d = Number(b);
  if (d === 0) throw new TemplateError('Template: division by zero (ZeroDivisionError in Jinja2).');
  return d;
}

/** Python's `/` (true division; dividing by zero raises). */
export function pyDiv(a: unknown, b: unknown): number {
  const d = divisor(b, a, '/');
  return Number(a) / d;
}

/** Python's `//` (floor division; dividing by zero raises). */
export function pyFloorDiv(a: unknown, b: unknown): number {
  const d = divisor(b, a, '//');
  return Math.floor(Number(a) / d);
}

/** Python's `%`: printf-style formatting for strings, the modulo with the divisor's sign for numbers. */
export function pyMod(a: unknown, b: unknown): unknown {
  const text = pyStringValue(a);
  if (text !== undefined) return pyPercentFormat(text, b);
  const d = divisor(b, a, '%');
  const r = Number(a) % d;
  return r !== 0 && r < 0 !== d < 0 ? r + d : r;
}

/** A tuple literal. */
export function pyTuple(items: unknown[]): unknown[] {
  return pyTupleOf(items);
}

function sliceIndices(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const by = step === null || step === undefined ? 1 : Number(step);
  if (!Number.isInteger(by)) throw new TemplateError('Template: slice indices must be integers or None (TypeError in Jinja2).');
  if (by === 0) throw new TemplateError('Template: slice step cannot be zero (ValueError in Jinja2).');
  const bound = (value: unknown, fallback: number, low: number, high: number): number => {
    if (value === null || value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n)) throw new TemplateError('Template: slice indices must be integers or None (TypeError in Jinja2).');
    const i = n < 0 ? n + length : n;
    return Math.min(Math.max(i, low), high);
  };
  const out: number[] = [];
  if (by > 0) {
    const from = bound(start, 0, 0, length);
    const to = bound(stop, length, 0, length);
    for (let i = from; i < to; i += by) out.push(i);
  } else {
    const from = bound(start, length - 1, -1, length - 1);
    const to = bound(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += by) out.push(i);
  }
  return out;
}

/** Python's `value[start:stop:step]` on strings (by code point) and lists. */
export function pySlice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  currentBudget()?.tick();
  const text = pyStringValue(value);
  if (text !== undefined) {
    const chars = /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text;
    const indices = sliceIndices(chars.length, start, stop, step);
    if ((step === null || step === undefined) && typeof chars === 'string') return chars.slice(indices[0] ?? 0, (indices[indices.length - 1] ?? -1) + 1);
    return indices.map((i) => chars[i]).join('');
  }
  if (Array.isArray(value)) {
    const out = sliceIndices(value.length, start, stop, step).map((i) => value[i] as unknown);
    return isPyTuple(value) ? pyTupleOf(out) : out;
  }
  if (value === undefined) throw new TemplateError('Template: cannot slice an undefined value (UndefinedError in Jinja2).');
  throw new TemplateError(`Template: '${typeName(value)}' object is not subscriptable (TypeError in Jinja2).`);
}

/** Python's iteration order of a value: dicts give their keys, strings their characters. */
export function pyList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const text = pyStringValue(value);
  if (text !== undefined) return Array.from(text);
  if (value instanceof Map) return [...value.keys()];
  if (value instanceof Set) return [...value];
  if (isPlainObject(value)) return Object.keys(value);
  if (typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return Array.from(value as Iterable<unknown>);
  }
  throw new TemplateError(`Template: '${typeName(value)}' object is not iterable (TypeError in Jinja2).`);
}

/** `set a, b = value`: the value unpacked into exactly `count` items. */
export function pyUnpack(value: unknown, count: number): unknown[] {
  const items = pyList(value);
  if (items.length !== count) {
    throw new TemplateError(
      `Template: ${items.length < count ? 'not enough' : 'too many'} values to unpack (expected ${count}, got ${items.length}) (ValueError in Jinja2).`,
    );
  }
  return items;
}

/** Jinja2's `namespace()`: an object whose attributes `{% set ns.attr = ... %}` may change. */
export class PyNamespace {
  constructor(values: Readonly<Record<string, unknown>>) {
    for (const [key, value] of Object.entries(values)) pySetAttr(this, key, value);
  }
  toString(): string {
    return `<Namespace {${Object.entries(this)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}>`;
  }
}

/** The `namespace(...)` global: dicts given positionally and keyword arguments, merged. */
export function pyNamespace(...args: unknown[]): PyNamespace {
  const values: Record<string, unknown> = {};
  for (const arg of args) {
    if (!isPlainObject(arg)) throw new TemplateError('Template: namespace() takes dicts and keyword arguments.');
    for (const [key, value] of Object.entries(arg)) if (key !== '__keywords') values[key] = value;
  }
  return new PyNamespace(values);
}

/** `{% set ns.attr = value %}`. */
export function pySetAttr(target: unknown, attr: string, value: unknown): void {
  if (!(target instanceof PyNamespace)) {
    throw new TemplateError(`Template: cannot assign attribute '${attr}' on a ${typeName(target)}: only on namespace() objects (TemplateRuntimeError in Jinja2).`);
  }
  if (isBlockedName(attr)) throw new TemplateSecurityError(`Template sandbox: assigning '${attr}' is not allowed.`);
  Object.defineProperty(target, attr, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * The iterable of a `for`: with one loop variable dicts and Maps give their keys (as in Python);
 * with `if cond` (`filter` is the compiled condition) only the items for which it is true.
 */
export function pyLoopIter(value: unknown, names: number, filter: ((item: unknown) => unknown) | null): unknown {
  let items: unknown = value;
  if (names === 1 && (isPlainObject(value) || value instanceof Map || value instanceof Set)) items = pyList(value);
  if (filter === null || items === undefined || items === null) return items;
  if (names > 1 && isPlainObject(items)) items = Object.entries(items).map((pair) => pyTupleOf(pair));
  const list = pyList(items);
  const budget = currentBudget();
  const kept: unknown[] = [];
  for (const item of list) {
    budget?.addIterations(1);
    if (pyTruthy(filter(item))) kept.push(item);
  }
  return kept;
}

interface LoopFrame {
  variables: Record<string, unknown>;
}
interface LoopState {
  last?: { value: unknown };
}
const loopStates = new WeakMap<object, LoopState>();

/**
 * Called at the start of every iteration: drops what the previous iteration assigned (Jinja2
 * scopes `set` to one iteration) and adds `loop.previtem`, `nextitem`, `changed()`, `cycle()`,
 * `depth`, `depth0` to nunjucks' loop object.
 */
export function pyLoopScope(frame: LoopFrame, items: unknown, index: number, keep: string): void {
  const names = new Set(keep.split(','));
  for (const name of Object.keys(frame.variables)) if (name !== 'loop' && !names.has(name)) delete frame.variables[name];
  const loop = frame.variables['loop'];
  if (typeof loop !== 'object' || loop === null) return;
  let state = loopStates.get(loop);
  if (state === undefined) {
    state = {};
    loopStates.set(loop, state);
  }
  const list = Array.isArray(items) || typeof items === 'string' ? items : undefined;
  const current = state;
  Object.assign(loop, {
    previtem: list !== undefined && index > 0 ? list[index - 1] : undefined,
    nextitem: list !== undefined && index + 1 < list.length ? list[index + 1] : undefined,
    depth: 1,
    depth0: 0,
    cycle: (...args: unknown[]) => {
      if (args.length === 0) throw new TemplateError('Template: loop.cycle() needs at least one value.');
      return args[index % args.length];
    },
    changed: (...args: unknown[]) => {
      const value = args.length === 1 ? args[0] : args;
      const last = current.last;
      current.last = { value };
      // Jinja2's `self._last_changed_value != value`: Python's `!=`, so `1` after `True` is no change.
      return last === undefined || !pythonEquals(last.value, value);
    },
  });
}

/** Python's `str()` of a value, for helpers that print. */
export function pyStr(value: unknown): string {
  return checkValue(pythonStr(value), "'str()'");
}

/** The helpers compiled templates call as `runtime.py*` (see py-compiler.ts). */
export const PY_RUNTIME = Object.freeze({
  pyTruthy,
  pyBoxTruthy,
  pyBoxFalsy,
  pyUnbox,
  pyAdd,
  pySub,
  pyMul,
  pyDiv,
  pyFloorDiv,
  pyMod,
  pyTuple,
  pySlice,
  pyUnpack,
  pySetAttr,
  pyLoopIter,
  pyLoopScope,
});
