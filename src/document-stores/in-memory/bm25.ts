/**
 * BM25 statistics and scoring with Haystack 2.31's exact formulas (`InMemoryDocumentStore._score_*`).
 *
 * Terms are interned to integer ids; each document gets a serial number (its position in the
 * store's insertion order) and each term a posting list of (serial, count). A query walks the
 * posting lists of its terms only, then scores every document term by term with typed arrays.
 * The arithmetic per document is Haystack's, in Haystack's order, so scores agree bit for bit
 * up to the order of floating-point sums Haystack itself leaves to hash order (Okapi's IDF sum).
 */

import { PostingLists } from './posting-lists.js';
import { HASH_SEED, mix, TermTable } from './term-table.js';

/** The BM25 variants Haystack offers. */
export type Bm25Algorithm = 'BM25Okapi' | 'BM25L' | 'BM25Plus';
export const BM25_ALGORITHMS: readonly Bm25Algorithm[] = ['BM25Okapi', 'BM25L', 'BM25Plus'];

/** BM25 tuning; unset keys take the algorithm's Haystack default. */
export interface Bm25Parameters {
  /** Term-frequency saturation. @default 1.5 */
  readonly k1?: number;
  /** Length normalisation. @default 0.75 */
  readonly b?: number;
  /** BM25L / BM25Plus lower bound. @default 0.5 (BM25L), 1.0 (BM25Plus) */
  readonly delta?: number;
  /** BM25Okapi floor for negative IDFs, as a fraction of the mean IDF. @default 0.25 */
  readonly epsilon?: number;
}

/** Haystack's default pattern, `(?u)\b\w+\b`, with Python's Unicode `\w` (letters, numbers, underscore). */
export const DEFAULT_TOKENIZATION_REGEX = String.raw`(?u)\b\w+\b`;

/**
 * Builds the tokenizer for a Haystack (Python) pattern: lower-cases, then returns every match.
 * The default pattern is translated to its Unicode-aware JS equivalent; other patterns are
 * compiled as JS regular expressions with the `u` flag (a leading `(?u)` is dropped).
 */
export function createTokenizer(pattern: string): (text: string) => string[] {
  let source = pattern;
  if (pattern === DEFAULT_TOKENIZATION_REGEX) source = String.raw`[\p{L}\p{N}_]+`;
  else if (source.startsWith('(?u)')) source = source.slice(4);
  const regex = new RegExp(source, 'gu');
  return (text) => text.toLowerCase().match(regex) ?? [];
}

/** Queued postings flushed at once at most (12 MB of queue). */
const MAX_PENDING = 1 << 20;

/** ASCII code units that `[\p{L}\p{N}_]` matches: letters, digits, underscore. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[\p{L}\p{N}_]/u.test(String.fromCharCode(c)) ? 1 : 0;

/** BMP code units that `[\p{L}\p{N}_]` matches (surrogates: no), built on the first non-ASCII text. */
let bmpWord: Uint8Array | undefined;

function bmpWordTable(): Uint8Array {
  if (bmpWord !== undefined) return bmpWord;
  const table = new Uint8Array(65536);
  const units = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c;
  let all = '';
  for (let c = 0; c < 65536; c += 8192) all += String.fromCharCode(...units.subarray(c, c + 8192));
  // Every code unit is one code point here, so a match's index is its code unit.
  for (const match of all.matchAll(/[\p{L}\p{N}_]/gu)) table[match.index] = 1;
  bmpWord = table;
  return table;
}

