import type { AsyncRunOptions } from '../core/pipeline/pipeline-options.js';
import type { StreamingChunk } from '../dataclasses/streaming-chunk.js';
import type { ServablePipeline } from './servable-pipeline.js';

/**
 * The token path of `/stream` and of streamed chat completions: used when the pipeline has
 * `stream()` (Haystack 3.x's `Pipeline.stream`, issue 11), detected at run time so that this
 * module works before and after that method exists. The handle is async-iterable over
 * `StreamingChunk`s, each naming its component, and holds the final outputs in `result` once
 * iteration ends. Kept to this one file so that wiring the final signature is a local change.
 */

/** What `pipeline.stream(...)` is expected to return. */
export interface TokenStreamHandle extends AsyncIterable<StreamingChunk> {
  readonly result: Readonly<Record<string, unknown>> | PromiseLike<Readonly<Record<string, unknown>>> | undefined;
}

type StreamMethod = (data: Record<string, Record<string, unknown>>, options: AsyncRunOptions) => TokenStreamHandle;

/**
 * The pipeline's `stream` method, bound, or `undefined` when it has none or when no component of
 * it can stream (none has a `streamingCallback` input): such a pipeline would stream no tokens, so
 * `/stream` sends its partial outputs instead.
 */
export function streamMethodOf(pipeline: ServablePipeline): StreamMethod | undefined {
  const method = (pipeline as { stream?: unknown }).stream;
  if (typeof method !== 'function') return undefined;
  const streams = Object.values(pipeline.inputs(true)).some((sockets) => Object.hasOwn(sockets, 'streamingCallback'));
  return streams ? (method as StreamMethod).bind(pipeline) : undefined;
}

/** An item of a token stream. */
export type TokenEvent =
  | { readonly kind: 'token'; readonly component: string | null; readonly content: string; readonly finishReason: string | null }
  | { readonly kind: 'final'; readonly result: Readonly<Record<string, unknown>> };

/** Tokens as they come, then the final outputs. Abandoning the iteration abandons the handle (which cancels the run). */
export async function* tokenEvents(stream: StreamMethod, data: Record<string, Record<string, unknown>>, options: AsyncRunOptions): AsyncGenerator<TokenEvent, void, undefined> {
  const handle = stream(data, options);
  for await (const chunk of handle) {
    yield { kind: 'token', component: chunk.componentInfo?.name ?? null, content: chunk.content, finishReason: chunk.finishReason ?? null };
  }
  yield { kind: 'final', result: (await handle.result) ?? {} };
}
