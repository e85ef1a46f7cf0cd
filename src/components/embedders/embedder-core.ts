import { embedTexts } from './embed-texts.js';
import { getEmbeddingBackend, type SentenceTransformersBackend } from './sentence-transformers-backend.js';
import type { ProgressStream, ResolvedEmbedderOptions } from './sentence-transformers-options.js';
import { defaultTransformersLoader, type TransformersLoader } from './transformers-module.js';

/**
 * What both embedders share: the model (loaded once, on the first `warmUp` or run, through the
 * process-wide backend cache) and the batching loop.
 */
export class EmbedderCore {
  private backend: SentenceTransformersBackend | undefined;
  private loading: Promise<SentenceTransformersBackend> | undefined;

  constructor(
    private readonly where: string,
    readonly options: ResolvedEmbedderOptions,
    private readonly loader: TransformersLoader = defaultTransformersLoader,
    private readonly progressStream: ProgressStream | undefined = undefined,
    private readonly onProgress: ((progress: { readonly done: number; readonly total: number }) => void) | undefined = undefined,
  ) {}

  /** Loads the model once; concurrent callers share the same in-flight load. A failure can be retried. */
  async warmUp(): Promise<SentenceTransformersBackend> {
    if (this.backend) return this.backend;
    if (!this.loading) {
      const { model, device, dtype, revision, localModelPath, allowRemoteModels } = this.options;
      const loading = getEmbeddingBackend(this.where, { model, device, dtype, revision, localModelPath, allowRemoteModels }, this.loader);
      this.loading = loading;
      loading.then(
        (backend) => {
          this.backend = backend;
        },
        () => {
          if (this.loading === loading) this.loading = undefined;
        },
      );
    }
    return this.loading;
  }

  /** Where the model was found: an absolute directory or a hub id (after `warmUp`). */
  get modelSource(): string | undefined {
    return this.backend?.resolved.source;
  }

  async embed(texts: readonly string[], signal: AbortSignal | undefined): Promise<number[][]> {
    signal?.throwIfAborted();
    const backend = await this.warmUp();
    return embedTexts(backend, texts, this.options, { signal, progressStream: this.progressStream ?? process.stderr, onProgress: this.onProgress });
  }
}
