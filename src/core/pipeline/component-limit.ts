/**
 * A concurrency limit shared by every run of one component instance (`concurrencyLimit` of
 * `addComponent`): a FIFO semaphore whose waiters leave the queue when their run aborts, so an
 * abandoned request never holds a place in line. The server's per-pipeline admission
 * (`serve/run-gate.ts`) is the same semaphore with a bound on its queue.
 */
export class ComponentLimit {
  readonly limit: number;
  #active = 0;
  readonly #waiting: { grant: () => void; settled: boolean }[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Calls holding a slot now. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * Waits for a slot (first come, first served) and resolves with the function that gives it back;
   * calling that more than once gives back one slot. Rejects with the signal's reason if it aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        settled: false,
        grant: (): void => {
          entry.settled = true;
          signal?.removeEventListener('abort', onAbort);
          resolve(this.#releaser());
        },
      };
      const onAbort = (): void => {
        if (entry.settled) return;
        entry.settled = true;
        const index = this.#waiting.indexOf(entry);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(entry);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter: the count never drops below what is running.
      const next = this.#waiting.shift();
      if (next !== undefined) next.grant();
      else this.#active--;
    };
  }
}
