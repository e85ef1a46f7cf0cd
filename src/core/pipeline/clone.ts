import { isComponent } from '../component/component.js';

/**
 * The deep copy the engine makes when one value would otherwise be shared by several holders (two
 * receivers, a receiver and the pipeline's outputs, a component and the caller). Haystack calls
 * `copy.deepcopy` on every input of every component; see docs/pipelines.md ("Mutation isolation")
 * for when this port copies and why it copies less.
 *
 * Unlike `structuredClone`, it keeps class instances (the copy has the same prototype) and does not
 * fail on functions. What it shares instead of copying:
 * - primitives and functions;
 * - components (as Haystack's `_deepcopy_with_exceptions` does), promises, weak collections,
 *   abort signals, and other objects whose state is not in their own properties (for example a
 *   class whose state lives in `#private` fields, such as `ChatMessage`: a structural copy of it
 *   would lose that state, and such classes are immutable by design);
 * - frozen objects and arrays (`Object.freeze`): they cannot be changed, so sharing is safe.
 *
 * A class can decide for itself by defining a method under {@link CLONE}.
 */
export const CLONE: unique symbol = Symbol.for('haystack-ts.clone') as never;

/** Objects that opt into custom copying: return an independent copy (or `this` when immutable). */
export interface Cloneable {
  [CLONE](): unknown;
}

/** Returns a deep copy of `value` that shares nothing mutable with it (see the module comment). */
export function cloneValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  return copy(value as object, undefined) as T;
}

type Seen = Map<object, unknown>;

function copy(value: object, seen: Seen | undefined): unknown {
  if (Object.isFrozen(value)) return value;
  const known = seen?.get(value);
  if (known !== undefined) return known;

  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    if (Object.getPrototypeOf(value) !== Array.prototype) Object.setPrototypeOf(out, Object.getPrototypeOf(value) as object);
    const s = seen ?? new Map<object, unknown>();
    s.set(value, out);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = typeof item === 'object' && item !== null ? copy(item, s) : item;
    }
    return out;
  }

  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
    const s = seen ?? new Map<object, unknown>();
    s.set(value, out);
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      out[key] = typeof item === 'object' && item !== null ? copy(item, s) : item;
    }
    return out;
  }

  const custom = (value as Partial<Cloneable>)[CLONE];
  if (typeof custom === 'function') return custom.call(value);

  if (ArrayBuffer.isView(value)) {
    if (value instanceof DataView) return new DataView(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    // Copies only the viewed bytes; keeps the prototype (a Node Buffer stays a Buffer).
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    const out = sameTypedArray(value, bytes.buffer) ?? bytes;
    if (Object.getPrototypeOf(out) !== proto) Object.setPrototypeOf(out, proto);
    return out;
  }
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    const s = seen ?? new Map<object, unknown>();
    s.set(value, out);
    for (const [k, v] of value as Map<unknown, unknown>) out.set(k, typeof v === 'object' && v !== null ? copy(v, s) : v);
    return out;
  }
  if (value instanceof Set) {
    const out = new Set<unknown>();
    const s = seen ?? new Map<object, unknown>();
    s.set(value, out);
    for (const v of value as Set<unknown>) out.add(typeof v === 'object' && v !== null ? copy(v, s) : v);
    return out;
  }
  if (isOpaque(value)) return value;

  // A class instance with its state in own properties (e.g. Document): same prototype, copied fields.
  const names = Reflect.ownKeys(value);
  if (names.length === 0) return value; // state in #private fields or native slots: cannot be copied structurally
  const out = Object.create(proto) as Record<PropertyKey, unknown>;
  const s = seen ?? new Map<object, unknown>();
  s.set(value, out);
  for (const key of names) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if ('value' in descriptor) {
      const item: unknown = descriptor.value;
      descriptor.value = typeof item === 'object' && item !== null ? copy(item, s) : item;
    }
    Object.defineProperty(out, key, descriptor);
  }
  if (Object.isSealed(value)) Object.seal(out);
  else if (!Object.isExtensible(value)) Object.preventExtensions(out);
  return out;
}

function sameTypedArray(view: ArrayBufferView, buffer: ArrayBufferLike): object | undefined {
  for (const Ctor of TYPED_ARRAYS) {
    if (view instanceof Ctor) return new Ctor(buffer as ArrayBuffer);
  }
  return undefined;
}

const TYPED_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
] as const;

function isOpaque(value: object): boolean {
  return (
    isComponent(value) ||
    value instanceof Promise ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof WeakRef ||
    value instanceof RegExp ||
    value instanceof Error ||
    (typeof EventTarget !== 'undefined' && value instanceof EventTarget)
  );
}
