import { ComponentError } from '../../../errors.js';
import { VECTOR_FUNCTIONS, type PgvectorVectorFunction } from '../../../document-stores/pgvector/pgvector-document-store-options.js';
import type { PgvectorRetrieverOptions } from './pgvector-retriever-options.js';
import { describeValue } from '../../../describe.js';

/**
 * Options of {@link PgvectorEmbeddingRetriever}: the shared options plus `vectorFunction`
 * (pgvector-haystack's `vector_function`).
 *
 * @example
 * new PgvectorEmbeddingRetriever({ documentStore: store, topK: 5, vectorFunction: 'inner_product' });
 */
export interface PgvectorEmbeddingRetrieverOptions extends PgvectorRetrieverOptions {
  /**
   * The similarity function; with an HNSW store, keep the one the index was built for.
   * @default the store's `vectorFunction`
   */
  readonly vectorFunction?: PgvectorVectorFunction | null | undefined;
}

export function resolveVectorFunction(value: unknown, fallback: PgvectorVectorFunction): PgvectorVectorFunction {
  if (value === undefined || value === null) return fallback;
  if (!VECTOR_FUNCTIONS.includes(value as PgvectorVectorFunction)) {
    throw new ComponentError(
      `PgvectorEmbeddingRetriever: expected 'vectorFunction' to be one of ${VECTOR_FUNCTIONS.map((f) => `'${f}'`).join(', ')}, got ${describeValue(value)}.`,
    );
  }
  return value as PgvectorVectorFunction;
}
