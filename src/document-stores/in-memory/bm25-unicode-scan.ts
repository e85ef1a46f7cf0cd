/**
 * The tables and the scan behind Haystack's default pattern, `(?u)\b\w+\b`: maximal runs of code
 * points in `[\p{L}\p{N}_]`, as the `u` regular expression matches them (a surrogate pair is one
 * code point; a lone surrogate is not a word character).
 */

import { HASH_SEED, mix } from './term-table.js';

/** ASCII code units that `[\p{L}\p{N}_]` matches: letters, digits, underscore. */
export const ASCII_WORD = new Uint8Array(128);
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

/** Scratch space for one text's token ranges: start, end and hash (of the code units) of each. */
export class TokenRanges {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  hashes = new Int32Array(256);

  /** Makes room for `count` ranges. */
  ensure(count: number): void {
    if (count <= this.starts.length) return;
    const size = Math.max(count, this.starts.length * 2);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.hashes = new Int32Array(size);
  }
}

/** Writes the word ranges of the already lower-cased `lower` into `ranges` and returns their number. */
export function scanUnicodeWords(lower: string, ranges: TokenRanges): number {
  const n = lower.length;
  ranges.ensure(n + 1);
  const word = bmpWordTable();
  const { starts, ends, hashes } = ranges;
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
  return count;
}
