import { refusal } from './json-response.js';
import type { RunGate } from './run-gate.js';
import type { ServerState } from './server-state.js';

/** A request allowed to run: its signal, and what to call once the run is over. */
export interface Admission {
  /** Aborted when the client disconnects, when a shutdown's drain times out, or by `abort()`. */
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Frees the run's slot and counts the request out of the drain (idempotent). */
  done(): void;
}

/**
 * Lets a request through the server's gates: refused (503) while shutting down or when the
 * pipeline's queue is full, else it waits for a slot. A client that leaves while queued gives
 * up its place.
 */
export async function admit(state: ServerState, gate: RunGate, clientSignal: AbortSignal, requestId: string): Promise<Admission | Response> {
  if (state.closing) return refusal(503, 'ShuttingDown', 'The server is shutting down; retry on another instance.', requestId, { 'retry-after': '1' });
  const leave = state.enter();
  // One controller fed by the client and by a timed-out shutdown, its listener removed when the
  // request is done (AbortSignal.any would keep it until the signals are collected).
  const local = new AbortController();
  const forward = (): void => local.abort(clientSignal.reason);
  const untrack = state.track((reason) => local.abort(reason));
  const unlisten = (): void => {
    clientSignal.removeEventListener('abort', forward);
    untrack();
  };
  if (clientSignal.aborted) local.abort(clientSignal.reason);
  else clientSignal.addEventListener('abort', forward, { once: true });
  let release: (() => void) | undefined;
  try {
    release = await gate.acquire(local.signal);
  } catch (error) {
    unlisten();
    leave();
    throw error;
  }
  if (release === undefined) {
    unlisten();
    leave();
    return refusal(503, 'QueueFull', 'Too many requests for this pipeline are running or waiting; retry later.', requestId, { 'retry-after': '1' });
  }
  const free = release;
  let finished = false;
  return {
    signal: local.signal,
    abort: (reason?: unknown) => local.abort(reason ?? new DOMException('The run was cancelled.', 'AbortError')),
    done: () => {
      if (finished) return;
      finished = true;
      unlisten();
      free();
      leave();
    },
  };
}