/** Whether the astral code point `cp` is in `[\p{L}\p{N}_]` (rare: one regular expression test). */
const ASTRAL_WORD = /^[\p{L}\p{N}_]$/u;

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
  /** Postings not yet in their lists: term, serial, count (see {@link pend}). */
  private pendingTerms = new Int32Array(1024);
  private pendingSerials = new Int32Array(1024);
  private pendingCounts = new Int32Array(1024);
  private pendingLength = 0;
  /** {@link flush}'s counting-sort output, kept between the flushes of one long indexing pass. */
  private sortedSerials = new Int32Array(0);
  private sortedCounts = new Int32Array(0);
  /** Per term, during {@link flush}: its number of queued postings (0 otherwise), and a write cursor. */
  private blockCounts = new Int32Array(1024);
  private blockCursor = new Int32Array(1024);
  /** Scratch space for one document's tokens: term ids, and for the ASCII scan starts, ends and hashes. */
  private tokenIds = new Int32Array(256);
  private tokenStarts = new Int32Array(256);
  private tokenEnds = new Int32Array(256);
  private tokenHashes = new Int32Array(256);
  /** Number of serials handed out so far (live and deleted). */
  serialCount = 0;
  /** Number of documents, with or without content. */
  documentCount = 0;
  /** Average length in tokens, updated with Haystack's incremental formulas. */
  averageLength = 0;

  /**
   * Makes room, in one allocation each, for `documents` more documents of `characters` code units
   * in all, before a long indexing pass. Tokens are at most one per two code units (plus one per
   * document), which bounds both postings and distinct terms; the over-reservation is address
   * space only (fresh typed-array memory is not committed until written). Without it, the pass
   * grows its arrays step by step, and V8 collects the whole heap for every 64 MB of typed-array
   * memory allocated: about 12 full collections of a 550 MB heap in the first query after a
   * million W7 documents.
   */
  reserve(documents: number, characters: number): void {
    const bound = Math.ceil(characters / 2) + documents;
    const serials = this.serialCount + documents;
    if (serials > this.lengths.length) {
      this.lengths = grow(this.lengths, serials);
      this.termOffsets = grow(this.termOffsets, serials);
      this.termCounts = grow(this.termCounts, serials);
    }
    if (this.arenaUsed + bound > this.termArena.length) this.termArena = grow(this.termArena, this.arenaUsed + bound);
    this.postings.reserve(bound);
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
   * straight from the text when it is ASCII (no lower-cased copy, no token strings, no Map: one scan
   * hashes each word, and only new terms are sliced out). Other text is lower-cased as a whole
   * (lower-casing outside ASCII may change lengths) and scanned by {@link addUnicodeTokens}.
   */
  addDefaultTokens(text: string): number {
    const n = text.length;
    // At most one token per two code units (a word and a separator), plus one.
    if (this.tokenStarts.length < (n >> 1) + 1) this.growTokenScratch((n >> 1) + 1);
    const starts = this.tokenStarts;
    const ends = this.tokenEnds;
    const hashes = this.tokenHashes;
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
      starts[count] = start;
      ends[count] = i;
      hashes[count] = hash;
      count += 1;
    }
    return this.commitRanges(text, count, true);
  }

  /**
   * {@link add} for the tokens of Haystack's default pattern in the already lower-cased `lower`:
   * maximal runs of code points in `[\p{L}\p{N}_]`, as the `u` regular expression matches them
   * (a surrogate pair is one code point; a lone surrogate is not a word character).
   */
  private addUnicodeTokens(lower: string): number {
    const n = lower.length;
    if (this.tokenStarts.length < n + 1) this.growTokenScratch(n + 1);
    const word = bmpWordTable();
    const starts = this.tokenStarts;
    const ends = this.tokenEnds;
    const hashes = this.tokenHashes;
    let count = 0;
    let i = 0;
    let start = -1;
    let hash = HASH_SEED;
    while (i < n) {
      const c = lower.charCodeAt(i);
      let width = 1;
      let isWord: boolean;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = lower.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          width = 2;
          isWord = ASTRAL_WORD.test(lower.slice(i, i + 2));
        } else isWord = false;
      } else isWord = word[c] === 1;
      if (isWord) {
        if (start < 0) {
          start = i;
          hash = HASH_SEED;
        }
        hash = mix(hash, c);
        if (width === 2) hash = mix(hash, lower.charCodeAt(i + 1));
      } else if (start >= 0) {
        starts[count] = start;
        ends[count] = i;
        hashes[count] = hash;
        count += 1;
        start = -1;
      }
      i += width;
    }
    if (start >= 0) {
      starts[count] = start;
      ends[count] = n;
      hashes[count] = hash;
      count += 1;
    }
    return this.commitRanges(lower, count, false);
  }

  /**
   * Resolves the first `count` token ranges of the scan scratch (starts, ends, hashes) in `text`
   * to term ids, adding new terms, and records the document. `foldCase`: the ranges are still in
   * their original case (the ASCII scan), so matching and new terms are lower-cased.
   */
  private commitRanges(text: string, count: number, foldCase: boolean): number {
    const ids = this.scratch(count);
    const terms = this.terms;
    const starts = this.tokenStarts;
    const ends = this.tokenEnds;
    const hashes = this.tokenHashes;
    for (let k = 0; k < count; k++) {
      let id = terms.findRange(text, starts[k]!, ends[k]!, hashes[k]!, foldCase);
      if (id < 0) {
        const term = text.slice(starts[k]!, ends[k]!);
        id = terms.add(foldCase ? term.toLowerCase() : term, hashes[k]!);
        this.termAdded();
      }
      ids[k] = id;
    }
    return this.commit(count);
  }

  /** Records the document whose term ids are the first `tokenCount` of the scratch ids. */
  private commit(tokenCount: number): number {
    const serial = this.serialCount;
    this.serialCount += 1;
    if (serial >= this.lengths.length) {
      this.lengths = grow(this.lengths, serial + 1);
      this.termOffsets = grow(this.termOffsets, serial + 1);
      this.termCounts = grow(this.termCounts, serial + 1);
    }
    this.lengths[serial] = tokenCount;
    const offset = this.arenaUsed;
    if (offset + tokenCount > this.termArena.length) this.termArena = grow(this.termArena, offset + tokenCount);
    const arena = this.termArena;
    const ids = this.tokenIds;
    const seen = this.seen;
    const frequency = this.frequency;
    this.mark += 1;
    const mark = this.mark;
    let distinct = 0;
    // Distinct terms in order of first occurrence, as the Map this replaces iterated them.
    for (let k = 0; k < tokenCount; k++) {
      const id = ids[k]!;
      if (seen[id] !== mark) {
        seen[id] = mark;
        frequency[id] = 1;
        arena[offset + distinct] = id;
        distinct += 1;
      } else frequency[id] = frequency[id]! + 1;
    }
    const df = this.documentFrequency;
    for (let j = offset; j < offset + distinct; j++) {
      const id = arena[j]!;
      if (df[id] === 0) this.liveTerms += 1;
      df[id] = df[id]! + 1;
      this.pend(id, serial, frequency[id]!);
    }
    this.documentCount += 1;
    const n = this.documentCount;
    this.averageLength = (tokenCount + this.averageLength * (n - 1)) / n;
    this.arenaUsed = offset + distinct;
    this.termOffsets[serial] = offset;
    this.termCounts[serial] = distinct;
    return serial;
  }

  private scratch(count: number): Int32Array {
    if (count > this.tokenIds.length) this.tokenIds = new Int32Array(Math.max(count, this.tokenIds.length * 2));
    return this.tokenIds;
  }

  private growTokenScratch(count: number): void {
    const size = Math.max(count, this.tokenStarts.length * 2);
    this.tokenStarts = new Int32Array(size);
    this.tokenEnds = new Int32Array(size);
    this.tokenHashes = new Int32Array(size);
  }

  /** Makes room in the per-term arrays for the term just added to the table. */
  private termAdded(): void {
    const id = this.termCount;
    this.termCount += 1;
    if (id >= this.documentFrequency.length) {
      this.documentFrequency = grow(this.documentFrequency, id + 1);
      this.seen = grow(this.seen, id + 1);
      this.frequency = grow(this.frequency, id + 1);
      this.blockCounts = grow(this.blockCounts, id + 1);
      this.blockCursor = grow(this.blockCursor, id + 1);
    }
  }

  /**
   * Queues a posting. Appending each posting to its term's list at once costs a chain of dependent
   * cache misses (the list, its buffer, the slot) per token; queued postings are sorted by term in
   * one flat array and appended to each list as a block by {@link flush}, before any read.
   */
  private pend(termId: number, serial: number, count: number): void {
    const at = this.pendingLength;
    if (at === this.pendingTerms.length) {
      if (at >= MAX_PENDING) {
        // Mid-write: keep the queue's capacity, the next million postings are on their way.
        this.flush(true);
        this.pend(termId, serial, count);
        return;
      }
      this.pendingTerms = grow(this.pendingTerms, at + 1);
      this.pendingSerials = grow(this.pendingSerials, at + 1);
      this.pendingCounts = grow(this.pendingCounts, at + 1);
    }
    this.pendingTerms[at] = termId;
    this.pendingSerials[at] = serial;
    this.pendingCounts[at] = count;
    this.pendingLength = at + 1;
  }

  /**
   * Moves the queued postings into the posting lists (in serial order, as the lists are kept).
   * `keepCapacity` (a flush in the middle of indexing) keeps the queue and sort buffers at their
   * size; a flush before a query gives them back.
   */
  private flush(keepCapacity = false): void {
    const m = this.pendingLength;
    if (m === 0) return;
    const terms = this.pendingTerms;
    const block = this.blockCounts;
    const touched: number[] = [];
    for (let p = 0; p < m; p++) {
      const t = terms[p]!;
      if (block[t] === 0) touched.push(t);
      block[t] = block[t]! + 1;
    }
    // Counting sort by term, stable, so each term's block stays in serial order.
    const cursor = this.blockCursor;
    let running = 0;
    for (const t of touched) {
      cursor[t] = running;
      running += block[t]!;
    }
    if (this.sortedSerials.length < m) {
      this.sortedSerials = new Int32Array(this.pendingTerms.length);
      this.sortedCounts = new Int32Array(this.pendingTerms.length);
    }
    const sortedSerials = this.sortedSerials;
    const sortedCounts = this.sortedCounts;
    const serials = this.pendingSerials;
    const counts = this.pendingCounts;
    for (let p = 0; p < m; p++) {
      const t = terms[p]!;
      const at = cursor[t]!;
      sortedSerials[at] = serials[p]!;
      sortedCounts[at] = counts[p]!;
      cursor[t] = at + 1;
    }
    const postings = this.postings;
    for (const t of touched) {
      const end = cursor[t]!;
      postings.append(t, sortedSerials, sortedCounts, end - block[t]!, end);
      block[t] = 0;
    }
    this.pendingLength = 0;
    if (!keepCapacity && this.pendingTerms.length > 4096) {
      this.pendingTerms = new Int32Array(1024);
      this.pendingSerials = new Int32Array(1024);
      this.pendingCounts = new Int32Array(1024);
      this.sortedSerials = new Int32Array(0);
      this.sortedCounts = new Int32Array(0);
    }
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
    this.blockCounts = new Int32Array(1024);
    this.blockCursor = new Int32Array(1024);
    this.mark = 0;
    this.pendingLength = 0;
    this.sortedSerials = new Int32Array(0);
    this.sortedCounts = new Int32Array(0);
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

function grow(array: Int32Array, minimum: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(minimum, array.length * 2, 4));
  grown.set(array);
  return grown;
}
