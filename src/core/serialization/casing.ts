/**
 * Key casing at the serialization boundary: options are camelCase in TypeScript and snake_case in
 * Haystack's dicts and YAML (`topK` ↔ `top_k`). Only keys are converted, never values, and only
 * where a component's own serializer applies them (nested data such as `generation_kwargs` is
 * passed through untouched).
 */

/** `maxRunsPerComponent` → `max_runs_per_component`; `apiKey` → `api_key`; already snake → unchanged. */
export function camelToSnake(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** `max_runs_per_component` → `maxRunsPerComponent`; leading and trailing underscores are kept. */
export function snakeToCamel(key: string): string {
  return key.replace(/([a-z0-9])_+([a-z0-9])/gi, (_, a: string, b: string) => a + b.toUpperCase());
}

/** A shallow copy of `record` with every key converted by `convert`. */
export function mapKeys(record: Readonly<Record<string, unknown>>, convert: (key: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) out[convert(key)] = value;
  return out;
}
