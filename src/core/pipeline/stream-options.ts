import { PipelineValidationError } from '../../errors.js';
import { type AsyncRunOptions } from './pipeline-options.js';
import { describeValue } from '../../describe.js';

/** Options of `AsyncPipeline.stream` (Haystack 3.x's `Pipeline.stream`). */
export interface StreamOptions extends AsyncRunOptions {
  /**
   * The components whose chunks are forwarded to the handle (Haystack's `streaming_components`).
   * Each must be a component of the pipeline with a `streamingCallback` input socket; an unknown or
   * non-streaming name is a `PipelineValidationError` thrown by `stream()` itself.
   * @default every component with a `streamingCallback` input socket
   * @example pipeline.stream(data, { streamingComponents: ['llm'] })
   */
  readonly streamingComponents?: Iterable<string>;
  /**
   * Whether abandoning the iteration (a `break`, a thrown error in the loop body, a cancelled
   * ReadableStream) cancels the run (Haystack's `cancel_on_abandon`). When false the run goes on to
   * completion; chunks produced after the consumer left are not buffered (callbacks given at init
   * or in `data` still receive them) and `handle.completion` resolves with the outputs.
   * @default true
   * @example pipeline.stream(data, { cancelOnAbandon: false })
   */
  readonly cancelOnAbandon?: boolean;
  /**
   * How many chunks the handle holds for a consumer that is slower than the model. When the buffer
   * is full, the forwarder's promise waits until the consumer takes a chunk; generators await their
   * callback before reading the next event, so the model's HTTP stream is paused (TCP flow control)
   * instead of memory growing. `Infinity` gives Haystack's unbounded queue.
   * @default 1024
   * @example pipeline.stream(data, { maxBufferedChunks: 16 })
   */
  readonly maxBufferedChunks?: number;
}

/** Default of {@link StreamOptions.maxBufferedChunks}. */
export const DEFAULT_MAX_BUFFERED_CHUNKS = 1024;

/** The stream-only options after validation. */
export interface ResolvedStreamOptions {
  readonly streamingComponents: readonly string[] | undefined;
  readonly cancelOnAbandon: boolean;
  readonly maxBufferedChunks: number;
  /** What is passed on to `runAsync`. */
  readonly runOptions: AsyncRunOptions;
}

/** Validates the stream-only options; the run options are validated by `runAsync`, on iteration. */
export function resolveStreamOptions(options: StreamOptions | undefined, where: string): ResolvedStreamOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new PipelineValidationError(`${where}: expected an options object, got ${describeValue(o)}.`);
  const { streamingComponents, cancelOnAbandon = true, maxBufferedChunks = DEFAULT_MAX_BUFFERED_CHUNKS, ...runOptions } = o;
  let names: string[] | undefined;
  if (streamingComponents !== undefined) {
    if (typeof streamingComponents === 'string' || typeof (streamingComponents as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new PipelineValidationError(
        `${where}: expected streamingComponents to be an iterable of component names (e.g. an array), got ${describeValue(streamingComponents)}.`,
      );
    }
    names = [...new Set(streamingComponents)];
    const bad = names.find((n) => typeof n !== 'string');
    if (bad !== undefined) throw new PipelineValidationError(`${where}: expected streamingComponents to hold component names, got ${describeValue(bad)}.`);
  }
  if (typeof cancelOnAbandon !== 'boolean') {
    throw new PipelineValidationError(`${where}: expected cancelOnAbandon to be a boolean, got ${describeValue(cancelOnAbandon)}.`);
  }
  if (typeof maxBufferedChunks !== 'number' || !(maxBufferedChunks >= 1) || (!Number.isInteger(maxBufferedChunks) && maxBufferedChunks !== Infinity)) {
    throw new PipelineValidationError(`${where}: expected maxBufferedChunks to be an integer >= 1 (or Infinity), got ${describeValue(maxBufferedChunks)}.`);
  }
  return { streamingComponents: names, cancelOnAbandon, maxBufferedChunks, runOptions };
}
