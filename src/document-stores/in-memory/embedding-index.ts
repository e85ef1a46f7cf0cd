import { DocumentStoreError } from '../errors.js';

/**
 * Document embeddings of one index as rows of one contiguous `Float32Array` (grown by doubling),
 * with each row's L2 norm precomputed for cosine similarity. Rows of deleted documents are reused.
 *
 * Vectors are stored as float32: half the memory of number arrays' float64 and contiguous for the
 * dot-product loop. Products are accumulated in float64, as numpy does for Haystack's lists.
 */
export class EmbeddingMatrix {
  /** Row width; fixed by the first vector stored while the matrix is empty. */
  dimension = 0;
  private data = new Float32Array(0);
  private norms = new Float64Array(0);
  private capacity = 0;
  private rows = 0;
  private readonly free: number[] = [];
  private live = 0;

  /** Number of stored vectors. */
  get size(): number {
    return this.live;
  }

  /** True if a vector of this length fits the matrix (any length fits an empty one). */
  accepts(length: number): boolean {
    return this.live === 0 || length === this.dimension;
  }

  /** Stores a vector and returns its row. The caller checks {@link accepts} first. */
  add(vector: ArrayLike<number>): number {
    if (this.live === 0 && vector.length !== this.dimension) this.reset(vector.length);
    let row = this.free.pop();
    if (row === undefined) {
      if (this.rows === this.capacity) this.grow();
      row = this.rows;
      this.rows += 1;
    }
    const dim = this.dimension;
    const offset = row * dim;
    let squares = 0;
    for (let d = 0; d < dim; d++) {
      const v = Math.fround(vector[d]!);
      this.data[offset + d] = v;
      squares += v * v;
    }
    this.norms[row] = Math.sqrt(squares);
    this.live += 1;
    return row;
  }

  /** Makes room for `count` more vectors of `dimension` at once, so a large batch allocates once. */
  reserve(count: number, dimension: number): void {
    if (this.live === 0 && dimension !== this.dimension) this.reset(dimension);
    const needed = this.rows + Math.max(0, count - this.free.length);
    if (needed > this.capacity) this.resize(this.capacity === 0 ? needed : Math.max(needed, this.capacity * 2));
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
    const out = new Float64Array(rows.length);
    const data = this.data;
    const tail = dim - (dim % 4);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const offset = row * dim;
      // Four accumulators: independent additions pipeline well; numpy's BLAS also sums in blocks.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let d = 0;
      for (; d < tail; d += 4) {
        a0 += q[d]! * data[offset + d]!;
        a1 += q[d + 1]! * data[offset + d + 1]!;
        a2 += q[d + 2]! * data[offset + d + 2]!;
        a3 += q[d + 3]! * data[offset + d + 3]!;
      }
      for (; d < dim; d++) a0 += q[d]! * data[offset + d]!;
      const dot = a0 + a1 + (a2 + a3);
      out[i] = similarity === 'cosine' ? dot / (queryNorm * (this.norms[row]! || 1)) : dot;
    }
    return out;
  }

  private reset(dimension: number): void {
    this.dimension = dimension;
    this.data = new Float32Array(0);
    this.norms = new Float64Array(0);
    this.capacity = 0;
    this.rows = 0;
    this.free.length = 0;
    this.live = 0;
  }

  private grow(): void {
    this.resize(Math.max(16, this.capacity * 2));
  }

  private resize(capacity: number): void {
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data);
    const norms = new Float64Array(capacity);
    norms.set(this.norms);
    this.data = data;
    this.norms = norms;
    this.capacity = capacity;
  }
}
