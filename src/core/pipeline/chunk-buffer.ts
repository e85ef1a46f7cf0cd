/**
 * The bounded FIFO between a stream's producers (the forwarders injected as streaming callbacks)
 * and its consumer (the handle's iterator).
 */
import type { StreamingChunk } from '../../dataclasses/streaming-chunk.js';
import { Fifo } from './fifo.js';

/** An item of the run's generator, queued between the chunks so that both reach the consumer in order. */
export class RunOutputs {
  constructor(readonly outputs: Readonly<Record<string, unknown>>) {}
}

export type Buffered = StreamingChunk | RunOutputs;

/**
 * The chunks (and, with `onOutputs`, the generator's items) between the producers (forwarders) and the consumers (iterators): a FIFO bounded by
 * `limit`. A producer finding it full waits for a consumer to take one; once the consumer is gone
 * (`detach`) chunks are dropped and waiting producers released, so the run never stalls on it.
 * @internal
 */
export class ChunkBuffer {
  readonly #items = new Fifo<Buffered>();
  #ended = false;
  #detached = false;
  readonly #space: (() => void)[] = [];
  readonly #readers: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get size(): number {
    return this.#items.size;
  }

  async push(chunk: Buffered): Promise<void> {
    while (!this.#detached && this.size >= this.limit) await new Promise<void>((resolve) => this.#space.push(resolve));
    if (this.#detached) return;
    this.#items.push(chunk);
    this.#wakeReaders();
  }

  /** The next item, or undefined once the buffer is empty and the run has ended. */
  async shift(): Promise<Buffered | undefined> {
    for (;;) {
      const chunk = this.#items.shift();
      if (chunk !== undefined) {
        this.#space.shift()?.();
        return chunk;
      }
      if (this.#ended || this.#detached) return undefined;
      await new Promise<void>((resolve) => this.#readers.push(resolve));
    }
  }

  /** No chunk will come after those buffered (the run settled). */
  end(): void {
    this.#ended = true;
    this.#wakeReaders();
  }

  /** Nobody will read any more: drop what is buffered and what comes. */
  detach(): void {
    this.#detached = true;
    this.#items.clear();
    for (const resolve of this.#space.splice(0)) resolve();
    this.#wakeReaders();
  }

  #wakeReaders(): void {
    for (const resolve of this.#readers.splice(0)) resolve();
  }
}
