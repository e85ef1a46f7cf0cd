/**
 * A first-in first-out queue whose `shift` is O(1) however long it gets.
 *
 * `Array.prototype.shift` is O(1) only while V8 can trim the array in place; past about 16,000
 * elements it moves every remaining element, so draining a burst of N items costs O(N²) (50,000
 * deferred starts: 150 ms; 200,000: 2 s). A head index avoids the moves; the slots stay in place
 * and are reused, as the priority queue's buckets are, because truncating an array is a slow path.
 */
export class Fifo<T> {
  readonly #items: (T | undefined)[] = [];
  #head = 0;
  #tail = 0;

  get size(): number {
    return this.#tail - this.#head;
  }

  push(item: T): void {
    const items = this.#items;
    const tail = this.#tail;
    if (tail === items.length) items.push(item);
    else items[tail] = item;
    this.#tail = tail + 1;
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    const head = this.#head;
    const tail = this.#tail;
    if (head === tail) return undefined;
    const items = this.#items;
    const item = items[head];
    // Cleared so that the queue does not keep what it handed out alive.
    items[head] = undefined;
    if (head + 1 === tail) {
      this.#head = 0;
      this.#tail = 0;
    } else if (head >= 1024 && 2 * head >= tail) {
      // A queue that never drains would otherwise grow without bound: move the live half down.
      items.copyWithin(0, head + 1, tail);
      items.fill(undefined, tail - head - 1, tail);
      this.#head = 0;
      this.#tail = tail - head - 1;
    } else this.#head = head + 1;
    return item;
  }

  /** Drops every item. */
  clear(): void {
    this.#items.fill(undefined, this.#head, this.#tail);
    this.#head = 0;
    this.#tail = 0;
  }
}
