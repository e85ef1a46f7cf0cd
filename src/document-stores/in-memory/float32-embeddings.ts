import type { Document } from '../../dataclasses/document.js';
import { FLOAT32_MAX, assertFiniteDocumentEmbeddings } from '../embedding-checks.js';
import type { EmbeddingMatrix } from './embedding-index.js';

/**
 * The write-time check that every embedding fits the store's float32 matrix (finite, within
 * ±{@link FLOAT32_MAX}), fused with copying the vectors into the matrix.
 *
 * The shared check compares each value against both bounds, a branch pair per value (1.2–1.5 µs
 * per 384-dim vector on the bench host), and placing the vector later read its 3 KB again, out of
 * cache. Here each vector is read once: copied as float32 into a staged row while its norm's sum of
 * squares is taken, and only a vector whose sum is not below FLOAT32_MAX² goes through the shared
 * check, which then throws today's error (or passes a vector of large but valid values). That is
 * exact: a NaN or infinity makes the sum NaN or infinite; a value beyond ±FLOAT32_MAX rounds to a
 * float32 of at least FLOAT32_MAX in magnitude (or infinity), whose square is at least FLOAT32_MAX²;
 * and a sum of non-negative terms is at least its largest term (rounding is monotone).
 */
const LIMIT_SQUARED = FLOAT32_MAX * FLOAT32_MAX;

/**
 * Checks every embedding of `documents` and stages those of the width the matrix accepts (its own,
 * or for an empty matrix the first vector's) in the matrix; returns each document's staged slot
 * (-1: none), for `EmbeddingMatrix.commitStaged`. Staged rows are past the used ones, so nothing is
 * stored when this throws.
 * @throws DocumentStoreError as `assertFiniteDocumentEmbeddings` does, naming the first bad document
 */
export function stageFloat32Embeddings(matrix: EmbeddingMatrix, documents: readonly Document[], where: string): Int32Array {
  const slots = new Int32Array(documents.length).fill(-1);
  let dimension = matrix.size === 0 ? -1 : matrix.dimension;
  let count = 0;
  for (let j = 0; j < documents.length; j++) {
    const embedding = documents[j]!.embedding;
    if (embedding === undefined) continue;
    if (dimension < 0) dimension = embedding.length;
    if (embedding.length === dimension) count += 1;
  }
  if (count > 0) matrix.beginStaging(count, dimension);
  let slot = 0;
  for (let j = 0; j < documents.length; j++) {
    const embedding = documents[j]!.embedding;
    if (embedding === undefined) continue;
    let squares: number;
    if (embedding.length === dimension) {
      slots[j] = slot;
      squares = matrix.stage(embedding, slot);
      slot += 1;
    } else squares = sumOfSquares(embedding);
    if (!(squares < LIMIT_SQUARED)) assertFiniteDocumentEmbeddings([documents[j]!], where, FLOAT32_MAX);
  }
  return slots;
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
