import type { InMemoryRetrieverOptions } from './retriever-options.js';

/**
 * Options of {@link InMemoryBM25Retriever} (Haystack's `document_store`, `filters`, `top_k`,
 * `scale_score`, `filter_policy`).
 *
 * @example
 * new InMemoryBM25Retriever({ documentStore: store, topK: 5, filters: { field: 'meta.lang', operator: '==', value: 'en' } });
 */
export type InMemoryBM25RetrieverOptions = InMemoryRetrieverOptions;
