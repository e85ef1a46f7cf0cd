/**
 * BM25 statistics and scoring with Haystack 2.31's exact formulas (`InMemoryDocumentStore._score_*`).
 *
 * Terms are interned to integer ids; each document gets a serial number (its position in the
 * store's insertion order) and each term a posting list of (serial, count). A query walks the
 * posting lists of its terms only, then scores every document term by term with typed arrays.
 * The arithmetic per document is Haystack's, in Haystack's order, so scores agree bit for bit
 * up to the order of floating-point sums Haystack itself leaves to hash order (Okapi's IDF sum).
 */

import type { Bm25Algorithm, Bm25Parameters } from './bm25-settings.js';
import { ASCII_WORD, scanUnicodeWords, TokenRanges } from './bm25-unicode-scan.js';
import { PendingPostings } from './pending-postings.js';
import { PostingLists } from './posting-lists.js';
import { HASH_SEED, mix, TermTable } from './term-table.js';
import { grown, withRoom } from './typed-array-growth.js';

export { BM25_ALGORITHMS, createTokenizer, DEFAULT_TOKENIZATION_REGEX, type Bm25Algorithm, type Bm25Parameters } from './bm25-settings.js';

/** Incrementally maintained corpus statistics of one index. */
export class Bm25Statistics {
  private readonly terms = new TermTable();
  private documentFrequency = new Int32Array(1024);
  private termCount = 0;
  /** Number of terms whose document frequency is positive (Okapi's vocabulary size). */
  private liveTerms = 0;
  /** Per term: serials of the documents containing it (stale ones included until compaction) and counts. */
  private readonly postings = new PostingLists();
  /** The distinct term ids of every document, back to back (one array instead of one per document). */
  private termArena = new Int32Array(1024);
  private arenaUsed = 0;
  /**
   * Per serial: length in tokens, and where its distinct term ids sit in the arena and how many.
   * Typed arrays rather than an object per document: an indexing pass over a million documents
   * otherwise promotes a million small objects, and the old-space collections they trigger each
   * mark the whole store (quadratic in its size; 123 s for the first query after 1M writes).
   */
  private lengths = new Int32Array(1024);
  private termOffsets = new Int32Array(1024);
  private termCounts = new Int32Array(1024);
  /**
   * Per-document term counting without a Map: `seen[term]` holds the mark of the last document that
   * counted the term and `frequency[term]` its count there. Marks only grow (serials are reused
   * after compaction, marks never are).
   */
  private seen = new Int32Array(1024);
  private frequency = new Int32Array(1024);
  private mark = 0;
  /** Postings counted but not yet in their lists (see {@link PendingPostings}); flushed before any read. */
  private readonly pending = new PendingPostings();
  /** Scratch space for one document's term ids, and the Unicode scan's token ranges. */
  private tokenIds = new Int32Array(256);
  private readonly ranges = new TokenRanges();
  /** Number of serials handed out so far (live and deleted). */
  serialCount = 0;
  /** Number of documents, with or without content. */
  documentCount = 0;
  /** Average length in tokens, updated with Haystack's incremental formulas. */
  averageLength = 0;

  /**
   * Makes room, in one allocation each, for `documents` more documents with `terms` distinct terms
   * (summed over the documents) in all, before a long indexing pass: otherwise the pass grows its
   * arrays step by step, and V8 collects the whole heap for every 64 MB of typed-array memory
   * allocated (about 12 full collections of a 550 MB heap in the first query after a million W7
   * documents). Posting lists need no estimate: a flush knows how many postings it adds.
   */
  reserve(documents: number, terms: number): void {
    const serials = this.serialCount + documents;
    this.lengths = withRoom(this.lengths, serials);
    this.termOffsets = withRoom(this.termOffsets, serials);
    this.termCounts = withRoom(this.termCounts, serials);
    this.termArena = withRoom(this.termArena, this.arenaUsed + terms);
    this.pending.reserve(this.arenaUsed, terms);
  }

  /** Distinct terms of all documents indexed so far, summed (the arena's length). */
  get arenaSize(): number {
    return this.arenaUsed;
  }

  /** Length in tokens of the document with this serial. */
  documentLength(serial: number): number {
    return this.lengths[serial]!;
  }

