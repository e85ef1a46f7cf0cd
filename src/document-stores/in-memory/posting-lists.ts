/**
 * Every term's posting list — (serial, count) pairs in serial order — as chains of blocks in
 * shared pages, instead of two growable Int32Arrays per term. A page holds the pairs interleaved
 * (serial, count, serial, count, ...): building the lists writes postings term by term in no order
 * of memory, and a pair in one cache line is one miss where two arrays cost two.
 *
 * Growing a list per term allocated a new pair of typed arrays (and their heap wrappers) at every
 * doubling of every term: hundreds of thousands of objects in an indexing pass, which the young
 * generation promotes, and whose old-space collections each mark the whole store. Pages are never
 * reallocated and blocks are never moved, so a pass allocates a handful of pages and nothing else.
 */

import { grown } from './typed-array-growth.js';

/** Postings of the largest page (8 MB); the first is 1,024, then they double. */
const PAGE = 1 << 20;
/** The largest page {@link PostingLists.reserve} allocates (1 GB). */
const MAX_RESERVED_PAGE = 1 << 27;

export class PostingLists {
  /** Pages of interleaved pairs; positions and sizes below count pairs, not Int32 elements. */
  private pages: Int32Array[] = [];
  /** Next free position in the last page. */
  private top = 0;
  /** Per block: page, start in the page, capacity, used length, next block (-1 at the end of a chain). */
  private blockPage = new Int32Array(1024);
  private blockStart = new Int32Array(1024);
  private blockCapacity = new Int32Array(1024);
  private blockLength = new Int32Array(1024);
  private blockNext = new Int32Array(1024);
  private blocks = 0;
  /** Per term: first and last block (-1: no postings yet) and total length. */
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private termCount = 0;

  constructor() {
    this.head.fill(-1);
    this.tail.fill(-1);
  }

  /** Number of postings of `term` (deleted serials included until {@link renumber}). */
  length(term: number): number {
    return term < this.termCount ? this.lengths[term]! : 0;
  }

  /**
   * Makes room for about `count` more postings in one allocation (see {@link Bm25Statistics.reserve}):
   * V8 runs a full collection of the heap for every 64 MB of typed-array memory allocated, so a
   * pass that grows page by page over a large store pays one collection of the whole store per 64 MB.
   */
  reserve(count: number): void {
    const pages = this.pages;
    const free = pages.length === 0 ? 0 : pages[pages.length - 1]!.length / 2 - this.top;
    if (count <= free || count <= PAGE) return;
    pages.push(new Int32Array(2 * Math.min(count, MAX_RESERVED_PAGE)));
    this.top = 0;
  }

  /** The page of the run {@link openRun} opened last. */
  runPage: Int32Array = EMPTY;

  /**
   * Makes room for `count` postings at the end of `term`'s list, contiguous in one block, and
   * returns the index in {@link runPage} of the first one's serial (its count follows it), which
   * the caller fills, pair after pair (serials following the list's), before anything reads the list.
   */
  openRun(term: number, count: number): number {
    if (term >= this.termCount) this.addTerms(term + 1);
    let block = this.tail[term]!;
    if (block < 0 || this.blockCapacity[block]! - this.blockLength[block]! < count) {
      // Capacity doubles with the list (a chain of O(log n) blocks), bounded by a page unless the run is longer.
      block = this.newBlock(Math.max(count, Math.min(PAGE, Math.max(this.lengths[term]!, 4))));
      if (this.tail[term]! < 0) this.head[term] = block;
      else this.blockNext[this.tail[term]!] = block;
      this.tail[term] = block;
    }
    const used = this.blockLength[block]!;
    this.blockLength[block] = used + count;
    this.lengths[term] = this.lengths[term]! + count;
    this.runPage = this.pages[this.blockPage[block]!]!;
    return 2 * (this.blockStart[block]! + used);
  }

  /** Appends `serials[from, to)` and their `counts` to `term`'s list; serials must follow the list's. */
  append(term: number, serials: Int32Array, counts: Int32Array, from: number, to: number): void {
    if (term >= this.termCount) this.addTerms(term + 1);
    let p = from;
    while (p < to) {
      let block = this.tail[term]!;
      if (block < 0 || this.blockLength[block] === this.blockCapacity[block]) {
        // Capacity doubles with the list (a chain of O(log n) blocks), bounded by a page.
        const capacity = Math.min(PAGE, Math.max(to - p, this.lengths[term]!, 4));
        block = this.newBlock(capacity);
        if (this.tail[term]! < 0) this.head[term] = block;
        else this.blockNext[this.tail[term]!] = block;
        this.tail[term] = block;
      }
      const used = this.blockLength[block]!;
      const n = Math.min(to - p, this.blockCapacity[block]! - used);
      const page = this.pages[this.blockPage[block]!]!;
      const offset = 2 * (this.blockStart[block]! + used);
      for (let k = 0; k < n; k++) {
        page[offset + 2 * k] = serials[p + k]!;
        page[offset + 2 * k + 1] = counts[p + k]!;
      }
      this.blockLength[block] = used + n;
      this.lengths[term] = this.lengths[term]! + n;
      p += n;
    }
  }

