import type { PgvectorRetrieverOptions } from './pgvector-retriever-options.js';

/**
 * Options of {@link PgvectorKeywordRetriever} (pgvector-haystack's `document_store`, `filters`,
 * `top_k`, `filter_policy`).
 *
 * @example
 * new PgvectorKeywordRetriever({ documentStore: store, topK: 5, filters: { field: 'meta.lang', operator: '==', value: 'en' } });
 */
export type PgvectorKeywordRetrieverOptions = PgvectorRetrieverOptions;
