import type { AsyncRunOptions } from '../core/pipeline/pipeline-options.js';
import type { StreamingChunk } from '../dataclasses/streaming-chunk.js';
import type { StreamOptions } from '../core/pipeline/stream-options.js';
import type { StreamItem } from './partial-events.js';
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

type StreamMethod = (data: Record<string, Record<string, unknown>>, options: StreamOptions) => TokenStreamHandle;

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

/**
 * Tokens as they come with the run's items between them (`onOutputs`, in the order they
 * happened), for {@link splitStreamEvents}. A `stream()` that does not know `onOutputs` (an older
 * copy of the package) gives tokens only; its final outputs then come from `result`. Abandoning
 * the iteration abandons the handle (which cancels the run).
 */
export async function* tokenItems(stream: StreamMethod, data: Record<string, Record<string, unknown>>, options: AsyncRunOptions): AsyncGenerator<StreamItem, void, undefined> {
  const queued: Readonly<Record<string, unknown>>[] = [];
  let received = false;
  const handle = stream(data, {
    ...options,
    onOutputs: (outputs) => {
      received = true;
      queued.push(outputs);
    },
  });
  for await (const chunk of handle) {
    while (queued.length > 0) yield { kind: 'outputs', outputs: queued.shift()! };
    yield { kind: 'token', component: chunk.componentInfo?.name ?? null, content: chunk.content, finishReason: chunk.finishReason ?? null };
  }
  while (queued.length > 0) yield { kind: 'outputs', outputs: queued.shift()! };
  if (!received) yield { kind: 'final', result: (await handle.result) ?? {} };
}
