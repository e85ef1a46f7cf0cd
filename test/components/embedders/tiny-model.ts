import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared offline test model: `../shared/models/tiny-minilm` beside the repository (CI clones
 * the project next to `shared/`). A random-weight BERT with 32 dimensions; vectors mean nothing
 * beyond token overlap.
 */
export const SHARED_MODELS = fileURLToPath(new URL('../../../../shared/models', import.meta.url));
export const TINY_MODEL = 'tiny-minilm';
export const TINY_DIM = 32;

if (!existsSync(`${SHARED_MODELS}/${TINY_MODEL}/config.json`)) {
  throw new Error(`Embedder tests need the shared tiny model at ${SHARED_MODELS}/${TINY_MODEL} (the 'shared' folder beside the repository).`);
}

/** Options that load the tiny model strictly offline. */
export const tinyOptions = { model: TINY_MODEL, localModelPath: SHARED_MODELS, allowRemoteModels: false, progressBar: false } as const;

export function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

export function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  return a.reduce((max, value, index) => Math.max(max, Math.abs(value - (b[index] ?? NaN))), 0);
}
