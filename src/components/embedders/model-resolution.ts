import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ComponentError } from '../../errors.js';
import type { PoolingMode } from './sentence-transformers-options.js';

/**
 * Where a model comes from and how sentence-transformers turns its token vectors into one vector.
 *
 * sentence-transformers reads the recipe from the model repository (`modules.json`, the pooling
 * module's `config.json`, `sentence_bert_config.json`). Local directories are read the same way; for
 * hub models transformers.js does not download those files, so the recipes of well-known models
 * are listed here.
 */
export interface SentenceRecipe {
  readonly pooling: PoolingMode;
  /** True when the model ends with a `Normalize` module (its vectors are unit length by design). */
  readonly normalize: boolean;
  /** sentence-transformers' `max_seq_length`, when known. */
  readonly maxSeqLength: number | undefined;
}

export interface ResolvedModel {
  /** What transformers.js is given: an absolute directory, or a hub id. */
  readonly source: string;
  readonly kind: 'local' | 'hub';
  readonly recipe: SentenceRecipe;
}

interface KnownModel extends SentenceRecipe {
  /** The transformers.js (ONNX) build of the model on the hub. */
  readonly onnx: string;
}

/**
 * sentence-transformers models whose ONNX builds transformers.js loads. Recipes from the models'
 * `modules.json` / `sentence_bert_config.json`: both mean-pool and normalise.
 */
const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'sentence-transformers/all-MiniLM-L6-v2': { onnx: 'Xenova/all-MiniLM-L6-v2', pooling: 'mean', normalize: true, maxSeqLength: 256 },
  'sentence-transformers/all-mpnet-base-v2': { onnx: 'Xenova/all-mpnet-base-v2', pooling: 'mean', normalize: true, maxSeqLength: 384 },
};

/** The ONNX hub id transformers.js loads for a sentence-transformers id (the id itself when not listed). */
export function onnxModelId(model: string): string {
  return KNOWN_MODELS[model]?.onnx ?? model;
}

function knownRecipe(model: string): SentenceRecipe | undefined {
  // A local copy is often named after the last segment of its id (`models/all-MiniLM-L6-v2`).
  const known =
    KNOWN_MODELS[model] ??
    Object.entries(KNOWN_MODELS).find(([id, m]) => m.onnx === model || basename(id) === model)?.[1];
  return known && { pooling: known.pooling, normalize: known.normalize, maxSeqLength: known.maxSeqLength };
}

function isModelDir(path: string): boolean {
  try {
    return statSync(path).isDirectory() && existsSync(join(path, 'config.json'));
  } catch {
    return false;
  }
}

function looksLikePath(model: string): boolean {
  return isAbsolute(model) || model.startsWith('./') || model.startsWith('../') || model.includes('\\');
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a local model's sentence-transformers recipe; falls back to the known table, then to mean pooling. */
function localRecipe(dir: string, model: string): SentenceRecipe {
  const fallback = knownRecipe(model) ?? knownRecipe(basename(dir)) ?? { pooling: 'mean', normalize: false, maxSeqLength: undefined };
  const modules = readJson(join(dir, 'modules.json'));
  if (!Array.isArray(modules)) return fallback;
  let pooling: PoolingMode = 'mean';
  let normalize = false;
  for (const entry of modules as Array<{ type?: unknown; path?: unknown }>) {
    const type = typeof entry.type === 'string' ? entry.type : '';
    if (type.endsWith('Normalize')) normalize = true;
    if (type.endsWith('Pooling') && typeof entry.path === 'string') {
      const config = readJson(join(dir, entry.path, 'config.json')) as Record<string, unknown> | undefined;
      if (config?.['pooling_mode_cls_token'] === true) pooling = 'cls';
      else if (config?.['pooling_mode_max_tokens'] === true) pooling = 'max';
      else pooling = 'mean';
    }
  }
  const stConfig = readJson(join(dir, 'sentence_bert_config.json')) as Record<string, unknown> | undefined;
  const max = stConfig?.['max_seq_length'];
  return { pooling, normalize, maxSeqLength: typeof max === 'number' ? max : fallback.maxSeqLength };
}

/**
 * Finds the model: a path given as `model`; else, with `localModelPath`, `<localModelPath>/<model>`,
 * `<localModelPath>/<onnx id>`, `<localModelPath>/<model's last segment>`, or `localModelPath`
 * itself when it is a model directory; else the hub (only when remote models are allowed).
 * Never touches the network: it only decides where transformers.js will look.
 */
export function resolveModel(
  where: string,
  model: string,
  localModelPath: string | undefined,
  allowRemoteModels: boolean,
): ResolvedModel {
  const tried: string[] = [];
  if (looksLikePath(model) || (localModelPath === undefined && isModelDir(model))) {
    const dir = resolve(model);
    if (isModelDir(dir)) return { source: dir, kind: 'local', recipe: localRecipe(dir, model) };
    throw new ComponentError(
      `${where}: no model directory at '${dir}' (expected a folder with config.json, tokenizer.json and onnx/model.onnx). ` +
        'Pass the path of a transformers.js model directory, or a Hugging Face model id.',
    );
  }
  if (localModelPath !== undefined) {
    const root = resolve(localModelPath);
    // A folder of model directories first; the folder itself last, when it is a model directory.
    const candidates = [join(root, model), join(root, onnxModelId(model)), join(root, basename(model)), root];
    for (const candidate of candidates) {
      if (tried.includes(candidate)) continue;
      tried.push(candidate);
      if (isModelDir(candidate)) return { source: candidate, kind: 'local', recipe: localRecipe(candidate, model) };
    }
  }
  if (!allowRemoteModels) {
    const looked = tried.length > 0 ? ` Looked in: ${tried.map((p) => `'${p}'`).join(', ')}.` : ' No localModelPath was given.';
    throw new ComponentError(
      `${where}: model '${model}' was not found locally and allowRemoteModels is false, so nothing was downloaded.${looked} ` +
        'Pass localModelPath (a folder holding the model directory, or the model directory itself), or set allowRemoteModels: true.',
    );
  }
  const hubId = onnxModelId(model);
  return { source: hubId, kind: 'hub', recipe: knownRecipe(model) ?? { pooling: 'mean', normalize: false, maxSeqLength: undefined } };
}
