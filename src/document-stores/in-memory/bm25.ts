/**
 * BM25 statistics and scoring with Haystack 2.31's exact formulas (`InMemoryDocumentStore._score_*`).
 *
 * Terms are interned to integer ids so that per-document statistics are two small typed arrays
 * instead of a map per document, and a query scans each candidate's terms once against a
 * term-id → query-position table. The arithmetic is written in the same order as Haystack's, so
 * scores agree to the last few bits.
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

/** The statistics of one stored document: its distinct terms, their counts, its length in tokens. */
export interface DocumentTerms {
  readonly termIds: Int32Array;
  readonly counts: Int32Array;
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
  /** Reusable term-id → query-position table; -1 everywhere between queries. */
  private queryPosition = new Int32Array(1024).fill(-1);
  /** Number of documents, with or without content. */
  documentCount = 0;
  /** Average length in tokens, updated with Haystack's incremental formulas. */
  averageLength = 0;

  /** Adds a document's tokens and returns its statistics. */
  add(tokens: readonly string[]): DocumentTerms {
    const counts = new Map<number, number>();
    for (const token of tokens) {
      const id = this.intern(token);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const termIds = new Int32Array(counts.size);
    const termCounts = new Int32Array(counts.size);
    let i = 0;
    for (const [id, count] of counts) {
      termIds[i] = id;
      termCounts[i] = count;
      i += 1;
      if (this.documentFrequency[id] === 0) this.liveTerms += 1;
      this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1;
    }
    this.documentCount += 1;
    const n = this.documentCount;
    this.averageLength = (tokens.length + this.averageLength * (n - 1)) / n;
    return { termIds, counts: termCounts, length: tokens.length };
  }

  /** Reverts {@link add} for a removed document. */
  remove(terms: DocumentTerms): void {
    for (const id of terms.termIds) {
      const df = (this.documentFrequency[id] ?? 0) - 1;
      this.documentFrequency[id] = df;
      // Haystack 3.x prunes terms no document contains any more, so they leave Okapi's vocabulary.
      if (df === 0) this.liveTerms -= 1;
    }
    this.documentCount -= 1;
    const n = this.documentCount;
    this.averageLength = n === 0 ? 0 : (this.averageLength * (n + 1) - terms.length) / n;
  }

  /** Forgets everything. */
  clear(): void {
    this.termIndex.clear();
    this.documentFrequency = new Int32Array(1024);
    this.queryPosition = new Int32Array(1024).fill(-1);
    this.termCount = 0;
    this.liveTerms = 0;
    this.documentCount = 0;
    this.averageLength = 0;
  }

  /**
   * Scores `candidates` for the (already tokenized) query. Query tokens count once each, in
   * first-occurrence order, as Haystack's per-query IDF dict does.
   */
  score(
    queryTokens: readonly string[],
    candidates: readonly DocumentTerms[],
    algorithm: Bm25Algorithm,
    parameters: Bm25Parameters,
  ): Float64Array {
    const scores = new Float64Array(candidates.length);
    // Every stored document has empty content: Haystack scores all candidates 0.
    if (this.averageLength === 0) return scores;
    const unique = [...new Set(queryTokens)];
    const ids = unique.map((token) => this.termIndex.get(token) ?? -1);
    const idf = this.idf(ids, algorithm, parameters);
    const k = parameters.k1 ?? 1.5;
    const b = parameters.b ?? 0.75;
    const delta = parameters.delta ?? (algorithm === 'BM25Plus' ? 1.0 : 0.5);
    const avg = this.averageLength;
    const q = unique.length;
    const frequencies = new Float64Array(q);
    const position = this.queryPosition;
    ids.forEach((id, i) => {
      if (id >= 0) position[id] = i;
    });
    try {
      for (let c = 0; c < candidates.length; c++) {
        const doc = candidates[c]!;
        frequencies.fill(0);
        const termIds = doc.termIds;
        for (let j = 0; j < termIds.length; j++) {
          const p = position[termIds[j]!]!;
          if (p >= 0) frequencies[p] = doc.counts[j]!;
        }
        const dl = doc.length;
        let score = 0.0;
        for (let i = 0; i < q; i++) {
          const f = frequencies[i]!;
          let tf: number;
          if (algorithm === 'BM25L') {
            const ctd = f / (1 - b + (b * dl) / avg);
            tf = ((1.0 + k) * (ctd + delta)) / (k + ctd + delta);
          } else if (algorithm === 'BM25Plus') {
            const damp = k * (1 - b + (b * dl) / avg);
            tf = (f * (1.0 + k)) / (f + damp) + delta;
          } else {
            const norm = f + k * (1 - b + (b * dl) / avg);
            tf = (f * (1.0 + k)) / norm;
          }
          score += idf[i]! * tf;
        }
        scores[c] = score;
      }
    } finally {
      for (const id of ids) if (id >= 0) position[id] = -1;
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
        const grown = new Int32Array(this.documentFrequency.length * 2);
        grown.set(this.documentFrequency);
        this.documentFrequency = grown;
        const position = new Int32Array(grown.length).fill(-1);
        position.set(this.queryPosition);
        this.queryPosition = position;
      }
    }
    return id;
  }
}
