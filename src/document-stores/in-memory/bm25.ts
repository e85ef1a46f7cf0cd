/**
 * BM25 statistics and scoring with Haystack 2.31's exact formulas (`InMemoryDocumentStore._score_*`).
 *
 * Terms are interned to integer ids; each document gets a serial number (its position in the
 * store's insertion order) and each term a posting list of (serial, count). A query walks the
 * posting lists of its terms only, then scores every document term by term with typed arrays.
 * The arithmetic per document is Haystack's, in Haystack's order, so scores agree bit for bit
 * up to the order of floating-point sums Haystack itself leaves to hash order (Okapi's IDF sum).
 */

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

/**
 * The statistics of one stored document: where its distinct term ids sit in the shared term arena
 * (counts live in the postings), and its length in tokens.
 */
export interface DocumentTerms {
  /** Start in the arena; moved by {@link Bm25Statistics.compactTerms}. */
  offset: number;
  readonly count: number;
  readonly length: number;
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

/** Incrementally maintained corpus statistics of one index. */
export class Bm25Statistics {
  private readonly termIndex = new Map<string, number>();
  private documentFrequency = new Int32Array(1024);
  private termCount = 0;
  /** Number of terms whose document frequency is positive (Okapi's vocabulary size). */
  private liveTerms = 0;
  /** Per term: serials of the documents containing it (stale ones included until compaction) and counts. */
  private postingSerials: Int32Array[] = [];
  private postingCounts: Int32Array[] = [];
  private postingLengths = new Int32Array(1024);
  /** The distinct term ids of every document, back to back (one array instead of one per document). */
  private termArena = new Int32Array(1024);
  private arenaUsed = 0;
  /** Document length by serial. */
  private lengths = new Int32Array(1024);
  /** Number of serials handed out so far (live and deleted). */
  serialCount = 0;
  /** Number of documents, with or without content. */
  documentCount = 0;
  /** Average length in tokens, updated with Haystack's incremental formulas. */
  averageLength = 0;

  /** Adds a document's tokens under the next serial and returns its statistics. */
  add(tokens: readonly string[]): DocumentTerms & { readonly serial: number } {
    const serial = this.serialCount;
    this.serialCount += 1;
    if (serial >= this.lengths.length) this.lengths = grow(this.lengths, serial + 1);
    this.lengths[serial] = tokens.length;
    const counts = new Map<number, number>();
    for (const token of tokens) {
      const id = this.intern(token);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const offset = this.arenaUsed;
    if (offset + counts.size > this.termArena.length) this.termArena = grow(this.termArena, offset + counts.size);
    let i = offset;
    for (const [id, count] of counts) {
      this.termArena[i] = id;
      i += 1;
      if (this.documentFrequency[id] === 0) this.liveTerms += 1;
      this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1;
      this.post(id, serial, count);
    }
    this.documentCount += 1;
    const n = this.documentCount;
    this.averageLength = (tokens.length + this.averageLength * (n - 1)) / n;
    this.arenaUsed = i;
    return { offset, count: counts.size, length: tokens.length, serial };
  }

  private post(termId: number, serial: number, count: number): void {
    const length = this.postingLengths[termId]!;
    let serials = this.postingSerials[termId]!;
    if (length === serials.length) {
      serials = grow(serials, length + 1);
      this.postingSerials[termId] = serials;
      this.postingCounts[termId] = grow(this.postingCounts[termId]!, length + 1);
    }
    serials[length] = serial;
    this.postingCounts[termId]![length] = count;
    this.postingLengths[termId] = length + 1;
  }

  /**
   * Renumbers serials after deletions: `remap[old]` is the new serial, or -1 for a deleted
   * document. Posting lists drop deleted documents and stay in serial order.
   */
  renumber(remap: Int32Array, count: number): void {
    for (let t = 0; t < this.termCount; t++) {
      const serials = this.postingSerials[t]!;
      const counts = this.postingCounts[t]!;
      const length = this.postingLengths[t]!;
      let w = 0;
      for (let j = 0; j < length; j++) {
        const s = remap[serials[j]!]!;
        if (s >= 0) {
          serials[w] = s;
          counts[w] = counts[j]!;
          w += 1;
        }
      }
      this.postingLengths[t] = w;
    }
    const lengths = new Int32Array(Math.max(1024, count));
    for (let old = 0; old < remap.length; old++) {
      const s = remap[old]!;
      if (s >= 0) lengths[s] = this.lengths[old]!;
    }
    this.lengths = lengths;
    this.serialCount = count;
  }

  /** Reverts {@link add} for a removed document. */
  remove(terms: DocumentTerms): void {
    for (let k = terms.offset; k < terms.offset + terms.count; k++) {
      const id = this.termArena[k]!;
      const df = (this.documentFrequency[id] ?? 0) - 1;
      this.documentFrequency[id] = df;
      // Haystack 3.x prunes terms no document contains any more, so they leave Okapi's vocabulary.
      if (df === 0) this.liveTerms -= 1;
    }
    this.documentCount -= 1;
    const n = this.documentCount;
    this.averageLength = n === 0 ? 0 : (this.averageLength * (n + 1) - terms.length) / n;
  }

  /** Rewrites the arena with only `live` documents' terms (in the given order) and moves their offsets. */
  compactTerms(live: Iterable<DocumentTerms>): void {
    const list = [...live];
    const total = list.reduce((sum, terms) => sum + terms.count, 0);
    const arena = new Int32Array(Math.max(1024, total));
    let used = 0;
    for (const terms of list) {
      arena.set(this.termArena.subarray(terms.offset, terms.offset + terms.count), used);
      terms.offset = used;
      used += terms.count;
    }
    this.termArena = arena;
    this.arenaUsed = used;
  }

  /** Forgets everything. */
  clear(): void {
    this.termIndex.clear();
    this.documentFrequency = new Int32Array(1024);
    this.postingSerials = [];
    this.postingCounts = [];
    this.termArena = new Int32Array(1024);
    this.arenaUsed = 0;
    this.postingLengths = new Int32Array(1024);
    this.lengths = new Int32Array(1024);
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
    const n = this.serialCount;
    const scores = new Float64Array(n);
    // Every stored document has empty content: Haystack scores all candidates 0.
    if (this.averageLength === 0) return scores;
    const unique = [...new Set(queryTokens)];
    const ids = unique.map((token) => this.termIndex.get(token) ?? -1);
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
      const serials = this.postingSerials[id]!;
      const counts = this.postingCounts[id]!;
      const length = this.postingLengths[id]!;
      for (let j = 0; j < length; j++) frequencies[serials[j]!] = counts[j]!;
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

  private intern(token: string): number {
    let id = this.termIndex.get(token);
    if (id === undefined) {
      id = this.termCount;
      this.termCount += 1;
      this.termIndex.set(token, id);
      if (id >= this.documentFrequency.length) {
        this.documentFrequency = grow(this.documentFrequency, id + 1);
        this.postingLengths = grow(this.postingLengths, id + 1);
      }
      this.postingSerials[id] = new Int32Array(4);
      this.postingCounts[id] = new Int32Array(4);
    }
    return id;
  }
}

function grow(array: Int32Array, minimum: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(minimum, array.length * 2, 4));
  grown.set(array);
  return grown;
}
