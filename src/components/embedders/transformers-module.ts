/**
 * The small part of `@huggingface/transformers` the embedders use, typed structurally so that the
 * public types of haystack-ts do not depend on the optional package being installed.
 */

/** A tensor as transformers.js returns it. */
export interface TensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
  dispose?(): void;
}

/** The encoding a tokenizer call returns. */
export interface EncodingLike {
  readonly input_ids: TensorLike;
  readonly attention_mask: TensorLike;
  readonly [name: string]: TensorLike;
}

/** A loaded tokenizer: callable on a batch of texts. */
export interface TokenizerLike {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length?: number }): EncodingLike;
  readonly model_max_length?: number | undefined;
}

/** A loaded model: callable on an encoding. */
export interface ModelLike {
  (inputs: EncodingLike): Promise<Readonly<Record<string, TensorLike | undefined>>>;
  dispose?(): Promise<unknown>;
}

/** The options `from_pretrained` receives. */
export interface PretrainedOptionsLike {
  revision?: string;
  local_files_only?: boolean;
  dtype?: string;
  device?: string;
}

/** What the embedders need from `@huggingface/transformers`. */
export interface TransformersLike {
  readonly AutoTokenizer: { from_pretrained(model: string, options?: PretrainedOptionsLike): Promise<TokenizerLike> };
  readonly AutoModel: { from_pretrained(model: string, options?: PretrainedOptionsLike): Promise<ModelLike> };
}

/** Loads the transformers module; injectable for tests and for a second copy of the package. */
export type TransformersLoader = () => Promise<TransformersLike>;

export const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

/** The default loader: a lazy import, so the core works without the optional package. */
export const defaultTransformersLoader: TransformersLoader = async () =>
  (await import('@huggingface/transformers')) as unknown as TransformersLike;

