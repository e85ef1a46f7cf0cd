import { ComponentError } from '../../../errors.js';
import { InMemoryDocumentStore } from '../../../document-stores/in-memory/in-memory-document-store.js';
import type { FilterPolicy } from '../../../document-stores/types.js';
import { resolveCommonRetrieverOptions } from '../common-retriever-options.js';
import type { Filters } from '../../../utils/filters.js';
import type { KnownOptions } from '../../../core/component/known-options.js';
import { describeValue } from '../../../describe.js';

/** Options shared by the in-memory retrievers. */
export interface InMemoryRetrieverOptions {
  /** The store to retrieve from. */
  readonly documentStore: InMemoryDocumentStore;
  /** Filters applied on every run, combined with run-time filters by `filterPolicy`. @default undefined */
  readonly filters?: Filters | null | undefined;
  /** Maximum number of documents returned. Must be > 0. @default 10 */
  readonly topK?: number | undefined;
  /** Scale scores into (0, 1). @default false */
  readonly scaleScore?: boolean | undefined;
  /** `'replace'` or `'merge'` (case-insensitive). @default 'replace' */
  readonly filterPolicy?: FilterPolicy | Uppercase<FilterPolicy> | string | undefined;
}

/** Every option InMemoryRetriever knows: anything else is rejected. */
export const RETRIEVER_OPTIONS: KnownOptions<InMemoryRetrieverOptions> = { documentStore: true, filters: true, topK: true, scaleScore: true, filterPolicy: true };

/** Validated shared options. */
export interface ResolvedRetrieverOptions {
  readonly documentStore: InMemoryDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly scaleScore: boolean;
  readonly filterPolicy: FilterPolicy;
}

/** Checks the options shared by both retrievers; `where` is the class name used in messages. */
export function resolveRetrieverOptions(options: InMemoryRetrieverOptions, where: string): ResolvedRetrieverOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`${where}: expected an options object with a documentStore, got ${describeValue(options)}.`);
  }
  const { documentStore, scaleScore = false } = options;
  if (!(documentStore instanceof InMemoryDocumentStore)) {
    throw new ComponentError(`${where}: expected 'documentStore' to be an InMemoryDocumentStore, got ${describeValue(documentStore)}.`);
  }
  const { filters, topK, filterPolicy } = resolveCommonRetrieverOptions(options, where);
  if (typeof scaleScore !== 'boolean') {
    throw new ComponentError(`${where}: expected 'scaleScore' to be a boolean, got ${describeValue(scaleScore)}.`);
  }
  return { documentStore, filters, topK, scaleScore, filterPolicy };
}
