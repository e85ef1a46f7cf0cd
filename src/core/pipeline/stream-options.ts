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
  /**
   * Receives the items `runAsyncGenerator` yields (each component's partial outputs as it
   * finishes, the final outputs last), in order with the chunks: the handle's iterator calls it
   * when it reaches the item, before yielding the chunks produced after it. With it the run goes
   * through `runAsyncGenerator` instead of `runAsync` (pass `includeOutputsFrom` for the
   * components whose outputs are all wanted). A server sends partial-output and token events from
   * one ordered stream this way. Not called for items nobody iterates to.
   * @default none: the run goes through `runAsync`
   * @example pipeline.stream(data, { includeOutputsFrom: ['retriever'], onOutputs: (item) => send(item) })
   */
  readonly onOutputs?: (outputs: Readonly<Record<string, unknown>>) => void | PromiseLike<void>;
}

/** Default of {@link StreamOptions.maxBufferedChunks}. */
export const DEFAULT_MAX_BUFFERED_CHUNKS = 1024;

/** The stream-only options after validation. */
export interface ResolvedStreamOptions {
  readonly streamingComponents: readonly string[] | undefined;
  readonly cancelOnAbandon: boolean;
  readonly maxBufferedChunks: number;
  readonly onOutputs: ((outputs: Readonly<Record<string, unknown>>) => void | PromiseLike<void>) | undefined;
  /** What is passed on to `runAsync`. */
  readonly runOptions: AsyncRunOptions;
}

/** Validates the stream-only options; the run options are validated by `runAsync`, on iteration. */
export function resolveStreamOptions(options: StreamOptions | undefined, where: string): ResolvedStreamOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new PipelineValidationError(`${where}: expected an options object, got ${describeValue(o)}.`);
  const { streamingComponents, cancelOnAbandon = true, maxBufferedChunks = DEFAULT_MAX_BUFFERED_CHUNKS, onOutputs, ...runOptions } = o;
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
  if (onOutputs !== undefined && typeof onOutputs !== 'function') {
    throw new PipelineValidationError(`${where}: expected onOutputs to be a function, got ${describeValue(onOutputs)}.`);
  }
  return { streamingComponents: names, cancelOnAbandon, maxBufferedChunks, onOutputs, runOptions };
}
