/**
 * The async engine's concurrency limit (`concurrencyLimit`): a FIFO counting semaphore that gates
 * only the component call, so inputs are consumed at scheduling time while the call may wait.
 * Waiters are served in the order they asked, like asyncio's `Semaphore`.
 */
export class Permits {
  #free: number;
  #waiters: ((() => void) | undefined)[] | undefined;
  #head = 0;

  /** @param limit how many calls may be in progress at once (validated by the run options) */
  constructor(limit: number) {
    this.#free = limit;
  }

  /** True when a call could start now without waiting. */
  get available(): boolean {
    return this.#free > 0;
  }

  /** Takes a permit: at once (undefined) when one is free, else a promise that resolves in turn. */
  acquire(): Promise<void> | undefined {
    if (this.#free > 0) {
      this.#free--;
      return undefined;
    }
    return new Promise<void>((resolve) => (this.#waiters ??= []).push(resolve));
  }

  /** Gives a permit back: to the longest waiter, if any, else to the pool. */
  release(): void {
    const waiters = this.#waiters;
    if (waiters !== undefined && this.#head < waiters.length) {
      const next = waiters[this.#head]!;
      waiters[this.#head++] = undefined;
      if (this.#head === waiters.length) {
        this.#waiters = undefined;
        this.#head = 0;
      }
      next();
    } else this.#free++;
  }
}
