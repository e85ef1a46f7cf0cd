import { z } from 'zod';
import { Component, type RunContext } from '../../../core/component/component.js';
import type { RunInput, RunResult } from '../../../core/component/sockets.js';
import type { FromDictContext } from '../../../core/serialization/component-dict.js';
import { Document } from '../../../dataclasses/document.js';
import { applyFilterPolicy } from '../../../document-stores/filter-policy.js';
import type { PgvectorDocumentStore } from '../../../document-stores/pgvector/pgvector-document-store.js';
import type { PgvectorVectorFunction } from '../../../document-stores/pgvector/pgvector-document-store-options.js';
import type { FilterPolicy } from '../../../document-stores/types.js';
import type { Filters } from '../../../utils/filters.js';
import { filtersSchema } from '../in-memory/retriever-sockets.js';
import { resolveVectorFunction, type PgvectorEmbeddingRetrieverOptions } from './pgvector-embedding-retriever-options.js';
import { pgvectorRetrieverParameters } from './pgvector-retriever-dict.js';
import { resolvePgvectorRetrieverOptions } from './pgvector-retriever-options.js';

export const inputs = {
  queryEmbedding: z.array(z.number()),
  filters: filtersSchema.nullable().optional(),
  topK: z.number().int().nullable().optional(),
  vectorFunction: z.enum(['cosine_similarity', 'inner_product', 'l2_distance']).nullable().optional(),
};
export const outputs = { documents: z.array(z.instanceof(Document)) };
export type Inputs = typeof inputs;
export type Outputs = typeof outputs;

/**
 * Dense retrieval from a {@link PgvectorDocumentStore} (pgvector-haystack's
 * `PgvectorEmbeddingRetriever`). Run-time `filters`, `topK` and `vectorFunction` override the
 * options; filters combine according to `filterPolicy`.
 *
 * @example
 * const retriever = new PgvectorEmbeddingRetriever({ documentStore: store, topK: 3 });
 * const { documents } = await retriever.run({ queryEmbedding: embedding });
 */
export class PgvectorEmbeddingRetriever extends Component<Inputs, Outputs> {
  static override readonly typeName =
    'haystack_integrations.components.retrievers.pgvector.embedding_retriever.PgvectorEmbeddingRetriever';

  readonly documentStore: PgvectorDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly vectorFunction: PgvectorVectorFunction;
  readonly filterPolicy: FilterPolicy;

  constructor(options: PgvectorEmbeddingRetrieverOptions) {
    const resolved = resolvePgvectorRetrieverOptions(options, 'PgvectorEmbeddingRetriever', ['vectorFunction']);
    const vectorFunction = resolveVectorFunction(options.vectorFunction, resolved.documentStore.vectorFunction);
    // pgvector-haystack's init-parameter order: filters, top_k, vector_function, filter_policy, document_store.
    super({
      inputs,
      outputs,
      initParameters: {
        filters: resolved.filters,
        topK: resolved.topK,
        vectorFunction,
        filterPolicy: resolved.filterPolicy,
        documentStore: resolved.documentStore,
      },
    });
    this.documentStore = resolved.documentStore;
    this.filters = resolved.filters;
    this.topK = resolved.topK;
    this.vectorFunction = vectorFunction;
    this.filterPolicy = resolved.filterPolicy;
  }

  run(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return this.runAsync(input, context);
  }

  override async runAsync(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return {
      documents: await this.documentStore.embeddingRetrievalAsync({
        queryEmbedding: input.queryEmbedding,
        filters: applyFilterPolicy(this.filterPolicy, this.filters, input.filters),
        topK: input.topK ?? this.topK,
        vectorFunction: input.vectorFunction ?? this.vectorFunction,
        signal: context?.signal,
      }),
    };
  }

  /** Rebuilds the retriever and its store from pgvector-haystack's layout. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): PgvectorEmbeddingRetriever {
    const { parameters, options } = pgvectorRetrieverParameters(data, context);
    return new PgvectorEmbeddingRetriever({
      ...options,
      vectorFunction: (parameters['vector_function'] as PgvectorVectorFunction | null | undefined) ?? undefined,
    });
  }
}
