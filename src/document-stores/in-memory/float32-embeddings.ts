import { Document } from '../../dataclasses/document.js';
import { FLOAT32_MAX, firstNonFinite } from '../embedding-checks.js';
import type { EmbeddingMatrix } from './embedding-index.js';

/**
 * The write-time check that every embedding fits the store's float32 matrix (finite, within
 * ±{@link FLOAT32_MAX}), fused with copying the vectors into the matrix.
 *
 * The shared check compares each value against both bounds, a branch pair per value (1.2–1.5 µs
 * per 384-dim vector on the bench host), and placing the vector later read its 3 KB again, out of
 * cache. Here each vector is read once: copied as float32 into a staged row while the sum of its
 * squares is taken, and only a vector whose sum is not below FLOAT32_MAX² goes through the shared
 * check (which passes a vector of large but valid values); the caller throws today's error. That is
 * exact: a NaN or infinity makes the sum NaN or infinite; a value beyond ±FLOAT32_MAX rounds to a
 * float32 of at least FLOAT32_MAX in magnitude (or infinity), whose square is at least FLOAT32_MAX²;
 * and a sum of non-negative terms is at least its largest term (rounding is monotone).
 */
const LIMIT_SQUARED = FLOAT32_MAX * FLOAT32_MAX;

/** What {@link stageFloat32Embeddings} found: staged slots, and the first problem of each kind. */
export interface StagedEmbeddings {
  /** Per document: its vector's staged slot, for `EmbeddingMatrix.commitStaged` (-1: none). */
  readonly slots: Int32Array;
  /** Index of the first element that is not a Document, or -1. */
  readonly foreign: number;
  /** Index of the first Document whose embedding a float32 cannot keep, or -1. */
  readonly refused: number;
}

/**
 * Checks every element of `documents` (a Document?) and its embedding, and stages the vectors of the
 * width the matrix accepts (its own, or for an empty matrix the first vector's) in the matrix, in
 * one pass over the batch: each further pass read every document again, out of cache at 100,000.
 * Staged rows are past the used ones, so nothing is stored until the caller commits them; the
 * caller reports the problems found (in its order of precedence) before it writes anything.
 */
export function stageFloat32Embeddings(matrix: EmbeddingMatrix, documents: readonly unknown[]): StagedEmbeddings {
  const slots = new Int32Array(documents.length).fill(-1);
  let dimension = matrix.size === 0 ? -1 : matrix.dimension;
  let staging = false;
  let foreign = -1;
  let refused = -1;
  let slot = 0;
  for (let j = 0; j < documents.length; j++) {
    const document = documents[j];
    if (!(document instanceof Document)) {
      if (foreign < 0) foreign = j;
      continue;
    }
    const embedding = document.embedding;
    if (embedding === undefined || refused >= 0 || foreign >= 0) continue;
    if (dimension < 0) dimension = embedding.length;
    let squares: number;
    if (embedding.length === dimension) {
      // Room for every document left is an upper bound: untouched rows cost address space only.
      if (!staging) matrix.beginStaging(documents.length - j, dimension);
      staging = true;
      slots[j] = slot;
      squares = matrix.stage(embedding, slot);
      slot += 1;
    } else squares = sumOfSquares(embedding);
    if (!(squares < LIMIT_SQUARED) && firstNonFinite(embedding, FLOAT32_MAX) >= 0) refused = j;
  }
  return { slots, foreign, refused };
}

/** The check alone, for vectors of another width (kept aside, not in the matrix): four lanes. */
function sumOfSquares(vector: readonly number[]): number {
  const n = vector.length;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const w = vector[i]!;
    const x = vector[i + 1]!;
    const y = vector[i + 2]!;
    const z = vector[i + 3]!;
    a += w * w;
    b += x * x;
    c += y * y;
    d += z * z;
  }
  for (; i < n; i++) a += vector[i]! * vector[i]!;
  return a + b + c + d;
}
