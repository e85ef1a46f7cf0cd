/** A store's BM25 settings as Haystack names them: the algorithms, their parameters, the tokenization pattern. */

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
