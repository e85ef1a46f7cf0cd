/**
 * Token streaming through a pipeline (Haystack 3.x's `Pipeline.stream` and `PipelineStreamHandle`):
 * a forwarder is injected as the `streamingCallback` of streaming-capable components, and the
 * chunks it receives are handed to whoever iterates the handle, while the run goes on.
 */
import type { AnyComponent } from '../component/component.js';
import { PipelineError, PipelineValidationError } from '../../errors.js';
import { ComponentInfo, StreamingChunk, selectStreamingCallback, type StreamingCallback } from '../../dataclasses/streaming-chunk.js';
import type { AsyncRunOptions } from './pipeline-options.js';
import { resolveStreamOptions, type StreamOptions } from './stream-options.js';
import { ChunkBuffer, RunOutputs } from './chunk-buffer.js';

/** The input socket that makes a component streaming-capable. */
const STREAMING_SOCKET = 'streamingCallback';

/**
 * How long `aclose()` waits for a cancelled run to settle, as Haystack's `_CLEANUP_TIMEOUT_SECONDS`:
 * a component that ignores its signal must not hold the consumer forever.
 */
const CLEANUP_TIMEOUT_MS = 1000;

/** What `stream` needs from the pipeline it runs (given by `AsyncPipeline.stream`). */
export interface StreamSource<R> {
  /** Every component, by name. */
  readonly components: Iterable<readonly [string, AnyComponent]>;
  /** Run data in the by-component form (Haystack's `_prepare_component_input_data`). */
  prepare(data: unknown, where: string): Record<string, Record<string, unknown>>;
  /** Starts the run (`runAsync`). */
  run(data: Record<string, Record<string, unknown>>, options: AsyncRunOptions): Promise<R>;
  /** Starts the run as a generator of partial outputs, the final outputs last (`runAsyncGenerator`); used with `onOutputs`. */
  generate?(data: Record<string, Record<string, unknown>>, options: AsyncRunOptions): AsyncIterable<Readonly<Record<string, unknown>>>;
}

/** Formats of {@link PipelineStreamHandle.toResponseStream}. */
export type StreamResponseFormat = 'text' | 'ndjson' | 'sse';

/** Names of the components whose chunks are forwarded; throws for unknown or non-streaming names. */
export function streamingTargets(components: Iterable<readonly [string, AnyComponent]>, requested: readonly string[] | undefined, where: string): Map<string, AnyComponent> {
  const all = new Map(components);
  const capable = new Map<string, AnyComponent>();
  for (const [name, instance] of all) if (Object.prototype.hasOwnProperty.call(instance.inputSchemas, STREAMING_SOCKET)) capable.set(name, instance);
  if (requested === undefined) return capable;
  const unknown = requested.filter((n) => !all.has(n)).sort();
  if (unknown.length > 0) {
    throw new PipelineValidationError(
      `${where}: Unknown components in streamingComponents: ${JSON.stringify(unknown)}. The pipeline's components are: ${[...all.keys()].join(', ') || '(none)'}.`,
      { component: unknown[0] },
    );
  }
  const nonStreaming = requested.filter((n) => !capable.has(n)).sort();
  if (nonStreaming.length > 0) {
    throw new PipelineValidationError(
      `${where}: These components do not support streaming (they have no '${STREAMING_SOCKET}' input socket): ${JSON.stringify(nonStreaming)}. ` +
        `Streaming-capable components: ${[...capable.keys()].join(', ') || '(none)'}.`,
      { component: nonStreaming[0] },
    );
  }
  return new Map(requested.map((n) => [n, capable.get(n)!]));
}

/**
 * Starts the run and returns its handle. Only the stream options and the component names are
 * checked here (as Haystack raises from `stream()` itself); everything else surfaces on iteration.
 */
export function startStream<R>(source: StreamSource<R>, data: unknown, options: StreamOptions | undefined, where: string): PipelineStreamHandle<R> {
  const resolved = resolveStreamOptions(options, where);
  const targets = streamingTargets(source.components, resolved.streamingComponents, where);
  const buffer = new ChunkBuffer(resolved.maxBufferedChunks);
  const nested = source.prepare(data, where);
  const prepared: Record<string, Record<string, unknown>> = { ...nested };
  for (const [name, instance] of targets) {
    const inputs = prepared[name];
    const initCallback = (instance as { streamingCallback?: unknown }).streamingCallback;
    const user = selectStreamingCallback(
      typeof initCallback === 'function' ? (initCallback as StreamingCallback) : undefined,
      inputs?.[STREAMING_SOCKET] as StreamingCallback | undefined,
    );
    prepared[name] = { ...inputs, [STREAMING_SOCKET]: forwarder(buffer, name, instance, user) };
  }

  const controller = new AbortController();
  const caller = resolved.runOptions.signal;
  const forward = (): void => controller.abort(caller!.reason);
  if (caller instanceof AbortSignal) {
    if (caller.aborted) forward();
    else caller.addEventListener('abort', forward, { once: true });
  }
  // A non-AbortSignal `signal` is passed on as given, so runAsync reports it as it always does.
  const runOptions: AsyncRunOptions = caller === undefined || caller instanceof AbortSignal ? { ...resolved.runOptions, signal: controller.signal } : resolved.runOptions;
  const generate = source.generate;
  if (resolved.onOutputs !== undefined && generate === undefined) {
    throw new PipelineValidationError(`${where}: onOutputs needs a pipeline with runAsyncGenerator.`);
  }
  let run: Promise<R>;
  try {
    run = resolved.onOutputs !== undefined ? drive<R>(generate!.call(source, prepared, runOptions), buffer) : source.run(prepared, runOptions);
  } catch (error) {
    run = Promise.reject(error);
  }
  return new PipelineStreamHandle<R>(run, buffer, controller, resolved.cancelOnAbandon, () => caller?.removeEventListener('abort', forward), resolved.onOutputs);
}

