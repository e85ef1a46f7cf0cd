import { setMaxListeners } from 'node:events';

/**
 * The per-run abort controller: aborted when the caller's signal aborts, when a component fails
 * (its siblings are cancelled) or when a generator is abandoned. Components see it as
 * `context.signal`. `dispose()` removes the listener from the caller's signal.
 */
export interface RunSignal {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** The caller's signal, if any. */
  readonly caller: AbortSignal | undefined;
  /** Called when the caller's signal aborts (after the run's controller is aborted). */
  onAbort: (() => void) | undefined;
  dispose(): void;
}

export function createRunSignal(caller: AbortSignal | undefined): RunSignal {
  const controller = new AbortController();
  // Every running component may listen to the run's signal: that is by design, not a leak.
  setMaxListeners(0, controller.signal);
  const run: RunSignal = {
    controller,
    signal: controller.signal,
    caller,
    onAbort: undefined,
    dispose() {
      caller?.removeEventListener('abort', listener);
    },
  };
  const listener = (): void => {
    controller.abort(caller!.reason);
    run.onAbort?.();
  };
  if (caller !== undefined) {
    if (caller.aborted) controller.abort(caller.reason);
    else caller.addEventListener('abort', listener, { once: true });
  }
  return run;
}

/** The reason of an aborted caller signal (a DOMException `AbortError` by default). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