  /** Writes `term`'s count into `out[serial]` for each of its postings. */
  scatter(term: number, out: Float64Array): void {
    if (term >= this.termCount) return;
    for (let block = this.head[term]!; block >= 0; block = this.blockNext[block]!) {
      const page = this.pages[this.blockPage[block]!]!;
      const start = 2 * this.blockStart[block]!;
      const end = start + 2 * this.blockLength[block]!;
      for (let j = start; j < end; j += 2) out[page[j]!] = page[j + 1]!;
    }
  }

  /**
   * Rebuilds every list with serials mapped through `remap` (-1 drops the posting), keeping their
   * order: one block per list, in fresh pages, so that deleted postings give their space back.
   */
  renumber(remap: Int32Array): void {
    const old = { pages: this.pages, head: this.head, next: this.blockNext };
    const oldPage = this.blockPage;
    const oldStart = this.blockStart;
    const oldLength = this.blockLength;
    const terms = this.termCount;
    const live = new Int32Array(terms);
    for (let t = 0; t < terms; t++) {
      let n = 0;
      for (let block = old.head[t]!; block >= 0; block = old.next[block]!) {
        const page = old.pages[oldPage[block]!]!;
        const start = 2 * oldStart[block]!;
        const end = start + 2 * oldLength[block]!;
        for (let j = start; j < end; j += 2) if (remap[page[j]!]! >= 0) n += 1;
      }
      live[t] = n;
    }
    this.clear();
    this.addTerms(terms);
    const serials = new Int32Array(PAGE);
    const counts = new Int32Array(PAGE);
    for (let t = 0; t < terms; t++) {
      if (live[t] === 0) continue;
      let n = 0;
      for (let block = old.head[t]!; block >= 0; block = old.next[block]!) {
        const page = old.pages[oldPage[block]!]!;
        const start = 2 * oldStart[block]!;
        const end = start + 2 * oldLength[block]!;
        for (let j = start; j < end; j += 2) {
          const s = remap[page[j]!]!;
          if (s < 0) continue;
          serials[n] = s;
          counts[n] = page[j + 1]!;
          n += 1;
          if (n === PAGE) {
            this.append(t, serials, counts, 0, n);
            n = 0;
          }
        }
      }
      if (n > 0) this.append(t, serials, counts, 0, n);
    }
  }

  /** Forgets every posting and term. */
  clear(): void {
    this.pages = [];
    this.top = 0;
    this.blockPage = new Int32Array(1024);
    this.blockStart = new Int32Array(1024);
    this.blockCapacity = new Int32Array(1024);
    this.blockLength = new Int32Array(1024);
    this.blockNext = new Int32Array(1024);
    this.blocks = 0;
    this.head = new Int32Array(1024).fill(-1);
    this.tail = new Int32Array(1024).fill(-1);
    this.lengths = new Int32Array(1024);
    this.termCount = 0;
  }

  private addTerms(count: number): void {
    if (count > this.head.length) {
      this.head = grown(this.head, count, -1);
      this.tail = grown(this.tail, count, -1);
      this.lengths = grown(this.lengths, count);
    }
    this.termCount = count;
  }

  private newBlock(capacity: number): number {
    // A block never straddles two pages: a new page when the rest of the last one is too short.
    const pages = this.pages;
    if (pages.length === 0 || this.top + capacity > pages[pages.length - 1]!.length / 2) {
      const size = pages.length === 0 ? 1024 : Math.min(PAGE, pages[pages.length - 1]!.length);
      pages.push(new Int32Array(2 * Math.max(size, capacity)));
      this.top = 0;
    }
    const block = this.blocks;
    if (block === this.blockStart.length) {
      this.blockPage = grown(this.blockPage, block + 1);
      this.blockStart = grown(this.blockStart, block + 1);
      this.blockCapacity = grown(this.blockCapacity, block + 1);
      this.blockLength = grown(this.blockLength, block + 1);
      this.blockNext = grown(this.blockNext, block + 1);
    }
    this.blocks = block + 1;
    this.blockPage[block] = pages.length - 1;
    this.blockStart[block] = this.top;
    this.blockCapacity[block] = capacity;
    this.blockLength[block] = 0;
    this.blockNext[block] = -1;
    this.top += capacity;
    return block;
  }
}

const EMPTY = new Int32Array(0);
