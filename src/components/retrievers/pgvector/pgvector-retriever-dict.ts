import { initParametersOf, type FromDictContext } from '../../../core/serialization/component-dict.js';
import { PgvectorDocumentStore } from '../../../document-stores/pgvector/pgvector-document-store.js';
import type { Filters } from '../../../utils/filters.js';

/** The init parameters both pgvector retrievers share, read back from pgvector-haystack's serialized layout. */
export function pgvectorRetrieverParameters(data: Readonly<Record<string, unknown>>, context: FromDictContext | undefined) {
  const p = context ? initParametersOf(data, context) : ((data['init_parameters'] ?? {}) as Record<string, unknown>);
  const store = p['document_store'];
  return {
    parameters: p,
    options: {
      documentStore: store instanceof PgvectorDocumentStore ? store : PgvectorDocumentStore.fromDict(store as Record<string, unknown>),
      filters: (p['filters'] as Filters | null | undefined) ?? undefined,
      topK: (p['top_k'] as number | null | undefined) ?? undefined,
      filterPolicy: (p['filter_policy'] as string | null | undefined) ?? undefined,
    },
  };
}
