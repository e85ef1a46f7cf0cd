import { ComponentLimit } from '../core/pipeline/component-limit.js';

/**
 * The per-pipeline admission control: at most `limit` runs at once, at most `queueBound` requests
 * waiting (FIFO) behind them. A request past both is refused at once, so that an overloaded
 * server answers 503 quickly instead of piling up memory and latency.
 */
export class RunGate {
  readonly #slots: ComponentLimit;
  readonly #queueBound: number;

  constructor(limit: number, queueBound: number) {
    this.#slots = new ComponentLimit(limit);
    this.#queueBound = queueBound;
  }

  /** Runs in progress. */
  get active(): number {
    return this.#slots.active;
  }

  /** Requests waiting for a run. */
  get queued(): number {
    return this.#slots.waiting;
  }

  /**
   * A release function once a run may start; `undefined` at once when the queue is full. A
   * request whose signal aborts while it waits leaves the queue and rejects with the reason.
   */
  acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#slots.active >= this.#slots.limit && this.#slots.waiting >= this.#queueBound) return Promise.resolve(undefined);
    return this.#slots.acquire(signal);
  }
}
