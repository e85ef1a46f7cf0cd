import { ComponentError } from '../../../errors.js';
import type { InMemoryRetrieverOptions } from './retriever-options.js';
import { describeValue } from '../../../describe.js';

/**
 * Options of {@link InMemoryEmbeddingRetriever}: the shared retriever options plus
 * `returnEmbedding` (Haystack's `return_embedding`).
 *
 * @example
 * new InMemoryEmbeddingRetriever({ documentStore: store, topK: 5, returnEmbedding: true });
 */
export interface InMemoryEmbeddingRetrieverOptions extends InMemoryRetrieverOptions {
  /** Return the documents' embeddings. @default false */
  readonly returnEmbedding?: boolean | undefined;
}

export function resolveReturnEmbedding(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new ComponentError(`InMemoryEmbeddingRetriever: expected 'returnEmbedding' to be a boolean, got ${describeValue(value)}.`);
  }
  return value;
}
