import { isSecret } from '../dataclasses/secret.js';

/**
 * Pipeline outputs as plain JSON data: dataclasses through their `toDict()` (Haystack's wire
 * form: a `Document`'s `meta`, `embedding`, ...), typed arrays as arrays, secrets redacted,
 * functions and symbols dropped. A cycle is cut with `null` instead of failing the whole response.
 */
export function toJsonValue(value: unknown): unknown {
  return convert(value, new Set());
}

function convert(value: unknown, seen: Set<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return null;
  // A secret's own toJSON redacts it; checked before toDict, which would expose an env var name only but refuses tokens.
  if (isSecret(value)) return value.toJSON();
  seen.add(value);
  try {
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (n) => (typeof n === 'bigint' ? String(n) : n));
    if (Array.isArray(value)) return value.map((item) => convert(item, seen) ?? null);
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), convert(v, seen)]));
    if (value instanceof Set) return [...value].map((item) => convert(item, seen) ?? null);
    const toDict = (value as { toDict?: unknown }).toDict;
    if (typeof toDict === 'function') return convert(toDict.call(value), seen);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return convert(toJSON.call(value), seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = convert(item, seen);
      // defineProperty: a key named __proto__ stays a plain key.
      if (converted !== undefined) Object.defineProperty(out, key, { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
