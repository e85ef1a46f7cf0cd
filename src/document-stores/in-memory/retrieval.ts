import type { Document } from '../../dataclasses/document.js';
import { isEmptyFilter, type Filters } from '../../utils/filters.js';
import { assertFiniteQueryEmbedding } from '../embedding-checks.js';
import { DocumentStoreError } from '../errors.js';
import type { Bm25Algorithm, Bm25Parameters } from './bm25.js';
import type { IndexState, StoredEntry } from './index-state.js';
import type { EmbeddingSimilarityFunction } from './in-memory-document-store-options.js';
import { matchingEntries, withEmbedding } from './stored-documents.js';
import { topKIndices } from './top-k.js';

/** The store's two retrieval methods over its {@link IndexState}, with Haystack's scoring rules. */

// Haystack's constants: BM25 scores are squashed with expit(score / 8), dot products with expit(score / 100).
const BM25_SCALING_FACTOR = 8;
const DOT_PRODUCT_SCALING_FACTOR = 100;
const WHERE = 'InMemoryDocumentStore';

/** Arguments of {@link InMemoryDocumentStore.bm25Retrieval}. */
export interface Bm25RetrievalOptions {
  readonly query: string;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
  /** Squash scores into (0, 1) with `1 / (1 + exp(-score / 8))`. @default false */
  readonly scaleScore?: boolean | undefined;
}

/** Arguments of {@link InMemoryDocumentStore.embeddingRetrieval}. */
export interface EmbeddingRetrievalOptions {
  readonly queryEmbedding: ArrayLike<number>;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
  /** Dot product: `expit(score / 100)`; cosine: `(score + 1) / 2`. @default false */
  readonly scaleScore?: boolean | undefined;
  /** `null` uses the store's `returnEmbedding`. @default false (as Haystack) */
  readonly returnEmbedding?: boolean | null | undefined;
}

/** The settings of the store that retrieval reads. */
export interface RetrievalSettings {
  readonly tokenize: (text: string) => string[];
  readonly bm25Algorithm: Bm25Algorithm;
  readonly bm25Parameters: Readonly<Bm25Parameters>;
  readonly embeddingSimilarityFunction: EmbeddingSimilarityFunction;
  readonly returnEmbedding: boolean;
}

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * BM25 retrieval with Haystack's rules: statistics over the whole index, candidates = documents
 * with content that match `filters`, the `topK` best first, then documents scoring `<= 0` dropped
 * (except unscaled BM25Okapi, whose negative scores are valid). Scaled scores are always > 0.
 */
export function bm25Retrieval(state: IndexState, settings: RetrievalSettings, options: Bm25RetrievalOptions): Document[] {
  const where = `${WHERE}.bm25Retrieval`;
  const { query, filters, topK = 10, scaleScore = false } = options;
  if (typeof query !== 'string' || query === '') throw new DocumentStoreError(`${where}: query should be a non-empty string.`);
  checkTopK(topK, where);
  if (!isEmptyFilter(filters) && !('operator' in filters)) {
    throw new DocumentStoreError(
      `${where}: Invalid filter syntax. See https://docs.haystack.deepset.ai/docs/metadata-filtering for details.`,
    );
  }
  state.indexPending();
  let candidates: StoredEntry[];
  let serials: Int32Array;
  if (isEmptyFilter(filters)) ({ entries: candidates, serials } = state.bm25Candidates());
  else {
    candidates = [];
    for (const entry of matchingEntries(state, filters, where)) if (entry.document.content !== undefined) candidates.push(entry);
    serials = Int32Array.from(candidates, (entry) => entry.serial);
  }
  if (candidates.length === 0) return [];
  const all = state.bm25.scoreAll(settings.tokenize(query), settings.bm25Algorithm, settings.bm25Parameters);
  const scores = new Float64Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) scores[i] = all[serials[i]!]!;
  const negativesAreValid = settings.bm25Algorithm === 'BM25Okapi' && !scaleScore;
  const out: Document[] = [];
  for (const i of topKIndices(scores, topK)) {
    let score = scores[i]!;
    if (scaleScore) score = expit(score / BM25_SCALING_FACTOR);
    if (!negativesAreValid && score <= 0) continue;
    const entry = candidates[i]!;
    out.push(settings.returnEmbedding ? withEmbedding(state, entry, score) : entry.document.copyWith({ score }));
  }
  return out;
}

/** Embedding retrieval: dot product or cosine over the documents that have an embedding and match `filters`. */
export function embeddingRetrieval(state: IndexState, settings: RetrievalSettings, options: EmbeddingRetrievalOptions): Document[] {
  const where = `${WHERE}.embeddingRetrieval`;
  const { queryEmbedding, filters, topK = 10, scaleScore = false, returnEmbedding = false } = options;
  if (!isNumberArray(queryEmbedding)) {
    throw new DocumentStoreError(`${where}: queryEmbedding should be a non-empty array of numbers.`);
  }
  assertFiniteQueryEmbedding(queryEmbedding, where, 'queryEmbedding');
  checkTopK(topK, where);
  let candidates: StoredEntry[];
  let rows: Int32Array;
  let odd = false;
  if (isEmptyFilter(filters)) ({ entries: candidates, rows, odd } = state.embeddingCandidates());
  else {
    candidates = [];
    for (const entry of matchingEntries(state, filters, where)) {
      if (entry.row >= 0) candidates.push(entry);
      else if (entry.oddEmbedding !== undefined) {
        candidates.push(entry);
        odd = true;
      }
    }
    rows = Int32Array.from(candidates, (entry) => entry.row);
  }
  if (candidates.length === 0) return [];
  if (odd) {
    throw new DocumentStoreError(
      `${where}: the embedding size of all Documents should be the same. Please make sure that the Documents have been embedded with the same model.`,
    );
  }
  const similarity = settings.embeddingSimilarityFunction;
  const scores = state.embeddings.similarities(queryEmbedding, rows, similarity);
  if (scaleScore) {
    for (let i = 0; i < scores.length; i++) {
      scores[i] = similarity === 'cosine' ? (scores[i]! + 1) / 2 : expit(scores[i]! / DOT_PRODUCT_SCALING_FACTOR);
    }
  }
  const restore = returnEmbedding ?? settings.returnEmbedding;
  return topKIndices(scores, topK).map((i) => {
    const entry = candidates[i]!;
    return restore ? withEmbedding(state, entry, scores[i]!) : entry.document.copyWith({ score: scores[i]! });
  });
}

function checkTopK(topK: number, where: string): void {
  if (!Number.isInteger(topK) || topK < 0) {
    throw new DocumentStoreError(`${where}: expected topK to be a non-negative integer, got ${String(topK)}.`);
  }
}

function isNumberArray(value: ArrayLike<number>): boolean {
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number' || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
  return true;
}
