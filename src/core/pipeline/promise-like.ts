/** Whether a component's result must be awaited: a promise, or any thenable (as `await` treats it). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
