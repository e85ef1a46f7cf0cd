import { DocumentStoreError } from './errors.js';
import type { Document } from '../dataclasses/document.js';

/**
 * Embedding checks shared by document stores: NaN and ±Infinity give NaN or infinite scores that
 * rank arbitrarily, so they are refused where they enter a store (writes) and a search (queries).
 */

/** The largest magnitude a float32 holds; stores that keep float32 vectors refuse larger values. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Index of the first value that is not finite or exceeds `limit` in magnitude, else -1. */
export function firstNonFinite(vector: ArrayLike<number>, limit = Number.MAX_VALUE): number {
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i]!;
    // Written so that NaN fails too.
    if (!(v >= -limit && v <= limit)) return i;
  }
  return -1;
}

/**
 * Throws before anything is written when a document's embedding holds a non-finite value.
 * @throws DocumentStoreError naming the document id and the position
 */
export function assertFiniteDocumentEmbeddings(documents: readonly Document[], where: string, limit?: number): void {
  for (const document of documents) {
    const embedding = document.embedding;
    if (embedding === undefined) continue;
    const at = firstNonFinite(embedding, limit);
    if (at >= 0) {
      throw new DocumentStoreError(
        `${where}: the embedding of document '${document.id}' has ${String(embedding[at])} at position ${at}${outOfRange(embedding[at]!, limit)}; ` +
          'embeddings must be finite numbers. Nothing was written: fix or re-embed that document.',
      );
    }
  }
}

/**
 * Throws when a query embedding holds a non-finite value.
 * @throws DocumentStoreError whose `socket` is the query's parameter name
 */
export function assertFiniteQueryEmbedding(query: ArrayLike<number>, where: string, parameter: string, limit?: number): void {
  const at = firstNonFinite(query, limit);
  if (at < 0) return;
  throw new DocumentStoreError(
    `${where}: ${parameter} has ${String(query[at])} at position ${at}${outOfRange(query[at]!, limit)}; a query embedding must hold finite numbers. ` +
      'Check the embedder that produced it.',
    { socket: parameter },
  );
}

function outOfRange(value: number, limit: number | undefined): string {
  return Number.isFinite(value) && limit !== undefined ? ` (beyond ±${limit}, the range this store keeps)` : '';
}
