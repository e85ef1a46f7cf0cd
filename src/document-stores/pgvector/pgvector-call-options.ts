/** The per-call arguments of `PgvectorDocumentStore` and the checks they share. */
import type { Filters } from '../../utils/filters.js';
import { DocumentStoreError } from '../errors.js';
import type { PgvectorVectorFunction } from './pgvector-document-store-options.js';

/** Cancellation for the store's calls: checked before each statement (a running statement is not interrupted). */
export interface PgvectorStoreCallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** Arguments of {@link PgvectorDocumentStore.keywordRetrievalAsync}. */
export interface PgvectorKeywordRetrievalOptions extends PgvectorStoreCallOptions {
  readonly query: string;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
}

/** Arguments of {@link PgvectorDocumentStore.embeddingRetrievalAsync}. */
export interface PgvectorEmbeddingRetrievalOptions extends PgvectorStoreCallOptions {
  readonly queryEmbedding: ArrayLike<number>;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
  /** @default the store's `vectorFunction` */
  readonly vectorFunction?: PgvectorVectorFunction | null | undefined;
}

export function checkTopK(topK: number, where: string): void {
  if (!Number.isInteger(topK) || topK < 0) {
    throw new DocumentStoreError(`${where}: expected topK to be a non-negative integer, got ${String(topK)}.`);
  }
}

export function isNumberArray(value: ArrayLike<number>): boolean {
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number' || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) return false;
  return true;
}