  /** Number of distinct terms of the document with this serial. */
  distinctTerms(serial: number): number {
    return this.termCounts[serial]!;
  }

  /** Adds a document's tokens under the next serial and returns the serial. */
  add(tokens: readonly string[]): number {
    const ids = this.scratch(tokens.length);
    for (let k = 0; k < tokens.length; k++) {
      const token = tokens[k]!;
      const id = this.terms.intern(token);
      if (id === this.termCount) this.termAdded();
      ids[k] = id;
    }
    return this.commit(tokens.length);
  }

  /**
   * {@link add} for the tokens of Haystack's default pattern over the lower-cased `text`, read
   * straight from the text when it is ASCII: one scan folds the case, hashes each word and looks it
   * up in the term table as it ends (no lower-cased copy, no token strings, no Map; only new terms
   * are sliced out). Other text is lower-cased as a whole (lower-casing outside ASCII may change
   * lengths) and scanned by `scanUnicodeWords`; terms the scan added before it met the first
   * non-ASCII code unit are the Unicode scan's first tokens too, added in the same order.
   */
  addDefaultTokens(text: string): number {
    const n = text.length;
    // At most one token per two code units (a word and a separator), plus one.
    const ids = this.scratch((n >> 1) + 1);
    const terms = this.terms;
    let count = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      if (c >= 128) return this.addUnicodeTokens(text.toLowerCase());
      if (ASCII_WORD[c] === 0) {
        i += 1;
        continue;
      }
      const start = i;
      let hash = HASH_SEED;
      for (;;) {
        hash = mix(hash, c >= 65 && c <= 90 ? c + 32 : c);
        i += 1;
        if (i === n) break;
        c = text.charCodeAt(i);
        if (c >= 128) return this.addUnicodeTokens(text.toLowerCase());
        if (ASCII_WORD[c] === 0) break;
      }
      let id = terms.findRange(text, start, i, hash, true);
      if (id < 0) {
        id = terms.add(text.slice(start, i).toLowerCase(), hash);
        this.termAdded();
      }
      ids[count] = id;
      count += 1;
    }
    return this.commit(count);
  }

  /** {@link add} for the tokens of Haystack's default pattern in the already lower-cased `lower`. */
  private addUnicodeTokens(lower: string): number {
    const ranges = this.ranges;
    const count = scanUnicodeWords(lower, ranges);
    const ids = this.scratch(count);
    const terms = this.terms;
    const { starts, ends, hashes } = ranges;
    for (let k = 0; k < count; k++) {
      let id = terms.findRange(lower, starts[k]!, ends[k]!, hashes[k]!, false);
      if (id < 0) {
        id = terms.add(lower.slice(starts[k]!, ends[k]!), hashes[k]!);
        this.termAdded();
      }
      ids[k] = id;
    }
    return this.commit(count);
  }

  /** Records the document whose term ids are the first `tokenCount` of the scratch ids. */
  private commit(tokenCount: number): number {
    // A flush under way reads the counts from its base: it ends before anything more is counted.
    if (this.pending.flushing) this.flush();
    const offset = this.arenaUsed;
    if (!this.pending.fits(offset, tokenCount)) this.flush();
    const serial = this.serialCount;
    this.serialCount += 1;
    if (serial >= this.lengths.length) {
      this.lengths = grown(this.lengths, serial + 1);
      this.termOffsets = grown(this.termOffsets, serial + 1);
      this.termCounts = grown(this.termCounts, serial + 1);
    }
    this.lengths[serial] = tokenCount;
    const arena = (this.termArena = withRoom(this.termArena, offset + tokenCount));
    const ids = this.tokenIds;
    const seen = this.seen;
    const frequency = this.frequency;
    this.mark += 1;
    const mark = this.mark;
    let end = offset;
    // Distinct terms in order of first occurrence, as the Map this replaces iterated them.
    for (let k = 0; k < tokenCount; k++) {
      const id = ids[k]!;
      if (seen[id] !== mark) {
        seen[id] = mark;
        frequency[id] = 1;
        arena[end] = id;
        end += 1;
      } else frequency[id] = frequency[id]! + 1;
    }
    const df = this.documentFrequency;
    const pending = this.pending;
    for (let j = offset; j < end; j++) {
      const id = arena[j]!;
      if (df[id] === 0) this.liveTerms += 1;
      df[id] = df[id]! + 1;
      pending.add(j, id, frequency[id]!);
    }
    this.documentCount += 1;
    const n = this.documentCount;
    this.averageLength = (tokenCount + this.averageLength * (n - 1)) / n;
    this.arenaUsed = end;
    this.termOffsets[serial] = offset;
    this.termCounts[serial] = end - offset;
    return serial;
  }

  private scratch(count: number): Int32Array {
    if (count > this.tokenIds.length) this.tokenIds = new Int32Array(Math.max(count, this.tokenIds.length * 2));
    return this.tokenIds;
  }

  /** Makes room in the per-term arrays for the term just added to the table. */
  private termAdded(): void {
    const id = this.termCount;
    this.termCount += 1;
    if (id >= this.documentFrequency.length) {
      this.documentFrequency = grown(this.documentFrequency, id + 1);
      this.seen = grown(this.seen, id + 1);
      this.frequency = grown(this.frequency, id + 1);
    }
    this.pending.ensureTerms(id + 1);
  }

  /** Whether postings were counted that are not in their lists yet (the next read moves them). */
  get hasUnflushed(): boolean {
    return this.pending.hasUnflushed(this.serialCount);
  }

  /** Whether {@link flushSome} stopped in the middle of a flush (its runs open, partly filled). */
  get flushInProgress(): boolean {
    return this.pending.flushing;
  }

  /**
   * Moves counted postings into their lists until all are in or `deadline` (a `performance.now()`
   * time) has passed: the part of the next read's work a background slice can do. Anything that
   * counts or reads postings finishes it first.
   */
  flushSome(deadline: number): void {
    const pending = this.pending;
    if (!pending.flushing) {
      if (!pending.hasUnflushed(this.serialCount)) return;
      pending.beginFlush(this.postings, this.serialCount, this.arenaUsed);
    }
    pending.continueFlush(this.termArena, this.termOffsets, this.termCounts, deadline);
  }

  /** Moves the pending postings into the posting lists (in serial order, as the lists are kept). */
  private flush(): void {
    this.pending.flush(this.postings, this.termArena, this.termOffsets, this.termCounts, this.serialCount, this.arenaUsed);
  }

  /**
   * Renumbers serials after deletions: `remap[old]` is the new serial, or -1 for a deleted
   * document. Posting lists drop deleted documents and stay in serial order.
   */
  renumber(remap: Int32Array, count: number): void {
    this.flush();
    this.postings.renumber(remap);
    // Live documents keep their order, so the arena is rewritten in new-serial order.
    const size = Math.max(1024, count);
    const lengths = new Int32Array(size);
    const offsets = new Int32Array(size);
    const termCounts = new Int32Array(size);
    let total = 0;
    for (let old = 0; old < remap.length; old++) if (remap[old]! >= 0) total += this.termCounts[old]!;
    const arena = new Int32Array(Math.max(1024, total));
    let used = 0;
    for (let old = 0; old < remap.length; old++) {
      const s = remap[old]!;
      if (s < 0) continue;
      const start = this.termOffsets[old]!;
      const distinct = this.termCounts[old]!;
      arena.set(this.termArena.subarray(start, start + distinct), used);
      lengths[s] = this.lengths[old]!;
      offsets[s] = used;
      termCounts[s] = distinct;
      used += distinct;
    }
    this.lengths = lengths;
    this.termOffsets = offsets;
    this.termCounts = termCounts;
    this.termArena = arena;
    this.arenaUsed = used;
    this.serialCount = count;
    this.pending.restart(used, count);
  }

  /** Reverts {@link add} for the removed document with this serial. */
  remove(serial: number): void {
    const offset = this.termOffsets[serial]!;
    const end = offset + this.termCounts[serial]!;
    for (let k = offset; k < end; k++) {
      const id = this.termArena[k]!;
      const df = (this.documentFrequency[id] ?? 0) - 1;
      this.documentFrequency[id] = df;
      // Haystack 3.x prunes terms no document contains any more, so they leave Okapi's vocabulary.
      if (df === 0) this.liveTerms -= 1;
    }
    this.documentCount -= 1;
    const n = this.documentCount;
    this.averageLength = n === 0 ? 0 : (this.averageLength * (n + 1) - this.lengths[serial]!) / n;
  }

  /** Forgets everything. */
  clear(): void {
    this.terms.clear();
    this.documentFrequency = new Int32Array(1024);
    this.postings.clear();
    this.termArena = new Int32Array(1024);
    this.arenaUsed = 0;
    this.lengths = new Int32Array(1024);
    this.termOffsets = new Int32Array(1024);
    this.termCounts = new Int32Array(1024);
    this.seen = new Int32Array(1024);
    this.frequency = new Int32Array(1024);
    this.mark = 0;
    this.pending.clear();
    this.serialCount = 0;
    this.termCount = 0;
    this.liveTerms = 0;
    this.documentCount = 0;
    this.averageLength = 0;
  }

  /**
   * Scores every serial for the (already tokenized) query; read the candidates' entries by serial.
   * Query tokens count once each, in first-occurrence order, as Haystack's per-query IDF dict does,
   * and each document's sum is accumulated term by term in that order, as Haystack does.
   */
  scoreAll(queryTokens: readonly string[], algorithm: Bm25Algorithm, parameters: Bm25Parameters): Float64Array {
    this.flush();
    this.pending.restart(this.arenaUsed, this.serialCount);
    const n = this.serialCount;
    const scores = new Float64Array(n);
    // Every stored document has empty content: Haystack scores all candidates 0.
    if (this.averageLength === 0) return scores;
    const unique = [...new Set(queryTokens)];
    const ids = unique.map((token) => this.terms.find(token));
    const idf = this.idf(ids, algorithm, parameters);
    const k = parameters.k1 ?? 1.5;
    const b = parameters.b ?? 0.75;
    const delta = parameters.delta ?? (algorithm === 'BM25Plus' ? 1.0 : 0.5);
    const avg = this.averageLength;
    const lengths = this.lengths;
    const frequencies = new Float64Array(n);
    for (let i = 0; i < ids.length; i++) {
      const weight = idf[i]!;
      // idf 0 (a term no document has) adds exactly 0 to every score.
      if (weight === 0) continue;
      const id = ids[i]!;
      frequencies.fill(0);
      this.postings.scatter(id, frequencies);
      if (algorithm === 'BM25L') {
        for (let s = 0; s < n; s++) {
          const ctd = frequencies[s]! / (1 - b + (b * lengths[s]!) / avg);
          scores[s] = scores[s]! + weight * (((1.0 + k) * (ctd + delta)) / (k + ctd + delta));
        }
      } else if (algorithm === 'BM25Plus') {
        for (let s = 0; s < n; s++) {
          const f = frequencies[s]!;
          const damp = k * (1 - b + (b * lengths[s]!) / avg);
          scores[s] = scores[s]! + weight * ((f * (1.0 + k)) / (f + damp) + delta);
        }
      } else {
        for (let s = 0; s < n; s++) {
          const f = frequencies[s]!;
          const norm = f + k * (1 - b + (b * lengths[s]!) / avg);
          scores[s] = scores[s]! + weight * ((f * (1.0 + k)) / norm);
        }
      }
    }
    return scores;
  }

  private idf(ids: readonly number[], algorithm: Bm25Algorithm, parameters: Bm25Parameters): Float64Array {
    const N = this.documentCount;
    const out = new Float64Array(ids.length);
    if (algorithm === 'BM25Okapi') {
      const epsilon = parameters.epsilon ?? 0.25;
      let sum = 0.0;
      for (let id = 0; id < this.termCount; id++) {
        const n = this.documentFrequency[id]!;
        if (n > 0) sum += Math.log((N - n + 0.5) / (n + 0.5));
      }
      const eps = (epsilon * sum) / this.liveTerms;
      ids.forEach((id, i) => {
        const n = id >= 0 ? this.documentFrequency[id]! : 0;
        if (n <= 0) return; // not in the vocabulary: 0
        const value = Math.log((N - n + 0.5) / (n + 0.5));
        out[i] = value < 0 ? eps : value;
      });
      return out;
    }
    ids.forEach((id, i) => {
      const n = id >= 0 ? this.documentFrequency[id]! : 0;
      if (n === 0) return;
      out[i] = algorithm === 'BM25L' ? Math.log((N + 1.0) / (n + 0.5)) : Math.log(1 + (N - n + 0.5) / (n + 0.5));
    });
    return out;
  }
}
