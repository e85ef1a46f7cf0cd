import { setMaxListeners } from 'node:events';

/**
 * The per-run abort signal, which components see as `context.signal`: aborted when the caller's
 * signal aborts, when a component fails (its siblings are cancelled) or when a generator is
 * abandoned.
 *
 * Its `AbortController` is made on first use: with no caller signal, a run whose components never
 * read `context.signal` never pays for one (an `EventTarget`, its listener map and
 * `setMaxListeners`, a large part of a small run's cost). An abort before then is remembered and
 * applied to the controller when it is made, so what a component sees does not change.
 */
export class RunSignal {
  #controller: AbortController | undefined;
  #caller: AbortSignal | undefined;
  #listener: (() => void) | undefined;
  /** The reason of an abort that came before any controller was made. */
  #early: { readonly reason: unknown } | undefined;

  /**
   * Follows the caller's signal, if any, until {@link close}.
   * @param onCallerAbort called when the caller's signal aborts (after the run's signal is aborted)
   */
  open(caller: AbortSignal | undefined, onCallerAbort?: () => void): void {
    if (caller === undefined) return;
    const controller = this.#make();
    if (caller.aborted) {
      controller.abort(caller.reason);
      return;
    }
    this.#caller = caller;
    this.#listener = () => {
      controller.abort(caller.reason);
      onCallerAbort?.();
    };
    caller.addEventListener('abort', this.#listener, { once: true });
  }

  /** Removes the listener from the caller's signal. */
  close(): void {
    if (this.#listener !== undefined) this.#caller?.removeEventListener('abort', this.#listener);
    this.#listener = undefined;
  }

  /** The signal components get (made now if this is its first use). */
  get signal(): AbortSignal {
    return (this.#controller ?? this.#make()).signal;
  }

  get aborted(): boolean {
    return this.#controller !== undefined ? this.#controller.signal.aborted : this.#early !== undefined;
  }

  /** Why the run was aborted (call only when {@link aborted}). */
  get reason(): unknown {
    return this.#controller !== undefined ? abortReason(this.#controller.signal) : this.#early?.reason;
  }

  /** Aborts the run (the first reason wins). */
  abort(reason: unknown): void {
    if (this.#controller !== undefined) this.#controller.abort(reason);
    else this.#early ??= { reason };
  }

  #make(): AbortController {
    const controller = new AbortController();
    // Every running component may listen to the run's signal: that is by design, not a leak.
    setMaxListeners(0, controller.signal);
    if (this.#early !== undefined) controller.abort(this.#early.reason);
    this.#controller = controller;
    return controller;
  }
}

/** The reason of an aborted caller signal (a DOMException `AbortError` by default). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
