import type { Document } from '../../dataclasses/document.js';
import { Bm25Statistics } from './bm25.js';
import { EmbeddingMatrix } from './embedding-index.js';

/** One stored document: the document without its embedding, its BM25 serial, where its vector is. */
export interface StoredEntry {
  /** Replaced in place (by `updateByFilter`), so that a pending entry stays the one in the map. */
  document: Document;
  /** Row in the embedding matrix, or -1. */
  row: number;
  /** An embedding whose length differs from the matrix's; kept so retrieval can report the mismatch. */
  oddEmbedding: readonly number[] | undefined;
  /**
   * Position in insertion order among all serials handed out, the key of its BM25 statistics
   * (-1 until {@link IndexState.indexPending} has counted its terms); renumbered by compaction.
   */
  serial: number;
}

/**
 * Counts a document's terms into the statistics under the next serial: the writing store's
 * tokenizer, kept with each pending entry because stores sharing an index may tokenize differently.
 */
export type TermIndexer = (bm25: Bm25Statistics, content: string | undefined) => number;

/** Documents indexed before a long pass reserves its arrays from what they used. */
const RESERVATION_SAMPLE = 512;

/** How long one background slice indexes before it gives the event loop back (see `indexInBackground`). */
const BACKGROUND_SLICE_MS = 5;
/** Documents indexed between two looks at the clock in a background slice. */
const SLICE_CHECK = 64;

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
  /**
   * Entries written since the BM25 statistics were last brought up to date, in write order, and
   * the indexer of each. Tokenizing is most of a write's cost and only BM25 retrieval reads its
   * result, so it waits for the first query (or deletion) that needs it. Every pending entry is
   * live: a deletion indexes the pending ones first, so the statistics see the same sequence of
   * additions and removals, and keep the same floating-point values, as with eager indexing.
   */
  private pendingEntries: StoredEntry[] = [];
  private pendingIndexers: TermIndexer[] = [];
  /** Pending entries before this one are indexed already (by background slices). */
  private pendingFrom = 0;
  /** A background slice is queued (see {@link indexInBackground}). */
  private sliceQueued = false;

  /**
   * Stores `document` (its id absent) as a new entry; `indexer` counts its terms when they are
   * first needed. Its embedding goes into the matrix now, from the row `slot` staged by
   * `stageFloat32Embeddings` when the matrix still holds it (-1 or a reset since: copied again), as
   * eager writes did: the first vector stored into an empty matrix fixes its width, and a vector of
   * another width is kept aside as `oddEmbedding`.
   */
  add(document: Document, indexer: TermIndexer, slot: number): void {
    const entry: StoredEntry = { document, row: -1, oddEmbedding: undefined, serial: -1 };
    const embedding = document.embedding;
    if (embedding !== undefined) {
      const matrix = this.embeddings;
      if (!matrix.accepts(embedding.length)) {
        entry.oddEmbedding = embedding;
        this.oddEmbeddings += 1;
      } else entry.row = slot >= 0 && matrix.holdsStaged(embedding.length) ? matrix.commitStaged(slot) : matrix.add(embedding);
      // The vector lives in the matrix; keeping the number array too would triple the memory.
      entry.document = document.copyWith({ embedding: undefined });
    }
    this.entries.set(document.id, entry);
    this.pendingEntries.push(entry);
    this.pendingIndexers.push(indexer);
    this.changed();
  }

  /** Counts the terms of every pending entry, in write order: before BM25 scores or serials are read. */
  indexPending(): void {
    this.indexUntil(Infinity);
  }

  /** How many written documents wait for their terms to be counted. */
  get pendingCount(): number {
    return this.pendingEntries.length - this.pendingFrom;
  }

  /**
   * Counts the pending entries' terms, then moves their postings into the posting lists, a slice
   * at a time on later turns of the event loop (a 1 ms timer between slices of
   * {@link BACKGROUND_SLICE_MS}), until nothing is left: what the first BM25 query (or deletion)
   * would otherwise do at once. Entries are indexed in write order either way, and every operation
   * that reads the statistics or postings finishes what is still pending first, so scores are the
   * same. The slices neither keep the process alive (a script that never queries exits without
   * them) nor keep a dropped store's state alive.
   */
  indexInBackground(): void {
    if (this.sliceQueued || (this.pendingCount === 0 && !this.bm25.hasUnflushed)) return;
    this.sliceQueued = true;
    const state = new WeakRef<IndexState>(this);
    // An unref'd timer, not an unref'd immediate: libuv's poll phase does not wait for immediates
    // that are unref'd, so with only a distant timer pending one slice ran per wake-up (one in 2 s).
    setTimeout(() => state.deref()?.runSlice(), 0).unref();
  }

  private runSlice(): void {
    this.sliceQueued = false;
    const deadline = performance.now() + BACKGROUND_SLICE_MS;
    this.indexUntil(deadline);
    if (this.pendingCount === 0 && performance.now() < deadline) this.bm25.flushSome(deadline);
    this.indexInBackground();
  }

  /**
   * Indexes pending entries in write order until none is left or `deadline` (a `performance.now()`
   * time) has passed, looking at the clock every {@link SLICE_CHECK} entries.
   */
  private indexUntil(deadline: number): void {
    const entries = this.pendingEntries;
    if (entries.length === this.pendingFrom) return;
    const indexers = this.pendingIndexers;
    const bm25 = this.bm25;
    const start = this.pendingFrom;
    let i = start;
    this.bm25Cache = undefined;
    // Whatever stops the pass (the deadline, or a tokenizer that throws), what was counted is
    // never counted again.
    try {
      if (i === 0 && entries.length > 2 * RESERVATION_SAMPLE) {
        // A long pass reserves its arrays at once (see Bm25Statistics.reserve), sized by the distinct
        // terms per code unit of its first documents, with a quarter more for headroom; a text-blind
        // bound (a token per two code units) reserved three times what W7 uses. Growth by doubling
        // covers an estimate that falls short.
        const arenaBefore = bm25.arenaSize;
        let sampled = 0;
        for (; i < RESERVATION_SAMPLE; i++) {
          const content = entries[i]!.document.content;
          sampled += content?.length ?? 0;
          entries[i]!.serial = indexers[i]!(bm25, content);
        }
        let characters = 0;
        for (let k = i; k < entries.length; k++) characters += entries[k]!.document.content?.length ?? 0;
        const perUnit = (bm25.arenaSize - arenaBefore) / Math.max(1, sampled);
        bm25.reserve(entries.length - i, Math.ceil(1.25 * perUnit * characters) + entries.length - i);
      }
      const bounded = deadline !== Infinity;
      for (; i < entries.length; i++) {
        if (bounded && i > start && (i - start) % SLICE_CHECK === 0 && performance.now() >= deadline) break;
        const entry = entries[i]!;
        entry.serial = indexers[i]!(bm25, entry.document.content);
      }
    } finally {
      if (i < entries.length) this.pendingFrom = i;
      else {
        this.pendingEntries = [];
        this.pendingIndexers = [];
        this.pendingFrom = 0;
      }
    }
  }

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
    this.indexPending();
    if (this.bm25Cache === undefined) {
      const entries: StoredEntry[] = [];
      // Serials written as the entries are found: Int32Array.from with a mapping callback was a
      // second walk, one call per document (3 % of the first query after 1,000,000 documents).
      let serials = new Int32Array(this.entries.size);
      for (const entry of this.entries.values()) {
        if (entry.document.content === undefined) continue;
        serials[entries.length] = entry.serial;
        entries.push(entry);
      }
      if (entries.length < serials.length) serials = serials.slice(0, entries.length);
      this.bm25Cache = { entries, serials };
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
    this.indexPending();
    const remap = new Int32Array(this.bm25.serialCount).fill(-1);
    let next = 0;
    for (const entry of this.entries.values()) {
      remap[entry.serial] = next;
      entry.serial = next;
      next += 1;
    }
    this.bm25.renumber(remap, next);
    this.deadSerials = 0;
    this.changed();
  }

  clear(): void {
    this.changed();
    this.pendingEntries = [];
    this.pendingIndexers = [];
    this.pendingFrom = 0;
    this.deadSerials = 0;
    this.entries.clear();
    this.bm25.clear();
    this.embeddings.clear();
    this.oddEmbeddings = 0;
  }
}

