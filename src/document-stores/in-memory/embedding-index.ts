import { DocumentStoreError } from '../errors.js';
import { createWasmMemory, simdDots, type DotsKernel, type WasmMemory } from './simd-dot.js';

const PAGE = 65536;

/**
 * Document embeddings of one index as rows of one contiguous `Float32Array` (grown by doubling),
 * with each row's L2 norm computed at its first cosine query. Rows of deleted documents are reused.
 *
 * Vectors are stored as float32: half the memory of number arrays' float64 and contiguous for the
 * dot-product loop. Products are accumulated in float64, as numpy does for Haystack's lists.
 * Where WebAssembly SIMD is available the matrix lives in a WebAssembly memory and a small SIMD
 * kernel computes the products; otherwise a JavaScript loop does.
 */
export class EmbeddingMatrix {
  /** Row width; fixed by the first vector stored while the matrix is empty. */
  dimension = 0;
  private data = new Float32Array(0);
  private memory: WasmMemory | undefined;
  private kernel: DotsKernel | undefined;
  private norms = new Float64Array(0);
  private capacity = 0;
  private rows = 0;
  private readonly free: number[] = [];
  private live = 0;
  /** Staged vectors (see {@link stage}) sit in rows from `stagedBase` on, valid until the next reset. */
  private stagedBase = 0;
  private resets = 0;
  private stagedAt = -1;

  /** Number of stored vectors. */
  get size(): number {
    return this.live;
  }

  /** True if a vector of this length fits the matrix (any length fits an empty one). */
  accepts(length: number): boolean {
    return this.live === 0 || length === this.dimension;
  }

  /** Stores a vector and returns its row. The caller checks {@link accepts} first. */
  add(vector: readonly number[]): number {
    if (this.live === 0 && vector.length !== this.dimension) this.reset(vector.length);
    let row = this.free.pop();
    if (row === undefined) {
      if (this.rows === this.capacity) this.grow();
      row = this.rows;
      this.rows += 1;
    }
    const dim = this.dimension;
    const offset = row * dim;
    // The matrix in a local: read through `this` in the loop, it was reloaded per element.
    const data = this.data;
    for (let d = 0; d < dim; d++) data[offset + d] = vector[d]!;
    this.norms[row] = Number.NaN;
    this.live += 1;
    return row;
  }

  /**
   * Makes room for `count` vectors of `dimension` past the used rows, for {@link stage} and
   * {@link commitStaged}: a write copies its vectors there while it checks them, before anything is
   * stored, then takes the rows in document order.
   */
  beginStaging(count: number, dimension: number): void {
    if (this.live === 0 && dimension !== this.dimension) this.reset(dimension);
    if (this.rows + count > this.capacity) this.resize(Math.max(this.rows + count, this.capacity * 2, 16));
    this.stagedBase = this.rows;
    this.stagedAt = this.resets;
  }

  /**
   * Copies `vector` (of the staged width) as float32 into staged slot `slot`, and returns the sum
   * of the float32 values' squares (in four lanes, any order will do): not finite, or at least
   * FLOAT32_MAX², when a value does not fit a float32 (see `float32-embeddings.ts`). Reading each
   * vector once for the check and the copy halves what a write reads (3 KB per 384-dim vector, out
   * of cache).
   */
  stage(vector: readonly number[], slot: number): number {
    const dim = this.dimension;
    const row = this.stagedBase + slot;
    const offset = row * dim;
    const data = this.data;
    let a = 0;
    let b = 0;
    let c = 0;
    let e = 0;
    let d = 0;
    for (; d + 4 <= dim; d += 4) {
      const w = Math.fround(vector[d]!);
      const x = Math.fround(vector[d + 1]!);
      const y = Math.fround(vector[d + 2]!);
      const z = Math.fround(vector[d + 3]!);
      data[offset + d] = w;
      data[offset + d + 1] = x;
      data[offset + d + 2] = y;
      data[offset + d + 3] = z;
      a += w * w;
      b += x * x;
      c += y * y;
      e += z * z;
    }
    for (; d < dim; d++) {
      const v = Math.fround(vector[d]!);
      data[offset + d] = v;
      a += v * v;
    }
    this.norms[row] = Number.NaN;
    return a + b + c + e;
  }

