import { ComponentError } from '../../errors.js';
import { resolutionFailureMessage } from '../../core/optional-package.js';
import { resolveModel, type ResolvedModel } from './model-resolution.js';
import type { EmbedderDtype, PoolingMode } from './sentence-transformers-options.js';
import {
  TRANSFORMERS_PACKAGE,
  defaultTransformersLoader,
  type EncodingLike,
  type ModelLike,
  type PretrainedOptionsLike,
  type TensorLike,
  type TokenizerLike,
  type TransformersLoader,
} from './transformers-module.js';

/** What decides which model is loaded; equal parameters share one loaded model. */
export interface BackendParams {
  readonly model: string;
  readonly device: string | undefined;
  readonly dtype: EmbedderDtype;
  readonly revision: string;
  readonly localModelPath: string | undefined;
  readonly allowRemoteModels: boolean;
}

/** How one batch is turned into vectors. */
export interface EncodeOptions {
  readonly pooling?: PoolingMode | undefined;
  readonly maxSeqLength?: number | undefined;
}

/**
 * A loaded tokenizer and model (Haystack's `_SentenceTransformersEmbeddingBackend`). One instance
 * serves every embedder with the same load parameters; ONNX sessions accept concurrent calls.
 */
export class SentenceTransformersBackend {
  constructor(
    readonly resolved: ResolvedModel,
    private readonly tokenizer: TokenizerLike,
    private readonly model: ModelLike,
  ) {}

  /** The recipe's pooling and truncation, then the model's own `Normalize` step if it has one. */
  async encodeBatch(texts: string[], options: EncodeOptions = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    const recipe = this.resolved.recipe;
    const maxLength = options.maxSeqLength ?? recipe.maxSeqLength ?? this.tokenizer.model_max_length;
    const encoding: EncodingLike = this.tokenizer(
      texts,
      maxLength !== undefined && Number.isFinite(maxLength) ? { padding: true, truncation: true, max_length: maxLength } : { padding: true, truncation: true },
    );
    const output = await this.model(encoding);
    try {
      const pooled = output['sentence_embedding'];
      const vectors = pooled
        ? rows(pooled)
        : pool(tokenVectors(output), encoding.attention_mask, options.pooling ?? recipe.pooling);
      return recipe.normalize ? vectors.map(l2Normalize) : vectors;
    } finally {
      for (const tensor of Object.values(output)) tensor?.dispose?.();
      for (const tensor of Object.values(encoding)) tensor.dispose?.();
    }
  }
}

function tokenVectors(output: Readonly<Record<string, TensorLike | undefined>>): TensorLike {
  const tensor = output['last_hidden_state'] ?? output['token_embeddings'];
  if (!tensor) {
    throw new ComponentError(
      `SentenceTransformersBackend: the model returned neither 'last_hidden_state' nor 'token_embeddings' (got ${Object.keys(output).join(', ')}); ` +
        'use a feature-extraction (encoder) model.',
    );
  }
  return tensor;
}

function rows(tensor: TensorLike): number[][] {
  const [batch = 0, dim = 0] = tensor.dims;
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) out.push(Array.from({ length: dim }, (_, d) => Number(tensor.data[b * dim + d])));
  return out;
}

/** sentence-transformers' pooling over the real (unmasked) tokens. */
function pool(hidden: TensorLike, mask: TensorLike, mode: PoolingMode): number[][] {
  const [batch = 0, seq = 0, dim = 0] = hidden.dims;
  const data = hidden.data;
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const vector = new Array<number>(dim).fill(mode === 'max' ? -Infinity : 0);
    if (mode === 'cls') {
      for (let d = 0; d < dim; d++) vector[d] = Number(data[b * seq * dim + d]);
      out.push(vector);
      continue;
    }
    let count = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(mask.data[b * seq + s]) === 0) continue;
      count++;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) {
        const value = Number(data[base + d]);
        vector[d] = mode === 'max' ? Math.max(vector[d] ?? -Infinity, value) : (vector[d] ?? 0) + value;
      }
    }
    // sentence-transformers clamps the token count at 1e-9.
    if (mode === 'mean') for (let d = 0; d < dim; d++) vector[d] = (vector[d] ?? 0) / Math.max(count, 1e-9);
    out.push(vector);
  }
  return out;
}