/** Runs the generator to its end, queueing each item behind the chunks produced before it; the last item is the final outputs. */
async function drive<R>(items: AsyncIterable<Readonly<Record<string, unknown>>>, buffer: ChunkBuffer): Promise<R> {
  let last: Readonly<Record<string, unknown>> = {};
  for await (const item of items) {
    last = item;
    await buffer.push(new RunOutputs(item));
  }
  return last as R;
}

/** The callback injected into one component: buffers the chunk (waiting when full), then calls the user's. */
function forwarder(buffer: ChunkBuffer, name: string, instance: AnyComponent, user: StreamingCallback | undefined): StreamingCallback {
  return async (chunk: StreamingChunk): Promise<void> => {
    const tagged = withComponent(chunk, name, instance);
    await buffer.push(tagged);
    if (user !== undefined) await user(tagged);
  };
}

/** The chunk, naming the component that produced it when the component left that out. */
function withComponent(chunk: StreamingChunk, name: string, instance: AnyComponent): StreamingChunk {
  if (!(chunk instanceof StreamingChunk)) {
    throw new PipelineError(`AsyncPipeline.stream: component '${name}' passed ${chunk === null ? 'null' : typeof chunk} to its streaming callback; expected a StreamingChunk.`, {
      component: name,
    });
  }
  if (chunk.componentInfo?.name != null) return chunk;
  return new StreamingChunk({
    content: chunk.content,
    meta: { ...chunk.meta },
    componentInfo: new ComponentInfo(chunk.componentInfo?.type ?? instance.typeName, name),
    index: chunk.index,
    toolCalls: chunk.toolCalls,
    toolCallResult: chunk.toolCallResult,
    start: chunk.start,
    finishReason: chunk.finishReason,
    reasoning: chunk.reasoning,
  });
}

type RunState<R> = { readonly status: 'running' } | { readonly status: 'done'; readonly value: R } | { readonly status: 'failed'; readonly error: unknown };

/**
 * What `AsyncPipeline.stream` returns (Haystack's `PipelineStreamHandle`): async-iterable over the
 * `StreamingChunk`s of the streaming components, each naming its component in `componentInfo`.
 * The run starts at once; after the iteration ends, `result` holds the final outputs, as
 * `runAsync` would have returned them.
 *
 * - Errors surface on iteration, as with `runAsyncGenerator` (validation errors included).
 * - Leaving the loop early cancels the run (unless `cancelOnAbandon: false`) and waits up to one
 *   second for in-flight components to settle.
 * - A consumer slower than the model is handled by a bounded buffer (`maxBufferedChunks`): the
 *   producing component waits, which pauses its HTTP stream.
 *
 * @example
 * const handle = pipeline.stream({ prompt: { query } });
 * for await (const chunk of handle) process.stdout.write(chunk.content);
 * handle.result.llm?.replies[0]?.text;
 */
export class PipelineStreamHandle<R> implements AsyncIterable<StreamingChunk> {
  readonly #run: Promise<R>;
  readonly #buffer: ChunkBuffer;
  readonly #controller: AbortController;
  readonly #cancelOnAbandon: boolean;
  readonly #onOutputs: ((outputs: Readonly<Record<string, unknown>>) => void | PromiseLike<void>) | undefined;
  #state: RunState<R> = { status: 'running' };
  #cancelled = false;
  /**
   * Settles with the final outputs (or the run's error) whether or not anybody iterates; handy with
   * `cancelOnAbandon: false`. Never an unhandled rejection when nobody awaits it.
   */
  readonly completion: Promise<R>;

