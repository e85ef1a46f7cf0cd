/**
 * Haystack's `FIFOPriorityQueue` for the engine's few small priorities: lower values come first and
 * equal priorities come out in insertion order.
 *
 * Haystack uses a binary heap of `(priority, counter, item)`. With a handful of integer priorities a
 * bucket per priority gives exactly the same order with O(1) push and pop, which matters because the
 * async engine refills the queue on every scheduling step.
 */
export class FIFOPriorityQueue<T> {
  readonly #buckets: T[][];
  readonly #heads: number[];
  /** Per bucket, one past its last item (a cleared bucket keeps stale slots beyond it). */
  readonly #tails: number[];
  #size = 0;
  #lowest = 0;

  /** @param levels the number of priorities; valid priorities are `0 .. levels - 1`. */
  constructor(levels: number) {
    this.#buckets = Array.from({ length: levels }, () => []);
    this.#heads = new Array<number>(levels).fill(0);
    this.#tails = new Array<number>(levels).fill(0);
    this.#lowest = levels;
  }

  /**
   * Empties the queue, keeping its buckets for reuse (a run refills a queue at every step). The
   * buckets keep their old slots (overwritten by later pushes): truncating an array is a slow path.
   */
  clear(): void {
    for (let p = 0; p < this.#buckets.length; p++) {
      this.#heads[p] = 0;
      this.#tails[p] = 0;
    }
    this.#size = 0;
    this.#lowest = this.#buckets.length;
  }

  get size(): number {
    return this.#size;
  }

  push(item: T, priority: number): void {
    const bucket = this.#buckets[priority];
    if (bucket === undefined) throw new RangeError(`FIFOPriorityQueue.push: expected a priority in 0..${this.#buckets.length - 1}, got ${priority}.`);
    const tail = this.#tails[priority]!;
    if (tail === bucket.length) bucket.push(item);
    else bucket[tail] = item;
    this.#tails[priority] = tail + 1;
    this.#size++;
    if (priority < this.#lowest) this.#lowest = priority;
  }

  /** The priority and item that `pop` would return, or undefined when empty. */
  peek(): [priority: number, item: T] | undefined {
    const p = this.#top();
    if (p === undefined) return undefined;
    return [p, this.#buckets[p]![this.#heads[p]!]!];
  }

  /** The priority of the item `pop` would return (undefined when empty); with {@link topItem} and {@link popItem}, no tuple is made. */
  topPriority(): number | undefined {
    return this.#top();
  }

  /** The item `pop` would return, or undefined when empty. */
  topItem(): T | undefined {
    const p = this.#top();
    return p === undefined ? undefined : this.#buckets[p]![this.#heads[p]!];
  }

  /** Removes and returns the first item (as {@link pop}, without its priority). */
  popItem(): T | undefined {
    const p = this.#top();
    if (p === undefined) return undefined;
    const head = this.#heads[p]!;
    this.#heads[p] = head + 1;
    this.#size--;
    return this.#buckets[p]![head];
  }

  /** Removes and returns the first item (lowest priority, then oldest), or undefined when empty. */
  pop(): [priority: number, item: T] | undefined {
    const p = this.#top();
    if (p === undefined) return undefined;
    const bucket = this.#buckets[p]!;
    const head = this.#heads[p]!;
    const item = bucket[head]!;
    this.#heads[p] = head + 1;
    this.#size--;
    return [p, item];
  }

  /** The items left, in pop order (for the blocked-pipeline diagnosis). */
  *[Symbol.iterator](): IterableIterator<[priority: number, item: T]> {
    for (let p = 0; p < this.#buckets.length; p++) {
      const bucket = this.#buckets[p]!;
      for (let i = this.#heads[p]!; i < this.#tails[p]!; i++) yield [p, bucket[i]!];
    }
  }

  #top(): number | undefined {
    if (this.#size === 0) return undefined;
    for (let p = this.#lowest; p < this.#buckets.length; p++) {
      if (this.#heads[p]! < this.#tails[p]!) {
        this.#lowest = p;
        return p;
      }
    }
    return undefined;
  }
}
