/**
 * When to retry a failed attempt and how long to wait: the same rules as the `openai` SDK's own
 * loop (which cannot be bounded or aborted, so the generator runs its own).
 */

/** Statuses worth another attempt: request timeout, lock conflict, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The server's explicit verdict (`x-should-retry: true|false`), when it gave one. */
export function serverRetryVerdict(headers: Headers | undefined): boolean | undefined {
  const value = headers?.get('x-should-retry');
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/**
 * Seconds the server asked to wait: `retry-after-ms` (OpenAI's), else `Retry-After` as seconds or
 * an HTTP date. `undefined` when absent or unreadable (then the backoff applies).
 */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms !== null && ms !== undefined && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value / 1000;
  }
  const after = headers?.get('retry-after');
  if (after === null || after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** Exponential backoff for retry number `retry` (0-based): 0.5 s doubling up to 8 s, minus up to 25 % jitter. */
export function backoffSeconds(retry: number, random: () => number = Math.random): number {
  return Math.min(0.5 * 2 ** retry, 8) * (1 - random() * 0.25);
}