  /** Whether staged vectors of this length can be committed (no reset since staging). */
  holdsStaged(length: number): boolean {
    return this.stagedAt === this.resets && length === this.dimension;
  }

  /**
   * Stores the vector staged in `slot` and returns its row, as {@link add} would have. Rows are
   * taken in document order: the row is a free one or the next unused one, never a staged row not
   * yet committed (each commit uses at most one new row, and slots are committed in order).
   */
  commitStaged(slot: number): number {
    let row = this.free.pop();
    if (row === undefined) {
      row = this.rows;
      this.rows += 1;
    }
    const source = this.stagedBase + slot;
    if (row !== source) {
      const dim = this.dimension;
      this.data.copyWithin(row * dim, source * dim, source * dim + dim);
    }
    this.norms[row] = Number.NaN;
    this.live += 1;
    return row;
  }

  /** Frees a row for reuse. */
  remove(row: number): void {
    this.free.push(row);
    this.live -= 1;
  }

  /** Forgets every vector and releases the memory. */
  clear(): void {
    this.reset(0);
  }

  /** A copy of one row as a plain array. */
  row(row: number): number[] {
    const dim = this.dimension;
    return Array.from(this.data.subarray(row * dim, row * dim + dim));
  }

  /**
   * Similarity of `query` with each of `rows`: dot product, or cosine (a zero-norm vector is left
   * unnormalised, so it scores 0 instead of NaN, as in Haystack).
   */
  similarities(query: ArrayLike<number>, rows: Int32Array, similarity: 'dot_product' | 'cosine'): Float64Array {
    const dim = this.dimension;
    if (query.length !== dim) {
      throw new DocumentStoreError(
        'InMemoryDocumentStore.embeddingRetrieval: the embedding size of the query should be the same as the embedding size of the Documents. ' +
          `Please make sure that the query has been embedded with the same model as the Documents (query: ${query.length}, documents: ${dim}).`,
      );
    }
    const q = Float64Array.from(query);
    let queryNorm = 1;
    if (similarity === 'cosine') {
      let squares = 0;
      for (let d = 0; d < dim; d++) squares += q[d]! * q[d]!;
      queryNorm = Math.sqrt(squares) || 1;
    }
    if (this.kernel !== undefined && this.memory !== undefined && dim % 4 === 0 && dim > 0) {
      return this.simdSimilarities(q, rows, similarity, queryNorm);
    }
    const out = new Float64Array(rows.length);
    const data = this.data;
    const n = rows.length;
    let i = 0;
    if (dim % 2 === 0) {
      // Four rows at a time share each query load; two accumulators per row shorten the add chains.
      for (; i + 4 <= n; i += 4) {
        const o0 = rows[i]! * dim;
        const o1 = rows[i + 1]! * dim;
        const o2 = rows[i + 2]! * dim;
        const o3 = rows[i + 3]! * dim;
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        let b0 = 0;
        let b1 = 0;
        let b2 = 0;
        let b3 = 0;
        for (let d = 0; d < dim; d += 2) {
          const x = q[d]!;
          const y = q[d + 1]!;
          a0 += x * data[o0 + d]!;
          a1 += x * data[o1 + d]!;
          a2 += x * data[o2 + d]!;
          a3 += x * data[o3 + d]!;
          b0 += y * data[o0 + d + 1]!;
          b1 += y * data[o1 + d + 1]!;
          b2 += y * data[o2 + d + 1]!;
          b3 += y * data[o3 + d + 1]!;
        }
        out[i] = a0 + b0;
        out[i + 1] = a1 + b1;
        out[i + 2] = a2 + b2;
        out[i + 3] = a3 + b3;
      }
    }
    for (; i < n; i++) {
      const offset = rows[i]! * dim;
      let a = 0;
      let b = 0;
      let d = 0;
      for (; d + 1 < dim; d += 2) {
        a += q[d]! * data[offset + d]!;
        b += q[d + 1]! * data[offset + d + 1]!;
      }
      if (d < dim) a += q[d]! * data[offset + d]!;
      out[i] = a + b;
    }
    if (similarity === 'cosine') {
      for (let r = 0; r < n; r++) out[r] = out[r]! / (queryNorm * (this.norm(rows[r]!) || 1));
    }
    return out;
  }

