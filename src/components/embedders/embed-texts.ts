import { l2Normalize, type SentenceTransformersBackend } from './sentence-transformers-backend.js';
import { ProgressBar } from './progress-bar.js';
import type { ProgressStream, ResolvedEmbedderOptions } from './sentence-transformers-options.js';

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * sentence-transformers' `encode`: texts sorted by length (longest first, so each batch pads
 * little), encoded in batches, put back in input order, then truncated to `truncateDim` and
 * normalised if asked. Between batches it yields to the event loop (other pipeline branches run)
 * and checks the abort signal.
 */
export async function embedTexts(
  backend: SentenceTransformersBackend,
  texts: readonly string[],
  options: ResolvedEmbedderOptions,
  run: {
    signal?: AbortSignal | undefined;
    progressStream: ProgressStream;
    onProgress?: ((progress: { readonly done: number; readonly total: number }) => void) | undefined;
  },
): Promise<number[][]> {
  const { batchSize, truncateDim, normalizeEmbeddings } = options;
  const order = texts.map((_, index) => index).sort((a, b) => (texts[b]?.length ?? 0) - (texts[a]?.length ?? 0));
  const result = new Array<number[]>(texts.length);
  const batches = Math.ceil(texts.length / batchSize);
  const progress = options.progressBar ? new ProgressBar(run.progressStream, batches) : undefined;
  try {
    for (let start = 0; start < order.length; start += batchSize) {
      run.signal?.throwIfAborted();
      const indices = order.slice(start, start + batchSize);
      const vectors = await backend.encodeBatch(
        indices.map((index) => texts[index] ?? ''),
        { pooling: options.pooling, maxSeqLength: options.maxSeqLength },
      );
      indices.forEach((index, position) => {
        let vector = vectors[position] ?? [];
        if (truncateDim !== undefined) vector = vector.slice(0, truncateDim);
        result[index] = normalizeEmbeddings ? l2Normalize(vector) : vector;
      });
      progress?.tick();
      run.onProgress?.({ done: Math.min(start + batchSize, order.length), total: order.length });
      if (start + batchSize < order.length) await yieldToEventLoop();
    }
  } finally {
    progress?.finish();
  }
  run.signal?.throwIfAborted();
  return result;
}
