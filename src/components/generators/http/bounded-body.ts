import type { Attempt } from './attempt.js';

/** The body grew past the allowed size (internal; the generator turns it into a typed error). */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`the response exceeded ${limit} bytes`);
  }
}

/** How a body is read: at most `maxBytes`, and for streams with the countdown running only while waiting on the server. */
export interface BodyLimits {
  readonly maxBytes: number;
  /** Restart the attempt's countdown before every read (streams); else it keeps running as a total deadline. */
  readonly inactivity: boolean;
}

/**
 * Reads a response body chunk by chunk within `attempt`'s countdown and the size limit. Ending early
 * (a break, a throw, an abort) cancels the body, which releases the connection.
 */
export async function* boundedBody(response: Response, attempt: Attempt, limits: BodyLimits): AsyncGenerator<Uint8Array, void, undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limits.maxBytes) throw new BodyTooLargeError(limits.maxBytes);
  if (response.body === null) return;
  const reader = response.body.getReader();
  // A pending read must end when the attempt does; a custom fetch may not wire the signal to its body.
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  attempt.signal.addEventListener('abort', onAbort, { once: true });
  let total = 0;
  try {
    for (;;) {
      attempt.signal.throwIfAborted();
      if (limits.inactivity) attempt.arm();
      const { done, value } = await reader.read();
      if (limits.inactivity) attempt.disarm();
      attempt.signal.throwIfAborted();
      if (done) return;
      total += value.byteLength;
      if (total > limits.maxBytes) throw new BodyTooLargeError(limits.maxBytes);
      yield value;
    }
  } finally {
    attempt.signal.removeEventListener('abort', onAbort);
    // Not awaited: a custom body's cancel may never settle, and nothing waits on it.
    void reader.cancel().catch(() => undefined);
  }
}

/** Reads a whole (non-streamed) body as text within the limits. */
export async function boundedText(response: Response, attempt: Attempt, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const bytes of boundedBody(response, attempt, { maxBytes, inactivity: false })) text += decoder.decode(bytes, { stream: true });
  return text + decoder.decode();
}
