import type { Document } from '../../dataclasses/document.js';
import { documentMatchesFilter, isEmptyFilter, validateFilters, type Filters } from '../../utils/filters.js';
import type { IndexState, StoredEntry } from './index-state.js';

/** How stored entries are read back: which match a filter, and as Documents with their embedding. */

/** Every entry matching `filters`, in insertion order. */
export function* matchingEntries(state: IndexState, filters: Filters | null | undefined, where: string): Generator<StoredEntry> {
  if (isEmptyFilter(filters)) {
    yield* state.entries.values();
    return;
  }
  validateFilters(filters, where);
  // Stored documents carry no embedding; rebuild it only for the rare filter that looks at it.
  const needsEmbedding = referencesEmbedding(filters);
  for (const entry of state.entries.values()) {
    if (documentMatchesFilter(filters, needsEmbedding ? withEmbedding(state, entry) : entry.document)) yield entry;
  }
}

/** The entry's document with its embedding restored (from the matrix, or the odd one), and `score` if given. */
export function withEmbedding(state: IndexState, entry: StoredEntry, score?: number): Document {
  const embedding = entry.row >= 0 ? state.embeddings.row(entry.row) : entry.oddEmbedding;
  if (embedding === undefined) return score === undefined ? entry.document : entry.document.copyWith({ score });
  return score === undefined ? entry.document.copyWith({ embedding }) : entry.document.copyWith({ embedding, score });
}

function referencesEmbedding(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(referencesEmbedding);
  if (typeof node !== 'object' || node === null) return false;
  const { field, conditions } = node as { field?: unknown; conditions?: unknown };
  if (typeof field === 'string' && (field === 'embedding' || field.startsWith('embedding.'))) return true;
  return referencesEmbedding(conditions);
}