  /** @internal use `AsyncPipeline.stream` */
  constructor(
    run: Promise<R>,
    buffer: ChunkBuffer,
    controller: AbortController,
    cancelOnAbandon: boolean,
    cleanup: () => void,
    onOutputs?: (outputs: Readonly<Record<string, unknown>>) => void | PromiseLike<void>,
  ) {
    this.#buffer = buffer;
    this.#onOutputs = onOutputs;
    this.#controller = controller;
    this.#cancelOnAbandon = cancelOnAbandon;
    this.#run = run.then(
      (value) => {
        this.#state = { status: 'done', value };
        return value;
      },
      (error: unknown) => {
        this.#state = { status: 'failed', error };
        throw error;
      },
    );
    this.#run
      .catch(() => undefined)
      .finally(() => {
        cleanup();
        buffer.end();
      });
    this.completion = this.#run;
  }

  /** True once the run has settled (finished, failed or was cancelled). */
  get done(): boolean {
    return this.#state.status !== 'running';
  }

  /**
   * The final outputs, once the run finished.
   * @throws PipelineError when the run has not finished or was cancelled; the run's own error when it failed
   */
  get result(): R {
    const state = this.#state;
    if (state.status === 'running') throw new PipelineError('PipelineStreamHandle.result: the pipeline has not finished; iterate the handle first (or await handle.completion).');
    if (this.#cancelled && state.status === 'failed') {
      throw new PipelineError('PipelineStreamHandle.result: the run was cancelled (the iteration was abandoned or aclose() was called); no result is available.', {
        cause: state.error,
      });
    }
    if (state.status === 'failed') throw state.error;
    return state.value;
  }

  /**
   * Iterates the chunks; each `for await` gets its own iterator over the same buffer. The iterator
   * ends when the run has finished and every chunk was taken, and throws if the run failed.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<StreamingChunk, void, undefined> {
    let finished = false;
    try {
      for (;;) {
        const item = await this.#buffer.shift();
        if (item === undefined) break;
        if (item instanceof RunOutputs) await this.#onOutputs?.(item.outputs);
        else yield item;
      }
      finished = true;
      await this.#run;
    } finally {
      if (!finished && !this.done) {
        if (this.#cancelOnAbandon) await this.aclose();
        else this.#buffer.detach();
      }
    }
  }

  /**
   * Cancels the run if it is still going: the components see their signal aborted. Waits for it to
   * settle, at most one second (as Haystack). Chunks not yet taken are dropped.
   */
  async aclose(): Promise<void> {
    if (this.done) return;
    this.#cancelled = true;
    this.#buffer.detach();
    this.#controller.abort(new DOMException('PipelineStreamHandle: the stream was closed before the run finished.', 'AbortError'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLEANUP_TIMEOUT_MS);
      timer.unref?.();
    });
    try {
      await Promise.race([this.#run.then(() => undefined, () => undefined), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `await using handle = pipeline.stream(...)` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.aclose();
  }

  /**
   * The chunks as a web `ReadableStream`, pulled one at a time (the consumer's pace is the
   * backpressure). Cancelling the stream abandons the iteration; a failed run errors the stream.
   */
  toReadableStream(): ReadableStream<StreamingChunk> {
    const iterator = this[Symbol.asyncIterator]();
    return new ReadableStream<StreamingChunk>(
      {
        async pull(controller) {
          const next = await iterator.next();
          if (next.done === true) controller.close();
          else controller.enqueue(next.value);
        },
        async cancel() {
          await iterator.return(undefined);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * The chunks encoded as UTF-8, ready for `new Response(...)` in a Fetch or Hono handler:
   * - `'text'`: the content of each chunk, nothing else; a failed run errors the stream;
   * - `'ndjson'`: one `StreamingChunk.toDict()` per line, then `{"error":{"name","message"}}` if the run failed;
   * - `'sse'`: `event: chunk` with the chunk's dict, then `event: done` or `event: error` (`text/event-stream`).
   *
   * @example
   * app.post('/ask', (c) => new Response(pipeline.stream(data).toResponseStream('sse'), { headers: { 'content-type': 'text/event-stream' } }));
   */
  toResponseStream(format: StreamResponseFormat = 'text'): ReadableStream<Uint8Array> {
    if (format !== 'text' && format !== 'ndjson' && format !== 'sse') {
      throw new PipelineValidationError(`PipelineStreamHandle.toResponseStream: expected format 'text', 'ndjson' or 'sse', got ${JSON.stringify(format)}.`);
    }
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    let closed = false;
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (closed) return;
          let next: IteratorResult<StreamingChunk>;
          try {
            next = await iterator.next();
          } catch (error) {
            if (format === 'text') throw error;
            closed = true;
            const body = JSON.stringify({ error: describeError(error) });
            controller.enqueue(encoder.encode(format === 'sse' ? `event: error\ndata: ${body}\n\n` : `${body}\n`));
            controller.close();
            return;
          }
          if (next.done === true) {
            closed = true;
            if (format === 'sse') controller.enqueue(encoder.encode('event: done\ndata: {}\n\n'));
            controller.close();
            return;
          }
          const chunk = next.value;
          if (format === 'text') {
            if (chunk.content !== '') controller.enqueue(encoder.encode(chunk.content));
          } else {
            const body = JSON.stringify(chunk.toDict());
            controller.enqueue(encoder.encode(format === 'sse' ? `event: chunk\ndata: ${body}\n\n` : `${body}\n`));
          }
        },
        async cancel() {
          await iterator.return(undefined);
        },
      },
      { highWaterMark: 0 },
    );
  }
}

/** Name and message only: a stack or a cause may quote inputs. */
function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
