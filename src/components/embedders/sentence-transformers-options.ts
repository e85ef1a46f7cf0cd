import { ComponentError } from '../../errors.js';
import type { TransformersLoader } from './transformers-module.js';
import type { KnownOptions } from '../../core/component/known-options.js';
import { describeValue } from '../../describe.js';

/** How token vectors become one sentence vector. */
export type PoolingMode = 'mean' | 'cls' | 'max';

/** The ONNX weight variant transformers.js loads (`onnx/model.onnx`, `onnx/model_quantized.onnx`, ...). */
export type EmbedderDtype = 'auto' | 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

/** A writable stream the progress bar draws on (a TTY for the bar to show). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/**
 * Options shared by {@link SentenceTransformersTextEmbedder} and
 * {@link SentenceTransformersDocumentEmbedder}: Haystack's parameters camelCased, plus the offline
 * options transformers.js needs.
 */
export interface SentenceTransformersEmbedderOptions {
  /**
   * A Hugging Face model id or a path to a local model directory (transformers.js layout:
   * `config.json`, `tokenizer.json`, `onnx/model.onnx`). Well-known sentence-transformers ids are
   * resolved to the ONNX build transformers.js loads (`sentence-transformers/all-MiniLM-L6-v2` →
   * `Xenova/all-MiniLM-L6-v2`) and keep their sentence-transformers recipe (pooling, normalisation,
   * truncation).
   * @default 'sentence-transformers/all-MiniLM-L6-v2'
   * @example { model: 'sentence-transformers/all-mpnet-base-v2' }
   */
  readonly model?: string;
  /**
   * Where the model runs (onnxruntime-node execution provider). `undefined` lets transformers.js choose (CPU in Node).
   * @example { device: 'cpu' }
   */
  readonly device?: string | undefined;
  /**
   * Text put before every text, e.g. an instruction some models (E5, bge) need.
   * @default ''
   * @example { prefix: 'query: ' }
   */
  readonly prefix?: string;
  /**
   * Text put after every text.
   * @default ''
   */
  readonly suffix?: string;
  /**
   * Texts per model call. Between batches the embedder yields to the event loop, so other pipeline
   * branches never wait longer than one batch.
   * @default 32
   */
  readonly batchSize?: number;
  /**
   * Draw a progress bar (batches done / total, rate) on stderr when it is a TTY.
   * @default true
   */
  readonly progressBar?: boolean;
  /**
   * L2-normalise every vector (models whose sentence-transformers recipe normalises, such as
   * all-MiniLM-L6-v2, are normalised either way, as in sentence-transformers).
   * @default false
   */
  readonly normalizeEmbeddings?: boolean;
  /**
   * Keep only the first `truncateDim` dimensions (Matryoshka models). `undefined` keeps all.
   * @example { truncateDim: 256 }
   */
  readonly truncateDim?: number | undefined;
  /**
   * Weights to load. `'fp32'` is `onnx/model.onnx`, `'q8'` is `onnx/model_quantized.onnx`.
   * @default 'fp32'
   */
  readonly dtype?: EmbedderDtype;
  /**
   * The model revision (branch, tag or commit) on the hub.
   * @default 'main'
   */
  readonly revision?: string;
  /**
   * Pooling of token vectors. `undefined` uses the model's sentence-transformers recipe when known
   * (its `modules.json`/`1_Pooling/config.json` for local models), else mean pooling.
   */
  readonly pooling?: PoolingMode | undefined;
  /**
   * Longest input in word pieces; longer inputs are truncated. `undefined` uses the model's
   * sentence-transformers `max_seq_length` when known, else the tokenizer's `model_max_length`.
   */
  readonly maxSeqLength?: number | undefined;
  /**
   * A folder that holds model directories (`<localModelPath>/<model>`), or a model directory itself.
   * Looked up before the hub.
   * @example { localModelPath: '../shared/models', model: 'tiny-minilm' }
   */
  readonly localModelPath?: string | undefined;
  /**
   * Allow downloads from the Hugging Face hub. With `false` nothing is requested over the network:
   * a model that is not found locally is a clear error (Haystack's `local_files_only: true`).
   * @default true
   */
  readonly allowRemoteModels?: boolean;
  /**
   * Loads `@huggingface/transformers`; replace it to use another copy of the package or in tests.
   * Not serialized.
   * @default () => import('@huggingface/transformers')
   */
  readonly transformersLoader?: TransformersLoader | undefined;
  /**
   * Where the progress bar draws. Not serialized.
   * @default process.stderr
   */
  readonly progressStream?: ProgressStream | undefined;
}

