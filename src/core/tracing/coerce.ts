/**
 * Tag values for tracing backends (Haystack's `coerce_tag_value`): backends take strings, numbers
 * and booleans, so anything else becomes JSON. One-way and lossy on purpose: objects with a
 * `toDict()` (Document, ChatMessage, StreamingChunk) are written as their dict, secrets as their
 * redacted form, functions by name, binary data and long vectors as placeholders.
 */

/** Longest numeric array written in full; longer ones (embeddings) become a placeholder. */
const MAX_VECTOR = 32;
/** Deepest nesting written. */
const MAX_DEPTH = 16;

/** A tag value a tracing backend accepts. */
export type TagValue = string | number | boolean;

export function coerceTagValue(value: unknown): TagValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(traceable(value, 0, new WeakSet())) ?? String(value);
  } catch {
    return `<${describeValue(value)}>`;
  }
}

function traceable(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function') return `<function ${value.name || 'anonymous'}>`;
  if (typeof value === 'symbol') return value.toString();
  const object = value as object;
  if (depth >= MAX_DEPTH) return `<${describeValue(object)}>`;
  if (seen.has(object)) return '<circular>';
  seen.add(object);
  try {
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `<${describeValue(object)} of ${(object as ArrayBuffer).byteLength} bytes>`;
    if (Array.isArray(object)) {
      if (object.length > MAX_VECTOR && object.every((v) => typeof v === 'number')) return `<${object.length} numbers>`;
      return object.map((item) => traceable(item, depth + 1, seen));
    }
    if (object instanceof Map) return Object.fromEntries([...object].map(([k, v]) => [String(k), traceable(v, depth + 1, seen)]));
    if (object instanceof Set) return [...object].map((v) => traceable(v, depth + 1, seen));
    if (object instanceof Date) return object.toISOString();
    if (object instanceof Error) return { name: object.name, message: object.message };
    // toJSON first: it is where a Secret redacts itself.
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return traceable(toJSON.call(object), depth + 1, seen);
    const toDict = (object as { toDict?: unknown }).toDict;
    if (typeof toDict === 'function') return traceable(toDict.call(object), depth + 1, seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object)) out[key] = traceable((object as Record<string, unknown>)[key], depth + 1, seen);
    return out;
  } finally {
    seen.delete(object);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
