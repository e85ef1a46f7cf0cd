import type { Document } from '../../dataclasses/document.js';
import { Bm25Statistics, type DocumentTerms } from './bm25.js';
import { EmbeddingMatrix } from './embedding-index.js';

/** One stored document: the document without its embedding, its BM25 statistics, where its vector is. */
export interface StoredEntry {
  readonly document: Document;
  readonly terms: DocumentTerms;
  /** Row in the embedding matrix, or -1. */
  readonly row: number;
  /** An embedding whose length differs from the matrix's; kept so retrieval can report the mismatch. */
  readonly oddEmbedding: readonly number[] | undefined;
}

/** Everything stored under one index name. */
export class IndexState {
  /** Insertion ordered, like Haystack's dict: ties in rankings follow this order. */
  readonly entries = new Map<string, StoredEntry>();
  readonly bm25 = new Bm25Statistics();
  readonly embeddings = new EmbeddingMatrix();
  /** Entries holding an `oddEmbedding`. */
  oddEmbeddings = 0;

  clear(): void {
    this.entries.clear();
    this.bm25.clear();
    this.embeddings.clear();
    this.oddEmbeddings = 0;
  }
}

// Haystack 2.31 keeps its storage in module-level dicts keyed by index name, so every store built
// with the same name sees the same documents for the life of the process.
const STATES = new Map<string, IndexState>();

/** The state of `index`, created on first use. */
export function indexState(index: string): IndexState {
  let state = STATES.get(index);
  if (state === undefined) {
    state = new IndexState();
    STATES.set(index, state);
  }
  return state;
}
