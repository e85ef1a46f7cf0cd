import { initParametersOf, type FromDictContext } from '../../../core/serialization/component-dict.js';
import { InMemoryDocumentStore } from '../../../document-stores/in-memory/in-memory-document-store.js';
import type { Filters } from '../../../utils/filters.js';

/** The init parameters both in-memory retrievers share, read back from Haystack's serialized layout. */
export function sharedRetrieverParameters(data: Readonly<Record<string, unknown>>, context: FromDictContext | undefined) {
  const p = context ? initParametersOf(data, context) : ((data['init_parameters'] ?? {}) as Record<string, unknown>);
  const store = p['document_store'];
  return {
    parameters: p,
    options: {
      documentStore: store instanceof InMemoryDocumentStore ? store : InMemoryDocumentStore.fromDict(store as Record<string, unknown>),
      filters: (p['filters'] as Filters | null | undefined) ?? undefined,
      topK: (p['top_k'] as number | null | undefined) ?? undefined,
      scaleScore: (p['scale_score'] as boolean | null | undefined) ?? undefined,
      filterPolicy: (p['filter_policy'] as string | null | undefined) ?? undefined,
    },
  };
}