  private simdSimilarities(q: Float64Array, rows: Int32Array, similarity: 'dot_product' | 'cosine', queryNorm: number): Float64Array {
    const dim = this.dimension;
    const n = rows.length;
    // Scratch space after the matrix: the query, the row numbers, the results (8-byte aligned).
    const queryAt = align8(this.capacity * dim * 4);
    const rowsAt = queryAt + dim * 8;
    const outAt = align8(rowsAt + n * 4);
    this.ensureBytes(outAt + n * 8);
    const buffer = this.memory!.buffer;
    new Float64Array(buffer, queryAt, dim).set(q);
    new Int32Array(buffer, rowsAt, n).set(rows);
    this.kernel!(queryAt, 0, dim, rowsAt, n, outAt);
    const out = new Float64Array(n);
    out.set(new Float64Array(buffer, outAt, n));
    if (similarity === 'cosine') {
      for (let r = 0; r < n; r++) out[r] = out[r]! / (queryNorm * (this.norm(rows[r]!) || 1));
    }
    return out;
  }

  /**
   * The L2 norm of a row, computed when cosine similarity first needs it (NaN until then: a stored
   * vector is finite, so NaN is never a norm). Only cosine reads norms, and the sum's chain of
   * dependent additions (in this order, as before) was a fifth of a write's vector cost.
   */
  private norm(row: number): number {
    const known = this.norms[row]!;
    if (known === known) return known;
    const dim = this.dimension;
    const data = this.data;
    const offset = row * dim;
    let squares = 0;
    for (let d = 0; d < dim; d++) {
      const v = data[offset + d]!;
      squares += v * v;
    }
    const norm = Math.sqrt(squares);
    this.norms[row] = norm;
    return norm;
  }

  private reset(dimension: number): void {
    this.resets += 1;
    this.dimension = dimension;
    this.data = new Float32Array(0);
    this.norms = new Float64Array(0);
    this.memory = undefined;
    this.kernel = undefined;
    this.capacity = 0;
    this.rows = 0;
    this.free.length = 0;
    this.live = 0;
  }

  private grow(): void {
    this.resize(Math.max(16, this.capacity * 2));
  }

  private resize(capacity: number): void {
    const length = capacity * this.dimension;
    if (this.memory === undefined && this.dimension % 4 === 0 && this.dimension > 0) {
      try {
        this.memory = createWasmMemory(Math.max(1, Math.ceil((length * 4) / PAGE)));
        this.kernel = this.memory === undefined ? undefined : simdDots(this.memory);
      } catch {
        this.memory = undefined;
      }
      if (this.kernel === undefined) this.memory = undefined;
      else {
        const data = new Float32Array(this.memory!.buffer, 0, length);
        data.set(this.data);
        this.data = data;
      }
    } else if (this.memory !== undefined) {
      // Growing keeps the contents in place; only the view has to be renewed.
      this.ensureBytes(length * 4);
      this.data = new Float32Array(this.memory.buffer, 0, length);
    }
    if (this.memory === undefined) {
      const data = new Float32Array(length);
      data.set(this.data);
      this.data = data;
    }
    const norms = new Float64Array(capacity);
    norms.set(this.norms);
    this.norms = norms;
    this.capacity = capacity;
  }

  private ensureBytes(bytes: number): void {
    const memory = this.memory!;
    if (memory.buffer.byteLength >= bytes) return;
    memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    // The old buffer is detached by grow(): renew the matrix view.
    this.data = new Float32Array(memory.buffer, 0, this.capacity * this.dimension);
  }
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
