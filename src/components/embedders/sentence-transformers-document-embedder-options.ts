import { ComponentError } from '../../errors.js';
import { EMBEDDER_OPTIONS, type SentenceTransformersEmbedderOptions } from './sentence-transformers-options.js';
import type { KnownOptions } from '../../core/component/known-options.js';

/** Options of {@link SentenceTransformersDocumentEmbedder}: the shared options plus what documents add. */
export interface SentenceTransformersDocumentEmbedderOptions extends SentenceTransformersEmbedderOptions {
  /**
   * Meta fields embedded with the content, in this order, before it. Missing and `null` values are skipped;
   * other values are written as Python's `str()` would (`true` → `True`, lists as `['a', 'b']`).
   * @default []
   * @example { metaFieldsToEmbed: ['title'] }
   */
  readonly metaFieldsToEmbed?: readonly string[];
  /**
   * Joins the meta values and the content.
   * @default '\n'
   */
  readonly embeddingSeparator?: string;
  /**
   * Called after each batch with the documents embedded so far and the total of this run, on a TTY
   * or not, beside the progress bar (which `progressBar: false` turns off independently). For a
   * service that reports indexing progress. An error it throws fails the run. Not serialized.
   * @default undefined
   * @example { onProgress: ({ done, total }) => log.info({ done, total }, 'indexing') }
   */
  readonly onProgress?: ((progress: EmbeddingProgress) => void) | undefined;
}

/** What {@link SentenceTransformersDocumentEmbedderOptions.onProgress} receives. */
export interface EmbeddingProgress {
  /** Documents embedded so far in this run. */
  readonly done: number;
  /** Documents this run embeds. */
  readonly total: number;
}

/** Every option SentenceTransformersDocumentEmbedder knows: anything else is rejected. */
export const DOCUMENT_EMBEDDER_OPTIONS: KnownOptions<SentenceTransformersDocumentEmbedderOptions> = { ...EMBEDDER_OPTIONS, metaFieldsToEmbed: true, embeddingSeparator: true, onProgress: true };

/** Validates the document-only options and fills their defaults. */
export function resolveDocumentOptions(
  where: string,
  options: SentenceTransformersDocumentEmbedderOptions,
): { readonly metaFieldsToEmbed: readonly string[]; readonly embeddingSeparator: string } {
  const fields: unknown = options.metaFieldsToEmbed ?? [];
  if (!Array.isArray(fields) || !fields.every((field) => typeof field === 'string')) {
    throw new ComponentError(`${where}: expected 'metaFieldsToEmbed' to be an array of strings, got ${JSON.stringify(fields)}.`);
  }
  const separator: unknown = options.embeddingSeparator ?? '\n';
  if (typeof separator !== 'string') {
    throw new ComponentError(`${where}: expected 'embeddingSeparator' to be a string, got ${typeof separator}.`);
  }
  const onProgress: unknown = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ComponentError(`${where}: expected 'onProgress' to be a function, got ${onProgress === null ? 'null' : typeof onProgress}.`);
  }
  return { metaFieldsToEmbed: Object.freeze([...(fields as string[])]), embeddingSeparator: separator };
}
