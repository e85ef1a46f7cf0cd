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
  /** Position in insertion order among all serials handed out; renumbered by compaction. */
  serial: number;
}

/** Everything stored under one index name. */
export class IndexState {
  /** Insertion ordered, like Haystack's dict: ties in rankings follow this order. */
  readonly entries = new Map<string, StoredEntry>();
  readonly bm25 = new Bm25Statistics();
  readonly embeddings = new EmbeddingMatrix();
  /** Entries holding an `oddEmbedding`. */
  oddEmbeddings = 0;
  /** Serials of deleted documents still present in the BM25 posting lists. */
  private deadSerials = 0;
  private bm25Cache: { readonly entries: StoredEntry[]; readonly serials: Int32Array } | undefined;
  private embeddingCache: { readonly entries: StoredEntry[]; readonly rows: Int32Array; readonly odd: boolean } | undefined;

  /** Drops the cached candidate lists; every mutation of `entries` calls it. */
  changed(): void {
    this.bm25Cache = undefined;
    this.embeddingCache = undefined;
  }

  /**
   * Documents with content and their serials, in insertion order: the unfiltered BM25 candidates.
   * Cached until the next change, so repeated queries do not walk the map.
   */
  bm25Candidates(): { readonly entries: StoredEntry[]; readonly serials: Int32Array } {
    if (this.bm25Cache === undefined) {
      const entries: StoredEntry[] = [];
      for (const entry of this.entries.values()) if (entry.document.content !== undefined) entries.push(entry);
      this.bm25Cache = { entries, serials: Int32Array.from(entries, (entry) => entry.serial) };
    }
    return this.bm25Cache;
  }

  /** Documents with an embedding and their matrix rows, in insertion order (cached like {@link bm25Candidates}). */
  embeddingCandidates(): { readonly entries: StoredEntry[]; readonly rows: Int32Array; readonly odd: boolean } {
    if (this.embeddingCache === undefined) {
      const entries: StoredEntry[] = [];
      let odd = false;
      for (const entry of this.entries.values()) {
        if (entry.row >= 0) entries.push(entry);
        else if (entry.oddEmbedding !== undefined) {
          entries.push(entry);
          odd = true;
        }
      }
      this.embeddingCache = { entries, rows: Int32Array.from(entries, (entry) => entry.row), odd };
    }
    return this.embeddingCache;
  }

  /** Records a deletion; renumbers serials once deleted ones outnumber live ones. */
  deleted(): void {
    this.deadSerials += 1;
    if (this.deadSerials > 1024 && this.deadSerials > this.entries.size) this.compact();
  }

  /** Gives live documents consecutive serials in insertion order and drops deleted ones from the postings. */
  compact(): void {
    const remap = new Int32Array(this.bm25.serialCount).fill(-1);
    let next = 0;
    for (const entry of this.entries.values()) {
      remap[entry.serial] = next;
      entry.serial = next;
      next += 1;
    }
    this.bm25.renumber(remap, next);
    this.bm25.compactTerms(Array.from(this.entries.values(), (entry) => entry.terms));
    this.deadSerials = 0;
    this.changed();
  }

  clear(): void {
    this.changed();
    this.deadSerials = 0;
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
