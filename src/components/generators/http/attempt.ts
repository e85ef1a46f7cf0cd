/**
 * One HTTP attempt's lifetime: its own AbortController, linked to the caller's signal, and a
 * countdown that aborts it when the server is too slow. A per-attempt controller also keeps the
 * SDK's abort listener off the caller's long-lived (pipeline) signal.
 */

/** Node's setTimeout fires at once for delays beyond 2^31-1 ms; clamp instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The reason an attempt is aborted with when its countdown expires (never shown to callers). */
class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
}

export class Attempt {
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort: () => void;
  readonly #ms: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Starts the countdown at once: `ms` covers connecting, sending and the response headers. */
  constructor(outer: AbortSignal | undefined, ms: number) {
    this.#outer = outer;
    this.#ms = Math.min(Math.max(ms, 1), MAX_TIMER_MS);
    this.#onOuterAbort = () => this.#controller.abort(outer?.reason);
    outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
    if (outer?.aborted) this.#onOuterAbort();
    this.arm();
  }

  /** Aborts on the caller's abort and on expiry; pass it to fetch. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when the countdown (not the caller) ended the attempt. */
  get timedOut(): boolean {
    return this.signal.aborted && this.signal.reason instanceof AttemptTimeout;
  }

  /** (Re)starts the countdown from now: streams call it before every read (an inactivity timeout). */
  arm(): void {
    this.disarm();
    if (this.signal.aborted) return;
    this.#timer = setTimeout(() => this.#controller.abort(new AttemptTimeout(`no answer within ${this.#ms} ms`)), this.#ms);
  }

  /** Stops the countdown: streams call it while their consumer, not the server, is busy. */
  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Ends the attempt: no timer or listener survives it, and an unread response is cut. */
  dispose(): void {
    this.disarm();
    this.#outer?.removeEventListener('abort', this.#onOuterAbort);
    this.#controller.abort();
  }
}
