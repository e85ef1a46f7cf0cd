import { z } from 'zod';
import { Component, type RunContext } from '../../../core/component/component.js';
import type { RunInput, RunResult } from '../../../core/component/sockets.js';
import type { FromDictContext } from '../../../core/serialization/component-dict.js';
import { Document } from '../../../dataclasses/document.js';
import { applyFilterPolicy } from '../../../document-stores/filter-policy.js';
import { InMemoryDocumentStore } from '../../../document-stores/in-memory/in-memory-document-store.js';
import type { FilterPolicy } from '../../../document-stores/types.js';
import type { Filters } from '../../../utils/filters.js';
import { sharedRetrieverInputs } from './retriever-sockets.js';
import { sharedRetrieverParameters } from './retriever-dict.js';
import { resolveReturnEmbedding, type InMemoryEmbeddingRetrieverOptions } from './in-memory-embedding-retriever-options.js';
import { resolveRetrieverOptions } from './retriever-options.js';
import { assertKnownOptions } from '../../../core/component/known-options.js';
import { RETRIEVER_OPTIONS } from './retriever-options.js';

export const inputs = {
  queryEmbedding: z.array(z.number()),
  ...sharedRetrieverInputs,
  returnEmbedding: z.boolean().nullable().optional(),
};
export const outputs = { documents: z.array(z.instanceof(Document)) };
export type Inputs = typeof inputs;
export type Outputs = typeof outputs;

/**
 * Dense retrieval from an {@link InMemoryDocumentStore} with its similarity function (Haystack's
 * `InMemoryEmbeddingRetriever`). Always passes an explicit `returnEmbedding` to the store, so the
 * store's own setting never applies here, as in Haystack.
 *
 * @example
 * const retriever = new InMemoryEmbeddingRetriever({ documentStore: store, topK: 3 });
 * const { documents } = retriever.run({ queryEmbedding: [0.1, 0.2, 0.3] });
 */
export class InMemoryEmbeddingRetriever extends Component<Inputs, Outputs> {
  static override readonly typeName = 'haystack.components.retrievers.in_memory.embedding_retriever.InMemoryEmbeddingRetriever';

  readonly documentStore: InMemoryDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly scaleScore: boolean;
  readonly returnEmbedding: boolean;
  readonly filterPolicy: FilterPolicy;

  constructor(options: InMemoryEmbeddingRetrieverOptions) {
    assertKnownOptions(options, { ...RETRIEVER_OPTIONS, returnEmbedding: true }, 'InMemoryEmbeddingRetriever');
    const resolved = resolveRetrieverOptions(options, 'InMemoryEmbeddingRetriever');
    const returnEmbedding = resolveReturnEmbedding(options.returnEmbedding);
    super({
      inputs,
      outputs,
      initParameters: {
        documentStore: resolved.documentStore,
        filters: resolved.filters,
        topK: resolved.topK,
        scaleScore: resolved.scaleScore,
        returnEmbedding,
        filterPolicy: resolved.filterPolicy,
      },
    });
    this.documentStore = resolved.documentStore;
    this.filters = resolved.filters;
    this.topK = resolved.topK;
    this.scaleScore = resolved.scaleScore;
    this.returnEmbedding = returnEmbedding;
    this.filterPolicy = resolved.filterPolicy;
  }

  run(input: RunInput<Inputs>, _context?: RunContext): RunResult<Outputs> {
    return { documents: this.documentStore.embeddingRetrieval(this.arguments(input)) };
  }

  override async runAsync(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return { documents: await this.documentStore.embeddingRetrievalAsync({ ...this.arguments(input), signal: context?.signal }) };
  }

  /** Rebuilds the retriever and its store from Haystack's layout. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): InMemoryEmbeddingRetriever {
    const { parameters, options } = sharedRetrieverParameters(data, context);
    return new InMemoryEmbeddingRetriever({ ...options,
      returnEmbedding: (parameters['return_embedding'] as boolean | null | undefined) ?? undefined, });
  }

  private arguments(input: RunInput<Inputs>) {
    return {
      queryEmbedding: input.queryEmbedding,
      filters: applyFilterPolicy(this.filterPolicy, this.filters, input.filters),
      topK: input.topK ?? this.topK,
      scaleScore: input.scaleScore ?? this.scaleScore,
      returnEmbedding: input.returnEmbedding ?? this.returnEmbedding,
    };
  }
}
