/**
 * The order in which calls waiting for a worker thread get one: highest priority first, and among
 * equal priorities the one that asked first. A binary heap, so a wait costs O(log n) however many
 * calls queue behind a busy pool.
 *
 * Why not piscina's own `taskQueue`: piscina puts a task that carries an abort signal (every call
 * here does, so a stuck worker can be terminated) on an internal FIFO list that bypasses the
 * configurable queue. Holding calls back until a thread is free keeps the order ours.
 */
export class DispatchQueue<T> {
  readonly #heap: { readonly priority: number; readonly seq: number; readonly item: T }[] = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(item: T, priority: number): void {
    const heap = this.#heap;
    heap.push({ priority, seq: this.#seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns the item to dispatch next, or `undefined` when none waits. */
  shift(): T | undefined {
    const heap = this.#heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
    return top.item;
  }

  /** Takes `item` out (its call was aborted while waiting). Returns whether it was queued. */
  remove(item: T): boolean {
    const heap = this.#heap;
    const index = heap.findIndex((entry) => entry.item === item);
    if (index === -1) return false;
    const last = heap.pop()!;
    if (index < heap.length) {
      heap[index] = last;
      this.#siftDown(index);
      // The moved entry may also belong above its new place.
      for (let i = index; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!this.#before(i, parent)) break;
        this.#swap(i, parent);
        i = parent;
      }
    }
    return true;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    for (let i = start; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let best = i;
      if (left < heap.length && this.#before(left, best)) best = left;
      if (right < heap.length && this.#before(right, best)) best = right;
      if (best === i) return;
      this.#swap(i, best);
      i = best;
    }
  }

  #before(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.priority > y.priority || (x.priority === y.priority && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    const heap = this.#heap;
    const x = heap[a]!;
    heap[a] = heap[b]!;
    heap[b] = x;
  }
}
