/**
 * A sparse vector: parallel lists of indices and values (Haystack's `SparseEmbedding`).
 *
 * @example
 * const sparse = new SparseEmbedding({ indices: [0, 2, 4], values: [0.1, 0.2, 0.3] });
 */
export class SparseEmbedding {
  readonly indices: readonly number[];
  readonly values: readonly number[];

  constructor(options: { readonly indices: ArrayLike<number>; readonly values: ArrayLike<number> }) {
    if (options.indices.length !== options.values.length) {
      throw new RangeError(
        `SparseEmbedding: indices and values must have the same length, got ${options.indices.length} indices and ${options.values.length} values.`,
      );
    }
    this.indices = Object.freeze(Array.from(options.indices));
    this.values = Object.freeze(Array.from(options.values));
  }

  /** Haystack's layout: `{ indices, values }`. */
  toDict(): { indices: number[]; values: number[] } {
    return { indices: [...this.indices], values: [...this.values] };
  }

  static fromDict(data: { readonly indices: ArrayLike<number>; readonly values: ArrayLike<number> }): SparseEmbedding {
    return new SparseEmbedding({ indices: data.indices, values: data.values });
  }

  toString(): string {
    return `SparseEmbedding(indices=[${this.indices.join(', ')}], values=[${this.values.join(', ')}])`;
  }
}