/** L2 normalisation as torch's `normalize(p=2, eps=1e-12)`. */
export function l2Normalize(vector: number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.max(Math.sqrt(sum), 1e-12);
  return vector.map((value) => value / norm);
}

// Loaded (or loading) backends, per loader, by load parameters. Promises, so that concurrent
// warm-ups of embedders with equal settings share one in-flight load.
const backends = new WeakMap<TransformersLoader, Map<string, Promise<SentenceTransformersBackend>>>();

/**
 * Haystack's `_SentenceTransformersEmbeddingBackendFactory.get_embedding_backend`: one backend per
 * distinct load parameters. A failed load is forgotten so that a later warm-up can retry.
 */
export function getEmbeddingBackend(
  where: string,
  params: BackendParams,
  loader: TransformersLoader = defaultTransformersLoader,
): Promise<SentenceTransformersBackend> {
  // Resolving first makes offline misses fail before anything (the package, the network) is touched.
  let resolved: ResolvedModel;
  try {
    resolved = resolveModel(where, params.model, params.localModelPath, params.allowRemoteModels);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const key = JSON.stringify({
    source: resolved.source,
    recipe: resolved.recipe,
    device: params.device ?? null,
    dtype: params.dtype,
    revision: params.revision,
    localFilesOnly: !params.allowRemoteModels,
  });
  let cache = backends.get(loader);
  if (!cache) backends.set(loader, (cache = new Map()));
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = loadBackend(where, resolved, params, loader);
  cache.set(key, loading);
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}

/** Forgets every loaded backend (tests; freeing memory). Loaded models are released by the GC. */
export function clearEmbeddingBackends(loader: TransformersLoader = defaultTransformersLoader): void {
  backends.delete(loader);
}

async function loadBackend(
  where: string,
  resolved: ResolvedModel,
  params: BackendParams,
  loader: TransformersLoader,
): Promise<SentenceTransformersBackend> {
  let transformers;
  try {
    transformers = await loader();
  } catch (error) {
    const unresolved = resolutionFailureMessage(
      {
        name: TRANSFORMERS_PACKAGE,
        where,
        notInstalled:
          `${where}: the optional package '${TRANSFORMERS_PACKAGE}' is not installed; the sentence-transformers embedders need it. ` +
          `Install it with \`npm install ${TRANSFORMERS_PACKAGE}\`.`,
        reinstall: `npm install ${TRANSFORMERS_PACKAGE}`,
      },
      error,
    );
    if (unresolved !== undefined) throw new ComponentError(unresolved, { cause: error });
    throw new ComponentError(`${where}: loading '${TRANSFORMERS_PACKAGE}' failed: ${String((error as Error)?.message ?? error)}`, {
      cause: error,
    });
  }
  const options: PretrainedOptionsLike = {
    revision: params.revision,
    local_files_only: resolved.kind === 'local' || !params.allowRemoteModels,
    dtype: params.dtype,
  };
  if (params.device !== undefined) options.device = params.device;
  try {
    const [tokenizer, model] = await Promise.all([
      transformers.AutoTokenizer.from_pretrained(resolved.source, { revision: options.revision ?? 'main', local_files_only: options.local_files_only ?? false }),
      transformers.AutoModel.from_pretrained(resolved.source, options),
    ]);
    return new SentenceTransformersBackend(resolved, tokenizer, model);
  } catch (error) {
    const from = resolved.kind === 'local' ? `the local directory '${resolved.source}'` : `the Hugging Face hub as '${resolved.source}'`;
    const hint =
      resolved.kind === 'hub'
        ? ' If you are offline, download the model once and pass localModelPath (and allowRemoteModels: false).'
        : ` Check that the directory has config.json, tokenizer.json and the ONNX weights for dtype '${params.dtype}'.`;
    throw new ComponentError(
      `${where}: could not load model '${params.model}' from ${from}: ${String((error as Error)?.message ?? error)}.${hint}`,
      { cause: error },
    );
  }
}