// Haystack keeps shared storage in module-level dicts keyed by index name, so every shared store
// built with the same name sees the same documents. Names the caller chose live for the process, as
// there: code may rebuild a store by name after dropping the last one (an indexing function, then a
// query pipeline loaded from YAML). A generated name is known only to the instances that share it,
// so its state is held weakly and freed with the last of them; otherwise every
// `new InMemoryDocumentStore()` would stay in memory for good (issue 13: 193 MB after 1,000 stores).
const NAMED = new Map<string, IndexState>();
const GENERATED = new Map<string, WeakRef<IndexState>>();
const FORGET = new FinalizationRegistry<string>((index) => {
  // The name may have been taken over by a named store since: only drop a dead reference.
  if (GENERATED.get(index)?.deref() === undefined) GENERATED.delete(index);
});

/**
 * The shared state of `index`, created on first use. `generated` says that the store made the name
 * up itself (no `index` option): the state is then registered weakly, and kept only by the stores.
 * Naming an index explicitly while a generated one of that name is alive (its `toDict` read back)
 * shares it and pins it for the process, as every named index is.
 */
export function sharedIndexState(index: string, generated: boolean): IndexState {
  const named = NAMED.get(index);
  if (named !== undefined) return named;
  const weak = GENERATED.get(index)?.deref();
  if (weak !== undefined) {
    if (!generated) {
      NAMED.set(index, weak);
      GENERATED.delete(index);
    }
    return weak;
  }
  const state = new IndexState();
  if (generated) {
    GENERATED.set(index, new WeakRef(state));
    FORGET.register(state, index);
  } else NAMED.set(index, state);
  return state;
}

/**
 * How the registry holds `index`: `'named'` (for the process), `'generated'` (weakly, until the
 * last store of it is collected) or `undefined` (not registered: unshared stores, or freed).
 * For tests and diagnostics.
 */
export function sharedIndexRegistration(index: string): 'named' | 'generated' | undefined {
  if (NAMED.has(index)) return 'named';
  return GENERATED.get(index)?.deref() === undefined ? undefined : 'generated';
}
