/**
 * The BM25 vocabulary: term → dense integer id, as an open-addressing hash table keyed by the
 * characters of a range of a text. Looking a token up needs no substring: the writer scans the
 * document once, hashing each word as it goes, and only a term seen for the first time is sliced
 * out and kept. (A `Map<string, number>` needs a new string per token and hashes it again; on W7's
 * 50-word documents that was most of the write time.)
 */

/** FNV-1a over UTF-16 code units; the seed of a hash built code unit by code unit with {@link mix}. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** Adds one code unit to a running hash. */
export function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** The hash of a whole string, equal to mixing its code units one by one from {@link HASH_SEED}. */
export function hashOf(text: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < text.length; i++) hash = mix(hash, text.charCodeAt(i));
  return hash;
}

/** Spreads the high bits of an FNV hash into the low ones that pick the slot. */
function spread(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

export class TermTable {
  /**
   * Four Int32 per slot: term id + 1 (0 = empty), the term's hash, its length and its start in
   * `chars`, side by side so that a probe reads one cache line. The slot count is a power of two,
   * at most half of them used.
   */
  private slots = new Int32Array(4 << 12);
  private mask = (1 << 12) - 1;
  private terms: string[] = [];
  /**
   * Every term's code units back to back. Comparing a token against a term's string cost a cache
   * miss per token (terms are scattered over the heap, and were slices of their first document);
   * the pool keeps the vocabulary's characters together.
   */
  private chars = new Uint16Array(1 << 12);
  private charsUsed = 0;

  /** Number of terms; ids are `0 .. size - 1`. */
  get size(): number {
    return this.terms.length;
  }

  /** The term of an id. */
  term(id: number): string {
    return this.terms[id]!;
  }

  /** The id of `term`, or -1. */
  find(term: string): number {
    return this.findRange(term, 0, term.length, hashOf(term), false);
  }

  /**
   * The id of the text `text[start, end)` (with `lowerAscii`, upper-case ASCII letters compare as
   * their lower-case forms), whose hash (of the lower-cased units) is `hash`; -1 if it is not a term.
   */
  findRange(text: string, start: number, end: number, hash: number, lowerAscii: boolean): number {
    const length = end - start;
    const mask = this.mask;
    const slots = this.slots;
    const chars = this.chars;
    for (let slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
      const base = slot << 2;
      const entry = slots[base]!;
      if (entry === 0) return -1;
      if (slots[base + 1] !== hash || slots[base + 2] !== length) continue;
      const from = slots[base + 3]!;
      let k = 0;
      if (lowerAscii) {
        for (; k < length; k++) {
          let c = text.charCodeAt(start + k);
          if (c >= 65 && c <= 90) c += 32;
          if (c !== chars[from + k]) break;
        }
      } else {
        for (; k < length; k++) if (text.charCodeAt(start + k) !== chars[from + k]) break;
      }
      if (k === length) return entry - 1;
    }
  }

  /** Adds a term known to be absent (its hash as {@link hashOf} computes it) and returns its id. */
  add(term: string, hash: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    const from = this.charsUsed;
    if (from + term.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(from + term.length, this.chars.length * 2));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let k = 0; k < term.length; k++) this.chars[from + k] = term.charCodeAt(k);
    this.charsUsed = from + term.length;
    if ((id + 1) * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    this.place(id, hash, term.length, from);
    return id;
  }

  /** The id of `term`, added if absent. */
  intern(term: string): number {
    const hash = hashOf(term);
    const id = this.findRange(term, 0, term.length, hash, false);
    return id >= 0 ? id : this.add(term, hash);
  }

  /** Forgets every term. */
  clear(): void {
    this.slots = new Int32Array(4 << 12);
    this.mask = (1 << 12) - 1;
    this.terms = [];
    this.chars = new Uint16Array(1 << 12);
    this.charsUsed = 0;
  }

  private place(id: number, hash: number, length: number, from: number): void {
    const mask = this.mask;
    let slot = spread(hash) & mask;
    while (this.slots[slot << 2] !== 0) slot = (slot + 1) & mask;
    const base = slot << 2;
    this.slots[base] = id + 1;
    this.slots[base + 1] = hash;
    this.slots[base + 2] = length;
    this.slots[base + 3] = from;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size * 4);
    this.mask = size - 1;
    for (let s = 0; s < old.length; s += 4) if (old[s] !== 0) this.place(old[s]! - 1, old[s + 1]!, old[s + 2]!, old[s + 3]!);
  }
}
