import { ComponentError } from '../../../errors.js';
import { PgvectorDocumentStore } from '../../../document-stores/pgvector/pgvector-document-store.js';
import type { FilterPolicy } from '../../../document-stores/types.js';
import type { Filters } from '../../../utils/filters.js';
import { resolveCommonRetrieverOptions } from '../common-retriever-options.js';
import { describeValue } from '../../../describe.js';

/** Options shared by the pgvector retrievers (pgvector-haystack's `document_store`, `filters`, `top_k`, `filter_policy`). */
export interface PgvectorRetrieverOptions {
  /** The store to retrieve from. */
  readonly documentStore: PgvectorDocumentStore;
  /** Filters applied on every run, combined with run-time filters by `filterPolicy`. @default undefined */
  readonly filters?: Filters | null | undefined;
  /** Maximum number of documents returned. Must be > 0. @default 10 */
  readonly topK?: number | undefined;
  /** `'replace'` or `'merge'` (case-insensitive). @default 'replace' */
  readonly filterPolicy?: FilterPolicy | Uppercase<FilterPolicy> | string | undefined;
}

/** Validated shared options. */
export interface ResolvedPgvectorRetrieverOptions {
  readonly documentStore: PgvectorDocumentStore;
  readonly filters: Filters | undefined;
  readonly topK: number;
  readonly filterPolicy: FilterPolicy;
}

/** Checks the shared options; `where` is the class name used in messages; `extra` the class's own option names. */
export function resolvePgvectorRetrieverOptions(
  options: PgvectorRetrieverOptions,
  where: string,
  extra: readonly string[] = [],
): ResolvedPgvectorRetrieverOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`${where}: expected an options object with a documentStore, got ${describeValue(options)}.`);
  }
  const known = ['documentStore', 'filters', 'topK', 'filterPolicy', ...extra];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ComponentError(`${where}: unknown option '${key}'. Known options: ${known.join(', ')}.`);
  }
  const { documentStore } = options;
  if (!(documentStore instanceof PgvectorDocumentStore)) {
    throw new ComponentError(`${where}: expected 'documentStore' to be a PgvectorDocumentStore, got ${describeValue(documentStore)}.`);
  }
  return { documentStore, ...resolveCommonRetrieverOptions(options, where) };
}
