import { ComponentError } from '../errors.js';

/**
 * What a store does when a written document's id is already stored (Haystack's `DuplicatePolicy`).
 * `NONE` lets the store choose; the in-memory store treats it as `FAIL`.
 */
export const DuplicatePolicy = {
  NONE: 'none',
  SKIP: 'skip',
  OVERWRITE: 'overwrite',
  FAIL: 'fail',
} as const;
export type DuplicatePolicy = (typeof DuplicatePolicy)[keyof typeof DuplicatePolicy];

/**
 * How a retriever combines its init filters with run-time filters (Haystack's `FilterPolicy`).
 * `REPLACE`: run-time filters win. `MERGE`: both apply (see `applyFilterPolicy`).
 */
export const FilterPolicy = {
  REPLACE: 'replace',
  MERGE: 'merge',
} as const;
export type FilterPolicy = (typeof FilterPolicy)[keyof typeof FilterPolicy];

/** Parses a filter policy case-insensitively (Haystack's `FilterPolicy.from_str`). */
export function filterPolicyFromString(value: string): FilterPolicy {
  const lower = typeof value === 'string' ? value.toLowerCase() : '';
  if (lower === 'replace' || lower === 'merge') return lower;
  throw new ComponentError(`FilterPolicy: unknown filter policy '${String(value)}'. Supported policies are: ['replace', 'merge'].`);
}
