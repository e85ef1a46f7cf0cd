import { z } from 'zod';
import { Component, type RunContext } from '../../core/component/component.js';
import type { RunInput, RunResult } from '../../core/component/sockets.js';
import type { FromDictContext } from '../../core/serialization/component-dict.js';
import { EmbedderCore } from './embedder-core.js';
import { embedderOptionsFromDict } from './embedder-serialization.js';
import {
  resolveEmbedderOptions,
  type ResolvedEmbedderOptions,
  type SentenceTransformersEmbedderOptions,
} from './sentence-transformers-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { EMBEDDER_OPTIONS } from './sentence-transformers-options.js';

/** Options of {@link SentenceTransformersTextEmbedder}: the shared embedder options. */
export type SentenceTransformersTextEmbedderOptions = SentenceTransformersEmbedderOptions;

export const inputs = { text: z.string() };
export const outputs = { embedding: z.array(z.number()) };
/** The input sockets of {@link SentenceTransformersTextEmbedder}. */
export type SentenceTransformersTextEmbedderInputs = typeof inputs;
/** The output sockets of {@link SentenceTransformersTextEmbedder}. */
export type SentenceTransformersTextEmbedderOutputs = typeof outputs;

/**
 * Embeds one string (a query) with a sentence-transformers model run by transformers.js
 * (Haystack's `SentenceTransformersTextEmbedder`). Embeds `prefix + text + suffix`.
 *
 * @example
 * const embedder = new SentenceTransformersTextEmbedder({ model: 'sentence-transformers/all-MiniLM-L6-v2' });
 * await embedder.warmUp();
 * const { embedding } = await embedder.run({ text: 'Where is Gardens of Babylon?' }); // number[384]
 */
export class SentenceTransformersTextEmbedder extends Component<SentenceTransformersTextEmbedderInputs, SentenceTransformersTextEmbedderOutputs> {
  static override readonly typeName = 'haystack.components.embedders.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder';

  readonly options: ResolvedEmbedderOptions;
  private readonly core: EmbedderCore;

  constructor(options: SentenceTransformersTextEmbedderOptions = {}) {
    assertKnownOptions(options, EMBEDDER_OPTIONS, 'SentenceTransformersTextEmbedder');
    const resolved = resolveEmbedderOptions('SentenceTransformersTextEmbedder', options);
    super({ inputs, outputs, initParameters: { ...resolved } });
    this.options = resolved;
    this.core = new EmbedderCore('SentenceTransformersTextEmbedder', resolved, options.transformersLoader, options.progressStream);
  }

  /**
   * Rebuilds the embedder from haystack-ts's or Haystack 2.31's serialized layout (`device` objects,
   * `local_files_only`, `token`, ... are translated; parameters that would change the vectors and
   * cannot be honoured are a DeserializationError).
   */
  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): SentenceTransformersTextEmbedder {
    return new SentenceTransformersTextEmbedder(embedderOptionsFromDict('SentenceTransformersTextEmbedder', data, context) as SentenceTransformersTextEmbedderOptions);
  }

  /** Loads the model (once per process for equal settings; concurrent calls share one load). */
  override async warmUp(): Promise<void> {
    await this.core.warmUp();
  }

  /** Where the model was found after `warmUp`: an absolute directory or a hub id. */
  get modelSource(): string | undefined {
    return this.core.modelSource;
  }

  async run(input: RunInput<typeof inputs>, context?: RunContext): Promise<RunResult<typeof outputs>> {
    const text: unknown = input.text;
    if (typeof text !== 'string') {
      throw new TypeError(
        'SentenceTransformersTextEmbedder: expects a string as input (got ' +
          `${Array.isArray(text) ? 'an array' : typeof text}). To embed a list of Documents, use the SentenceTransformersDocumentEmbedder.`,
      );
    }
    const [embedding = []] = await this.core.embed([this.options.prefix + text + this.options.suffix], context?.signal);
    return { embedding };
  }

  override runAsync(input: RunInput<typeof inputs>, context?: RunContext): Promise<RunResult<typeof outputs>> {
    return this.run(input, context);
  }
}
