import type { PostingLists } from './posting-lists.js';
import { grown, withRoom } from './typed-array-growth.js';

/**
 * Counts kept for postings not yet in their lists at most (128 MB), before a flush mid-pass: a pass
 * over up to about three million W7 documents flushes once, into runs of exactly their length. A
 * flush every few million postings left each run a block of its own per flush, blocks doubled with
 * their lists, and the pages those needed, allocated 8 MB at a time, brought back V8's full
 * collection per 64 MB of typed arrays (first query after 1,000,000 documents: 9.2 s CPU).
 */
const MAX_PENDING = 1 << 27;
/** A count of at least this is kept in {@link PendingPostings.large}, the byte holding this mark. */
const LARGE = 255;

/**
 * Postings counted but not yet in their lists. A document's distinct terms are already in the
 * statistics' term arena (in serial order); this keeps, beside each arena slot, the term's count in
 * the document, and per term how many new postings it has. A flush then opens one run per term at
 * the end of its list, exactly that long, and walks the arena once, writing each (serial, count)
 * straight into its run.
 *
 * Appending each posting to its list at once costs a chain of dependent cache misses per token; the
 * queue this replaces wrote (term, serial, count) per posting, sorted the queue by term into a second
 * buffer and copied each term's block into its list: three passes over the postings instead of one.
 * The lists come out the same: each term's postings in serial order.
 */
export class PendingPostings {
  /** First arena slot and first serial not yet flushed. */
  private base = 0;
  private serial = 0;
  /**
   * Per arena slot from `base`: the term's count in its document, in a byte (a quarter of the
   * memory: a pass over a million W7 documents keeps 40 million); counts of {@link LARGE} or more
   * by slot in `large`.
   */
  private counts = new Uint8Array(1024);
  private readonly large = new Map<number, number>();
  /** Per term: new postings since the last flush; and the terms with any, in first-seen order. */
  private runLengths = new Int32Array(1024);
  private touched = new Int32Array(1024);
  private touchedCount = 0;
  /** Per term during a flush: where its next posting goes, in its run's page. */
  private cursor = new Int32Array(1024);
  private targets: Int32Array[] = [];
  /**
   * A flush begun by {@link beginFlush} and not finished ({@link continueFlush} moves serials from
   * `serial` up to this one), or -1. No posting may be counted meanwhile: the counts it reads
   * start at `base` until it ends.
   */
  private flushEnd = -1;
  private flushArenaEnd = 0;

  /** Whether a document of up to `tokens` distinct terms starting at arena slot `arenaEnd` fits without a flush. */
  fits(arenaEnd: number, tokens: number): boolean {
    const needed = arenaEnd + tokens - this.base;
    if (needed <= this.counts.length) return true;
    if (needed > MAX_PENDING && this.base < arenaEnd) return false;
    this.counts = grown(this.counts, needed);
    return true;
  }

  /** Makes room for the reservation of a long pass: `slots` more arena slots from `arenaEnd`. */
  reserve(arenaEnd: number, slots: number): void {
    this.counts = withRoom(this.counts, Math.min(MAX_PENDING, arenaEnd + slots - this.base));
  }

  /** Per-term arrays for `terms` terms. */
  ensureTerms(terms: number): void {
    if (terms <= this.runLengths.length) return;
    this.runLengths = grown(this.runLengths, terms);
    this.touched = grown(this.touched, terms);
    this.cursor = grown(this.cursor, terms);
  }

  /** Records that the document term at arena slot `slot` (of term `term`) occurs `count` times. */
  add(slot: number, term: number, count: number): void {
    if (count < LARGE) this.counts[slot - this.base] = count;
    else {
      this.counts[slot - this.base] = LARGE;
      this.large.set(slot - this.base, count);
    }
    const run = this.runLengths[term]!;
    if (run === 0) {
      this.touched[this.touchedCount] = term;
      this.touchedCount += 1;
    }
    this.runLengths[term] = run + 1;
  }

  /** Whether a flush is under way ({@link beginFlush} without the end of {@link continueFlush}). */
  get flushing(): boolean {
    return this.flushEnd >= 0;
  }

