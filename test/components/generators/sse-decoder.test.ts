import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../../src/components/generators/http/sse-decoder.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const decodeAll = (pieces: string[]): Array<{ event: string | undefined; data: string }> => {
  const decoder = new SseDecoder();
  return [...pieces.flatMap((p) => decoder.push(bytes(p))), ...decoder.end()];
};

describe('SseDecoder', () => {
  it('dispatches events on blank lines, joining data lines', () => {
    expect(decodeAll(['data: a\n\ndata: b\ndata: c\n\n'])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b\nc' },
    ]);
  });

  it('accepts LF, CRLF and CR line ends, also split across chunks', () => {
    expect(decodeAll(['data: a\r\n\r\ndata: b\r', '\n\r', '\ndata: c\r\rdata: d\n\n'])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
      { event: undefined, data: 'c' },
      { event: undefined, data: 'd' },
    ]);
  });

  it('reassembles events and multi-byte characters split across chunks', () => {
    const text = 'data: {"content":"héllo ✓"}\n\n';
    const raw = bytes(text);
    const decoder = new SseDecoder();
    const events = [...decoder.push(raw.slice(0, 21)), ...decoder.push(raw.slice(21, 23)), ...decoder.push(raw.slice(23)), ...decoder.end()];
    expect(events).toEqual([{ event: undefined, data: '{"content":"héllo ✓"}' }]);
  });

  it('keeps event names, skips comments and unknown fields, takes the value without one leading space', () => {
    expect(decodeAll([': keep-alive\nevent: error\nid: 7\nretry: 10\ndata:  two spaces\n\n'])).toEqual([
      { event: 'error', data: ' two spaces' },
    ]);
  });

  it('drops an event the stream ended in the middle of', () => {
    expect(decodeAll(['data: complete\n\ndata: cut'])).toEqual([{ event: undefined, data: 'complete' }]);
  });
});
