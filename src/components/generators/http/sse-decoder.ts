/** One server-sent event: its `event:` name (if any) and its `data:` lines joined by newlines. */
export interface ServerSentEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Incremental decoder of `text/event-stream` bytes (the WHATWG rules the chat APIs use): lines end
 * in LF, CRLF or CR, a blank line dispatches, `:` lines are comments, unknown fields are ignored.
 * An event still open when the stream ends is dropped, as the spec says.
 */
export class SseDecoder {
  readonly #text = new TextDecoder();
  #buffer = '';
  #data: string[] = [];
  #event: string | undefined;
  #sawCR = false;

  /** Feeds bytes; returns the events they completed. */
  push(bytes: Uint8Array): ServerSentEvent[] {
    return this.#lines(this.#text.decode(bytes, { stream: true }));
  }

  /** Flushes the decoder at the end of the stream. */
  end(): ServerSentEvent[] {
    const events = this.#lines(this.#text.decode());
    if (this.#buffer !== '') events.push(...this.#line(this.#buffer));
    this.#buffer = '';
    return events;
  }

  #lines(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 && this.#sawCR && i === start && this.#buffer === '') {
        // The LF of a CRLF split across two chunks, or right after a CR-terminated line.
        this.#sawCR = false;
        start = i + 1;
        continue;
      }
      if (c === 10 || c === 13) {
        events.push(...this.#line(this.#buffer + text.slice(start, i)));
        this.#buffer = '';
        this.#sawCR = c === 13;
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
        continue;
      }
      this.#sawCR = false;
    }
    this.#buffer += text.slice(start);
    return events;
  }

  #line(line: string): ServerSentEvent[] {
    if (line === '') {
      if (this.#data.length === 0) {
        this.#event = undefined;
        return [];
      }
      const event = { event: this.#event, data: this.#data.join('\n') };
      this.#data = [];
      this.#event = undefined;
      return [event];
    }
    if (line.startsWith(':')) return [];
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    return [];
  }
}
