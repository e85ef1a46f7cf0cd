/**
 * The per-pipeline admission control: at most `limit` runs at once, at most `queueBound` requests
 * waiting (FIFO) behind them. A request past both is refused at once, so that an overloaded
 * server answers 503 quickly instead of piling up memory and latency.
 */
export class RunGate {
  readonly #limit: number;
  readonly #queueBound: number;
  #active = 0;
  readonly #waiters: { resolve: (release: () => void) => void; reject: (reason: unknown) => void }[] = [];

  constructor(limit: number, queueBound: number) {
    this.#limit = limit;
    this.#queueBound = queueBound;
  }

  /** Runs in progress. */
  get active(): number {
    return this.#active;
  }

  /** Requests waiting for a run. */
  get queued(): number {
    return this.#waiters.length;
  }

  /**
   * A release function once a run may start; `undefined` at once when the queue is full. A
   * request whose signal aborts while it waits leaves the queue and rejects with the reason.
   */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.#limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    if (this.#waiters.length >= this.#queueBound) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (release: () => void) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
      };
      const onAbort = (): void => {
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      // The permit passes straight to the next waiter: `active` does not change.
      if (next !== undefined) next.resolve(this.#releaser());
      else this.#active--;
    };
  }
}
