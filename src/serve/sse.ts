/**
 * Server-Sent Events framing (the WHATWG `text/event-stream` format). Data is one line of JSON,
 * which never holds a raw newline, so an event cannot be split or forged by a value's content.
 */

const encoder = new TextEncoder();

/** One event: `event: <name>`, an optional `id`, one `data:` line of JSON. */
export function sseEvent(event: string, data: unknown, id?: number): Uint8Array {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  return encoder.encode(`event: ${event}\n${idLine}data: ${JSON.stringify(data)}\n\n`);
}

/** A comment line: keeps proxies from closing an idle stream; clients ignore it. */
export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text.replace(/[\r\n]/g, ' ')}\n\n`);
}

/** The response headers of an event stream (no buffering by proxies, no caching). */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
});
