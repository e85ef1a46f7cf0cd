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
import type { InMemoryBM25RetrieverOptions } from './in-memory-bm25-retriever-options.js';
import { resolveRetrieverOptions } from './retriever-options.js';
import { assertKnownOptions } from '../../../core/component/known-options.js';
import { RETRIEVER_OPTIONS } from './retriever-options.js';

export const inputs = {
  query: z.string(),
  ...sharedRetrieverInputs,
};
export const outputs = { documents: z.array(z.instanceof(Document)) };
export type Inputs = typeof inputs;
export type Outputs = typeof outputs;

/**
 * Keyword retrieval from an {@link InMemoryDocumentStore} with its BM25 algorithm (Haystack's
 * `InMemoryBM25Retriever`). Run-time `filters`, `topK` and `scaleScore` override the options;
 * filters combine according to `filterPolicy`.
 *
 * @example
 * const retriever = new InMemoryBM25Retriever({ documentStore: store, topK: 3 });
 * const { documents } = retriever.run({ query: 'Who lives in Paris?' });
 */
export class InMemoryBM25Retriever extends Component<Inputs, Outputs> {
  static override readonly typeName = 'haystack.components.retrievers.in_memory.bm25_retriever.InMemoryBM25Retriever';

  readonly documentStore: InMemoryDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly scaleScore: boolean;
  readonly filterPolicy: FilterPolicy;

  constructor(options: InMemoryBM25RetrieverOptions) {
    assertKnownOptions(options, RETRIEVER_OPTIONS, 'InMemoryBM25Retriever');
    const resolved = resolveRetrieverOptions(options, 'InMemoryBM25Retriever');
    super({
      inputs,
      outputs,
      // Haystack's init-parameter order: document_store, filters, top_k, scale_score, filter_policy.
      initParameters: { ...resolved },
    });
    this.documentStore = resolved.documentStore;
    this.filters = resolved.filters;
    this.topK = resolved.topK;
    this.scaleScore = resolved.scaleScore;
    this.filterPolicy = resolved.filterPolicy;
  }

  run(input: RunInput<Inputs>, _context?: RunContext): RunResult<Outputs> {
    return { documents: this.documentStore.bm25Retrieval(this.arguments(input)) };
  }

  override async runAsync(input: RunInput<Inputs>, context?: RunContext): Promise<RunResult<Outputs>> {
    return { documents: await this.documentStore.bm25RetrievalAsync({ ...this.arguments(input), signal: context?.signal }) };
  }

  /** Rebuilds the retriever and its store from Haystack's layout. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): InMemoryBM25Retriever {
    const { options } = sharedRetrieverParameters(data, context);
    return new InMemoryBM25Retriever(options);
  }

  private arguments(input: RunInput<Inputs>) {
    return {
      query: input.query,
      filters: applyFilterPolicy(this.filterPolicy, this.filters, input.filters),
      topK: input.topK ?? this.topK,
      scaleScore: input.scaleScore ?? this.scaleScore,
    };
  }
}
