import { z } from 'zod';
import { Component, type RunContext } from '../../core/component/component.js';
import type { RunInput, RunResult } from '../../core/component/sockets.js';
import { Document } from '../../dataclasses/document.js';
import { pythonRepr } from '../../dataclasses/document-id.js';
import type { FromDictContext } from '../../core/serialization/component-dict.js';
import { EmbedderCore } from './embedder-core.js';
import { embedderOptionsFromDict } from './embedder-serialization.js';
import {
  resolveDocumentOptions,
  type SentenceTransformersDocumentEmbedderOptions,
} from './sentence-transformers-document-embedder-options.js';
import { resolveEmbedderOptions, type ResolvedEmbedderOptions } from './sentence-transformers-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { DOCUMENT_EMBEDDER_OPTIONS } from './sentence-transformers-document-embedder-options.js';

export const inputs = { documents: z.array(z.instanceof(Document)) };
export const outputs = { documents: z.array(z.instanceof(Document)) };
/** The input sockets of {@link SentenceTransformersDocumentEmbedder}. */
export type SentenceTransformersDocumentEmbedderInputs = typeof inputs;
/** The output sockets of {@link SentenceTransformersDocumentEmbedder}. */
export type SentenceTransformersDocumentEmbedderOutputs = typeof outputs;

const WHERE = 'SentenceTransformersDocumentEmbedder';

/** Python's `str()` of a meta value: strings as they are, everything else as its repr. */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/**
 * Embeds documents with a sentence-transformers model run by transformers.js (Haystack's
 * `SentenceTransformersDocumentEmbedder`). Returns copies with the same ids and an `embedding`;
 * the input documents are not changed.
 *
 * @example
 * const embedder = new SentenceTransformersDocumentEmbedder({ metaFieldsToEmbed: ['title'] });
 * const { documents } = await embedder.run({ documents: [new Document({ content: 'I love pizza!' })] });
 * documents[0].embedding; // number[384]
 */
export class SentenceTransformersDocumentEmbedder extends Component<SentenceTransformersDocumentEmbedderInputs, SentenceTransformersDocumentEmbedderOutputs> {
  static override readonly typeName =
    'haystack.components.embedders.sentence_transformers_document_embedder.SentenceTransformersDocumentEmbedder';

  readonly options: ResolvedEmbedderOptions & { readonly metaFieldsToEmbed: readonly string[]; readonly embeddingSeparator: string };
  private readonly core: EmbedderCore;

  constructor(options: SentenceTransformersDocumentEmbedderOptions = {}) {
    assertKnownOptions(options, DOCUMENT_EMBEDDER_OPTIONS, WHERE);
    const resolved = { ...resolveEmbedderOptions(WHERE, options), ...resolveDocumentOptions(WHERE, options) };
    super({ inputs, outputs, initParameters: { ...resolved, metaFieldsToEmbed: [...resolved.metaFieldsToEmbed] } });
    this.options = resolved;
    this.core = new EmbedderCore(WHERE, resolved, options.transformersLoader, options.progressStream, options.onProgress);
  }

  /**
   * Rebuilds the embedder from haystack-ts's or Haystack 2.31's serialized layout (`device` objects,
   * `local_files_only`, `token`, ... are translated; parameters that would change the vectors and
   * cannot be honoured are a DeserializationError).
   */
  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): SentenceTransformersDocumentEmbedder {
    return new SentenceTransformersDocumentEmbedder(embedderOptionsFromDict('SentenceTransformersDocumentEmbedder', data, context) as SentenceTransformersDocumentEmbedderOptions);
  }

  /** Loads the model (once per process for equal settings; concurrent calls share one load). */
  override async warmUp(): Promise<void> {
    await this.core.warmUp();
  }

  /** Where the model was found after `warmUp`: an absolute directory or a hub id. */
  get modelSource(): string | undefined {
    return this.core.modelSource;
  }

  /**
   * The exact text embedded for a document, as Haystack builds it: prefix, then the non-null values
   * of `metaFieldsToEmbed` and the content (empty when missing) joined by the separator, then suffix.
   */
  textToEmbed(document: Document): string {
    const { prefix, suffix, metaFieldsToEmbed, embeddingSeparator } = this.options;
    const parts: string[] = [];
    for (const key of metaFieldsToEmbed) {
      const value = Object.hasOwn(document.meta, key) ? document.meta[key] : undefined;
      if (value !== undefined && value !== null) parts.push(pythonStr(value));
    }
    parts.push(document.content ?? '');
    return prefix + parts.join(embeddingSeparator) + suffix;
  }

  async run(input: RunInput<typeof inputs>, context?: RunContext): Promise<RunResult<typeof outputs>> {
    const documents: unknown = input.documents;
    if (!Array.isArray(documents) || (documents.length > 0 && !(documents[0] instanceof Document))) {
      throw new TypeError(
        `${WHERE}: expects a list of Documents as input. To embed a string, use the SentenceTransformersTextEmbedder.`,
      );
    }
    const docs = documents as Document[];
    const embeddings = await this.core.embed(docs.map((document) => this.textToEmbed(document)), context?.signal);
    return { documents: docs.map((document, index) => document.copyWith({ embedding: embeddings[index] ?? [] })) };
  }

  override runAsync(input: RunInput<typeof inputs>, context?: RunContext): Promise<RunResult<typeof outputs>> {
    return this.run(input, context);
  }
}
