import { assertKnownOptions, type KnownOptions } from '../../core/component/known-options.js';
import { DocumentStoreError } from '../errors.js';
import { BM25_ALGORITHMS, DEFAULT_TOKENIZATION_REGEX, type Bm25Algorithm, type Bm25Parameters } from './bm25.js';
import { describeValue } from '../../describe.js';

/** How embeddings are compared. */
export type EmbeddingSimilarityFunction = 'dot_product' | 'cosine';

/**
 * Options of {@link InMemoryDocumentStore} (Haystack's `__init__` keyword arguments, camelCased).
 *
 * @example
 * new InMemoryDocumentStore({ bm25Algorithm: 'BM25Okapi', embeddingSimilarityFunction: 'cosine', index: 'docs' });
 */
export interface InMemoryDocumentStoreOptions {
  /**
   * The pattern whose matches in the lower-cased text are the BM25 tokens. The default is Python's
   * `(?u)\b\w+\b`, applied with Unicode word characters; other patterns are JS regular expressions.
   * @default '(?u)\\b\\w+\\b'
   */
  readonly bm25TokenizationRegex?: string;
  /** @default 'BM25L' */
  readonly bm25Algorithm?: Bm25Algorithm;
  /** `k1`, `b`, `delta` (BM25L/BM25Plus), `epsilon` (BM25Okapi). @default {} */
  readonly bm25Parameters?: Bm25Parameters;
  /** @default 'dot_product' */
  readonly embeddingSimilarityFunction?: EmbeddingSimilarityFunction;
  /**
   * The name of the index. Shared stores built with the same name share their documents.
   * @default a random UUID
   */
  readonly index?: string;
  /**
   * Haystack 3.x's `shared`. `true`: the documents live in process-wide storage under `index`, and
   * every shared store of that index sees them (Haystack 2.31 always shares). `false`: the
   * documents belong to this instance and are freed with it; another store of the same name does not
   * see them. Use `false` for stores created often (per request, per test).
   *
   * Shared storage of a name you chose lives as long as the process, as in Haystack. Shared storage
   * under a generated name (no `index` given) is freed once no store of it is left: nothing else
   * can name it (see the README's differences list).
   * @default true
   * @example new InMemoryDocumentStore({ shared: false }) // a throwaway store per request
   */
  readonly shared?: boolean;
  /** Whether `filterDocuments` and `bm25Retrieval` return embeddings. @default true */
  readonly returnEmbedding?: boolean;
  /**
   * A Node-only extra. `false`: a write leaves the BM25 tokenizing and statistics to the first BM25
   * query (or deletion), which pays them at once (about 0.4 s after 100,000 W7 documents, 5.6 s
   * after 1,000,000). `true`: after a write the store also indexes in the background, 5 ms at a
   * time on later turns of the event loop, so that a query that comes later finds the work done.
   * Scores are the same either way. The slices do not keep the process alive, and a query that
   * comes first still indexes the rest at once. It costs the same CPU, spent even if no BM25 query
   * ever comes.
   * @default false
   * @example new InMemoryDocumentStore({ bm25IndexInBackground: true }) // ingest at start-up, query later
   */
  readonly bm25IndexInBackground?: boolean;
}

const STORE_OPTIONS: KnownOptions<InMemoryDocumentStoreOptions> = {
  bm25TokenizationRegex: true,
  bm25Algorithm: true,
  bm25Parameters: true,
  embeddingSimilarityFunction: true,
  index: true,
  shared: true,
  returnEmbedding: true,
  bm25IndexInBackground: true,
};

/** Validated options with defaults filled in. */
export interface ResolvedInMemoryDocumentStoreOptions {
  readonly bm25TokenizationRegex: string;
  readonly bm25Algorithm: Bm25Algorithm;
  readonly bm25Parameters: Bm25Parameters;
  readonly embeddingSimilarityFunction: EmbeddingSimilarityFunction;
  readonly index: string;
  /** True when `index` was generated here, not given. */
  readonly indexGenerated: boolean;
  readonly shared: boolean;
  readonly returnEmbedding: boolean;
  readonly bm25IndexInBackground: boolean;
}

const WHERE = 'InMemoryDocumentStore';

/** Checks the options once, at construction. */
export function resolveInMemoryDocumentStoreOptions(options: InMemoryDocumentStoreOptions): ResolvedInMemoryDocumentStoreOptions {
  assertKnownOptions(options, STORE_OPTIONS, WHERE, (message) => new DocumentStoreError(message));
  const {
    bm25TokenizationRegex = DEFAULT_TOKENIZATION_REGEX,
    bm25Algorithm = 'BM25L',
    bm25Parameters = {},
    embeddingSimilarityFunction = 'dot_product',
    index = crypto.randomUUID(),
    shared = true,
    returnEmbedding = true,
    bm25IndexInBackground = false,
  } = options;
  if (!BM25_ALGORITHMS.includes(bm25Algorithm)) {
    throw new DocumentStoreError(
      `${WHERE}: BM25 algorithm ${describeValue(bm25Algorithm)} is not supported; expected one of 'BM25Okapi', 'BM25L', 'BM25Plus'.`,
    );
  }
  if (typeof bm25TokenizationRegex !== 'string') {
    throw new DocumentStoreError(`${WHERE}: expected 'bm25TokenizationRegex' to be a string, got ${describeValue(bm25TokenizationRegex)}.`);
  }
  if (typeof bm25Parameters !== 'object' || bm25Parameters === null || Array.isArray(bm25Parameters)) {
    throw new DocumentStoreError(`${WHERE}: expected 'bm25Parameters' to be an object, got ${describeValue(bm25Parameters)}.`);
  }
  for (const key of ['k1', 'b', 'delta', 'epsilon'] as const) {
    const value = bm25Parameters[key];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new DocumentStoreError(`${WHERE}: expected bm25Parameters.${key} to be a finite number, got ${describeValue(value)}.`);
    }
  }
  if (embeddingSimilarityFunction !== 'dot_product' && embeddingSimilarityFunction !== 'cosine') {
    throw new DocumentStoreError(
      `${WHERE}: expected 'embeddingSimilarityFunction' to be 'dot_product' or 'cosine', got ${describeValue(embeddingSimilarityFunction)}.`,
    );
  }
  if (typeof index !== 'string' || index === '') {
    throw new DocumentStoreError(`${WHERE}: expected 'index' to be a non-empty string, got ${describeValue(index)}.`);
  }
  if (typeof shared !== 'boolean') {
    throw new DocumentStoreError(`${WHERE}: expected 'shared' to be a boolean, got ${describeValue(shared)}.`);
  }
  if (typeof returnEmbedding !== 'boolean') {
    throw new DocumentStoreError(`${WHERE}: expected 'returnEmbedding' to be a boolean, got ${describeValue(returnEmbedding)}.`);
  }
  if (typeof bm25IndexInBackground !== 'boolean') {
    throw new DocumentStoreError(`${WHERE}: expected 'bm25IndexInBackground' to be a boolean, got ${describeValue(bm25IndexInBackground)}.`);
  }
  return {
    bm25TokenizationRegex,
    bm25Algorithm,
    bm25Parameters: { ...bm25Parameters },
    embeddingSimilarityFunction,
    index,
    indexGenerated: options.index === undefined,
    shared,
    returnEmbedding,
    bm25IndexInBackground,
  };
}
