import { z } from 'zod';
import { Component, type RunContext } from '../../../core/component/component.js';
import type { RunInput, RunResult } from '../../../core/component/sockets.js';
import type { FromDictContext } from '../../../core/serialization/component-dict.js';
import { Document } from '../../../dataclasses/document.js';
import { applyFilterPolicy } from '../../../document-stores/filter-policy.js';
import type { PgvectorDocumentStore } from '../../../document-stores/pgvector/pgvector-document-store.js';
import type { FilterPolicy } from '../../../document-stores/types.js';
import type { Filters } from '../../../utils/filters.js';
import { filtersSchema } from '../in-memory/retriever-sockets.js';
import type { PgvectorKeywordRetrieverOptions } from './pgvector-keyword-retriever-options.js';
import { pgvectorRetrieverParameters } from './pgvector-retriever-dict.js';
import { resolvePgvectorRetrieverOptions } from './pgvector-retriever-options.js';

export const inputs = {
  query: z.string(),
  filters: filtersSchema.nullable().optional(),
  topK: z.number().int().nullable().optional(),
};
export const outputs = { documents: z.array(z.instanceof(Document)) };
export type Inputs = typeof inputs;
export type Outputs = typeof outputs;

/**
 * Keyword retrieval from a {@link PgvectorDocumentStore} with Postgres full-text search, scored
 * with `ts_rank_cd` (pgvector-haystack's `PgvectorKeywordRetriever`). Run-time `filters` and
 * `topK` override the options; filters combine according to `filterPolicy`.
 *
 * @example
 * const retriever = new PgvectorKeywordRetriever({ documentStore: store, topK: 3 });
 * const { documents } = await retriever.run({ query: 'Who lives in Paris?' });
 */
export class PgvectorKeywordRetriever extends Component<Inputs, Outputs> {
  static override readonly typeName = 'haystack_integrations.components.retrievers.pgvector.keyword_retriever.PgvectorKeywordRetriever';

  readonly documentStore: PgvectorDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly filterPolicy: FilterPolicy;

  constructor(options: PgvectorKeywordRetrieverOptions) {
    const resolved = resolvePgvectorRetrieverOptions(options, 'PgvectorKeywordRetriever');
    // pgvector-haystack's init-parameter order: filters, top_k, filter_policy, document_store.
    super({
      inputs,
      outputs,
      initParameters: {
        filters: resolved.filters,
        topK: resolved.topK,
        filterPolicy: resolved.filterPolicy,
        documentStore: resolved.documentStore,
      },
    });
    this.documentStore = resolved.documentStore;
    this.filters = resolved.filters;
    this.topK = resolved.topK;
    this.filterPolicy = resolved.filterPolicy;
  }

  run(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return this.runAsync(input, context);
  }

  override async runAsync(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return {
      documents: await this.documentStore.keywordRetrievalAsync({
        query: input.query,
        filters: applyFilterPolicy(this.filterPolicy, this.filters, input.filters),
        topK: input.topK ?? this.topK,
        signal: context?.signal,
      }),
    };
  }

  /** Rebuilds the retriever and its store from pgvector-haystack's layout. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): PgvectorKeywordRetriever {
    return new PgvectorKeywordRetriever(pgvectorRetrieverParameters(data, context).options);
  }
}