/** Every option SentenceTransformersEmbedder knows: anything else is rejected. */
export const EMBEDDER_OPTIONS: KnownOptions<SentenceTransformersEmbedderOptions> = { model: true, device: true, prefix: true, suffix: true, batchSize: true, progressBar: true, normalizeEmbeddings: true, truncateDim: true, dtype: true, revision: true, pooling: true, maxSeqLength: true, localModelPath: true, allowRemoteModels: true, transformersLoader: true, progressStream: true };

/** The options after defaults, as the embedders keep them. */
export interface ResolvedEmbedderOptions {
  readonly model: string;
  readonly device: string | undefined;
  readonly prefix: string;
  readonly suffix: string;
  readonly batchSize: number;
  readonly progressBar: boolean;
  readonly normalizeEmbeddings: boolean;
  readonly truncateDim: number | undefined;
  readonly dtype: EmbedderDtype;
  readonly revision: string;
  readonly pooling: PoolingMode | undefined;
  readonly maxSeqLength: number | undefined;
  readonly localModelPath: string | undefined;
  readonly allowRemoteModels: boolean;
}

export const DEFAULT_EMBEDDING_MODEL = 'sentence-transformers/all-MiniLM-L6-v2';

const DTYPES: ReadonlySet<string> = new Set(['auto', 'fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']);
const POOLING: ReadonlySet<string> = new Set(['mean', 'cls', 'max']);

/** Validates the shared options once, in the constructor, and fills the defaults. */
export function resolveEmbedderOptions(where: string, options: SentenceTransformersEmbedderOptions): ResolvedEmbedderOptions {
  const fail = (name: string, expected: string, got: unknown): never => {
    throw new ComponentError(`${where}: expected '${name}' to be ${expected}, got ${describeValue(got)}.`);
  };
  const str = (name: keyof SentenceTransformersEmbedderOptions, fallback: string): string => {
    const value = options[name] ?? fallback;
    return typeof value === 'string' ? value : fail(name, 'a string', value);
  };
  const optionalPositiveInt = (name: keyof SentenceTransformersEmbedderOptions): number | undefined => {
    const value = options[name];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fail(name, 'a positive integer', value);
  };
  const bool = (name: keyof SentenceTransformersEmbedderOptions, fallback: boolean): boolean => {
    const value = options[name] ?? fallback;
    return typeof value === 'boolean' ? value : fail(name, 'a boolean', value);
  };

  const model = str('model', DEFAULT_EMBEDDING_MODEL);
  if (model.trim() === '') fail('model', 'a model id or a path', model);
  const device = options.device ?? undefined;
  if (device !== undefined && typeof device !== 'string') fail('device', 'a string', device);
  const dtype = options.dtype ?? 'fp32';
  if (!DTYPES.has(dtype)) fail('dtype', `one of ${[...DTYPES].join(', ')}`, dtype);
  const pooling = options.pooling ?? undefined;
  if (pooling !== undefined && !POOLING.has(pooling)) fail('pooling', `one of ${[...POOLING].join(', ')}`, pooling);
  const localModelPath = options.localModelPath ?? undefined;
  if (localModelPath !== undefined && typeof localModelPath !== 'string') fail('localModelPath', 'a string', localModelPath);
  const loader = options.transformersLoader;
  if (loader !== undefined && typeof loader !== 'function') fail('transformersLoader', 'a function', loader);
  const stream = options.progressStream;
  if (stream !== undefined && (typeof stream !== 'object' || stream === null || typeof stream.write !== 'function')) {
    fail('progressStream', 'a writable stream', stream);
  }

  return {
    model,
    device,
    prefix: str('prefix', ''),
    suffix: str('suffix', ''),
    batchSize: optionalPositiveInt('batchSize') ?? 32,
    progressBar: bool('progressBar', true),
    normalizeEmbeddings: bool('normalizeEmbeddings', false),
    truncateDim: optionalPositiveInt('truncateDim'),
    dtype,
    revision: str('revision', 'main'),
    pooling,
    maxSeqLength: optionalPositiveInt('maxSeqLength'),
    localModelPath,
    allowRemoteModels: bool('allowRemoteModels', true),
  };
}
