/** A caller's id is kept only when it is short and plain, so it is safe to echo in headers and logs. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

// Web Crypto, not node:crypto: the app also runs on other Web-standard runtimes.
/** The request's id: the caller's `x-request-id` when safe, else a new UUID. */
export function requestIdOf(header: string | undefined | null): string {
  return header !== undefined && header !== null && SAFE_ID.test(header) ? header : globalThis.crypto.randomUUID();
}
