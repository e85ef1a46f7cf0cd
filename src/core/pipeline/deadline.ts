import { isPromiseLike } from './promise-like.js';

/**
 * Calls `call` with a signal of its own that follows `parent` and also aborts once `ms` have
 * passed, with the error `expired()` builds; the result then rejects with that error at once, even
 * when the call ignores its signal (a late settlement is ignored, never unhandled). A synchronous
 * result or throw comes back as is: a synchronous call has finished before any timer could fire.
 * The listener on `parent` and the timer are removed as soon as the call settles.
 *
 * Both time limits use it: the run option `componentTimeouts` (component-timeout.ts) and
 * `addComponent`'s per-attempt `timeout` (resilience.ts).
 */
export function callWithDeadline(parent: AbortSignal, ms: number, expired: () => Error, call: (signal: AbortSignal) => unknown): unknown {
  const controller = new AbortController();
  const forward = (): void => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  let result: unknown;
  try {
    result = call(controller.signal);
  } catch (error) {
    parent.removeEventListener('abort', forward);
    throw error;
  }
  if (!isPromiseLike(result)) {
    parent.removeEventListener('abort', forward);
    return result;
  }
  const pending = result;
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = expired();
      controller.abort(error);
      reject(error);
    }, ms);
    const settle = (): void => {
      clearTimeout(timer);
      parent.removeEventListener('abort', forward);
    };
    Promise.resolve(pending).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
