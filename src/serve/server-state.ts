import type { LogFields, Logger } from '../core/logger.js';
import { getLogger } from '../core/logger.js';
import type { ResolvedServeOptions } from './serve-options.js';

/**
 * What all requests of one app share: the count of requests holding or awaiting a run (what a
 * graceful shutdown drains), the shutdown flag, the signal that aborts runs left when the drain
 * times out, and the log.
 */
export class ServerState {
  readonly options: ResolvedServeOptions;
  #inFlight = 0;
  #closing = false;
  readonly #idle: (() => void)[] = [];
  /**
   * The runs a timed-out drain aborts. A set rather than one shared signal with a listener per
   * run: at 100 runs in flight that signal held 100 listeners (Node warns past 10) and removing
   * one scanned them all.
   */
  readonly #runs = new Set<(reason: unknown) => void>();

  constructor(options: ResolvedServeOptions) {
    this.options = options;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Registers a run to abort when a shutdown's drain time runs out; returns its unregistration. */
  track(abort: (reason: unknown) => void): () => void {
    this.#runs.add(abort);
    return () => this.#runs.delete(abort);
  }

  /** Counts a request in; the returned function counts it out (once). */
  enter(): () => void {
    this.#inFlight++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      if (--this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
    };
  }

  /**
   * Refuses new runs from now on (503) and resolves once the runs in flight are over. Runs still
   * going after `timeoutMs` are aborted through their signal, and awaited.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#closing = true;
    if (this.#inFlight === 0) return;
    const idle = new Promise<void>((resolve) => this.#idle.push(resolve));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      if ((await Promise.race([idle, timedOut])) === 'timeout') {
        const reason = new DOMException('The server is shutting down.', 'AbortError');
        for (const abort of [...this.#runs]) abort(reason);
        await idle;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** An info line; `fields` may be a function, called only when the logger takes info lines. */
  info(message: string, fields: LogFields | (() => LogFields)): void {
    const logger = this.#logger();
    if (logger.info === undefined) return;
    logger.info(message, typeof fields === 'function' ? fields() : fields);
  }

  warn(message: string, fields: LogFields): void {
    this.#logger().warn(message, fields);
  }

  #logger(): Logger {
    return this.options.logger ?? getLogger();
  }
}
