import { HaystackError, named } from '../errors.js';

/**
 * Reading a request body under `maxBodyBytes`. With a `Content-Length` (what JSON clients send)
 * the header is checked before anything is read, and the body is read with `text()`, which
 * `@hono/node-server` serves straight from the socket's buffers. Hono's own `bodyLimit` asks for
 * `request.body` first, which makes the adapter build a full web `Request` and a
 * `ReadableStream` around the socket for every request (a tenth of the server's CPU time at 100
 * concurrent clients, in bench/workloads/serve.ts). A chunked body is counted as it streams in.
 */

/** The body is larger than the server's `maxBodyBytes` (answered 413). */
export class PayloadTooLargeError extends HaystackError {
  static {
    named(this, 'PayloadTooLargeError');
  }
  readonly maxBytes: number;
  constructor(message: string, maxBytes: number) {
    super(message);
    this.maxBytes = maxBytes;
  }
}

function tooLarge(where: string, maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `${where}: the request body is larger than the server's maxBodyBytes (${maxBytes} bytes). Send a smaller body, or raise maxBodyBytes in the server's options.`,
    maxBytes,
  );
}

/**
 * The body as text, or a {@link PayloadTooLargeError} past `maxBytes`.
 * @param where the route, for the error message (e.g. `POST /rag/run`)
 */
export async function readBodyText(request: Request, maxBytes: number, where: string): Promise<string> {
  const length = request.headers.get('content-length');
  if (length !== null && !request.headers.has('transfer-encoding')) {
    if (Number(length) > maxBytes) throw tooLarge(where, maxBytes);
    return request.text();
  }
  const body = request.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(where, maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