  /** Whether postings were counted since the last flush (of serials below `serialEnd`). */
  hasUnflushed(serialEnd: number): boolean {
    return this.flushing || serialEnd > this.serial;
  }

  /**
   * Moves every pending posting into `postings`, finishing a flush under way first: serials from
   * the last flush to `serialEnd`, whose distinct terms are `arena[offsets[s], offsets[s] +
   * termCounts[s])`, ending at `arenaEnd`.
   */
  flush(postings: PostingLists, arena: Int32Array, offsets: Int32Array, termCounts: Int32Array, serialEnd: number, arenaEnd: number): void {
    if (this.flushing) this.continueFlush(arena, offsets, termCounts, Infinity);
    this.beginFlush(postings, serialEnd, arenaEnd);
    this.continueFlush(arena, offsets, termCounts, Infinity);
  }

  /**
   * Opens, for a flush of the serials up to `serialEnd` (arena slots up to `arenaEnd`), one run per
   * term at the end of its list, exactly as long as its new postings; {@link continueFlush} fills them.
   */
  beginFlush(postings: PostingLists, serialEnd: number, arenaEnd: number): void {
    const touched = this.touched;
    const terms = this.touchedCount;
    if (arenaEnd > this.base) {
      const runLengths = this.runLengths;
      const cursor = this.cursor;
      const targets = this.targets;
      // Runs of at least 4 postings, so a short run may need more than its length.
      postings.reserve(arenaEnd - this.base + 4 * terms);
      for (let k = 0; k < terms; k++) {
        const t = touched[k]!;
        while (targets.length <= t) targets.push(EMPTY);
        cursor[t] = postings.openRun(t, runLengths[t]!);
        targets[t] = postings.runPage;
        runLengths[t] = 0;
      }
    }
    this.touchedCount = 0;
    this.flushEnd = serialEnd;
    this.flushArenaEnd = arenaEnd;
  }

  /**
   * Writes the flush's postings into their runs, serial by serial, until all are in (the flush
   * ends) or `deadline` (a `performance.now()` time; looked at every 256 serials) has passed. The
   * arrays are the statistics' current ones: they may have been regrown, never rewritten, since
   * {@link beginFlush}.
   */
  continueFlush(arena: Int32Array, offsets: Int32Array, termCounts: Int32Array, deadline: number): void {
    const end = this.flushEnd;
    if (end < 0) return;
    const counts = this.counts;
    const base = this.base;
    const cursor = this.cursor;
    const targets = this.targets;
    const bounded = deadline !== Infinity;
    let s = this.serial;
    for (; s < end; s++) {
      if (bounded && (s & 255) === 0 && performance.now() >= deadline) break;
      const from = offsets[s]!;
      const to = from + termCounts[s]!;
      for (let j = from; j < to; j++) {
        const t = arena[j]!;
        const at = cursor[t]!;
        const page = targets[t]!;
        const count = counts[j - base]!;
        page[at] = s;
        page[at + 1] = count === LARGE ? this.large.get(j - base)! : count;
        cursor[t] = at + 2;
      }
    }
    this.serial = s;
    if (s < end) return;
    this.large.clear();
    this.base = this.flushArenaEnd;
    this.flushEnd = -1;
  }

  /**
   * Starts over at `arenaEnd` and `serialEnd` (after a flush and a renumbering, or cleared), giving
   * a long pass's buffer back.
   */
  restart(arenaEnd: number, serialEnd: number): void {
    this.flushEnd = -1;
    this.base = arenaEnd;
    this.serial = serialEnd;
    this.touchedCount = 0;
    this.large.clear();
    if (this.counts.length > 4096) this.counts = new Uint8Array(1024);
  }

  /** Forgets everything, per-term arrays included. */
  clear(): void {
    this.restart(0, 0);
    this.runLengths = new Int32Array(1024);
    this.touched = new Int32Array(1024);
    this.cursor = new Int32Array(1024);
    this.targets = [];
  }
}

const EMPTY = new Int32Array(0);
