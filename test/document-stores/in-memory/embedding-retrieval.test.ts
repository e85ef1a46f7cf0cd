import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, InMemoryDocumentStore } from '../../../src/index.js';
import { EmbeddingMatrix } from '../../../src/document-stores/in-memory/embedding-index.js';
import { topKIndices } from '../../../src/document-stores/in-memory/top-k.js';

const vectors = () => [
  new Document({ content: 'D1', embedding: [1, 0, 0, 0] }),
  new Document({ content: 'D2', embedding: [1, 1, 1, 1] }),
  new Document({ content: 'Z', embedding: [0, 0, 0, 0] }),
  new Document({ content: 'no embedding' }),
];
const query = [0.1, 0.1, 0.1, 0.1];
const run = (store: InMemoryDocumentStore, scaleScore: boolean) =>
  store.embeddingRetrieval({ queryEmbedding: query, scaleScore }).map((d) => [d.content, d.score]);

describe('embedding retrieval: Haystack 2.31 executed vectors (spec §2.6)', () => {
  it('dot product, unscaled and scaled with expit(score / 100)', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments(vectors());
    const unscaled = run(store, false);
    expect(unscaled.map(([c]) => c)).toEqual(['D2', 'D1', 'Z']);
    expect(unscaled[0]![1]).toBeCloseTo(0.4, 7);
    expect(unscaled[1]![1]).toBeCloseTo(0.1, 7);
    const scaled = run(store, true);
    // Query values are kept in float64; 0.1 is not a float32, so compare at float32 precision.
    expect(scaled[0]![1]).toBeCloseTo(0.5009999986666688, 8);
    expect(scaled[1]![1]).toBeCloseTo(0.5002499999791666, 8);
    expect(scaled[2]![1]).toBe(0.5);
  });

  it('cosine, with a zero vector scoring 0 instead of NaN, scaled with (score + 1) / 2', () => {
    const store = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
    store.writeDocuments(vectors());
    const unscaled = run(store, false);
    expect(unscaled.map(([c]) => c)).toEqual(['D2', 'D1', 'Z']);
    expect(unscaled[0]![1]).toBeCloseTo(1, 12);
    expect(unscaled[1]![1]).toBeCloseTo(0.5, 12);
    expect(unscaled[2]![1]).toBe(0);
    expect(run(store, true).map(([, s]) => s as number).map((s) => Math.round(s * 1e12) / 1e12)).toEqual([1, 0.75, 0.5]);
  });
});

describe('embedding retrieval rules', () => {
  it('returns embeddings only when asked (default false; null = the store setting)', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments(vectors());
    expect(store.embeddingRetrieval({ queryEmbedding: query })[0]!.embedding).toBeUndefined();
    expect(store.embeddingRetrieval({ queryEmbedding: query, returnEmbedding: true })[0]!.embedding).toEqual([1, 1, 1, 1]);
    expect(store.embeddingRetrieval({ queryEmbedding: query, returnEmbedding: null })[0]!.embedding).toEqual([1, 1, 1, 1]);
    const hiding = new InMemoryDocumentStore({ returnEmbedding: false });
    hiding.writeDocuments(vectors());
    expect(hiding.embeddingRetrieval({ queryEmbedding: query, returnEmbedding: null })[0]!.embedding).toBeUndefined();
    expect(hiding.filterDocuments()[0]!.embedding).toBeUndefined();
    expect(store.filterDocuments()[0]!.embedding).toEqual([1, 0, 0, 0]);
  });

  it('stores vectors as float32, keeps ties in insertion order and applies filters and topK', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([
      new Document({ id: 'x', embedding: [0.1, 0.2], meta: { g: 1 } }),
      new Document({ id: 'y', embedding: [0.1, 0.2], meta: { g: 2 } }),
      new Document({ id: 'z', embedding: [0.3, 0.3], meta: { g: 2 } }),
    ]);
    expect(store.filterDocuments()[0]!.embedding).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(store.embeddingRetrieval({ queryEmbedding: [-1, -1] }).map((d) => d.id)).toEqual(['x', 'y', 'z']);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 1], topK: 2 }).map((d) => d.id)).toEqual(['z', 'x']);
    const filters = { field: 'meta.g', operator: '==', value: 2 } as const;
    expect(store.embeddingRetrieval({ queryEmbedding: [-1, -1], filters }).map((d) => d.id)).toEqual(['y', 'z']);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 1], filters: { field: 'meta.g', operator: '==', value: 9 } })).toEqual([]);
  });

  it('reports inconsistent sizes like Haystack', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ id: 'a', embedding: [1, 0] }), new Document({ id: 'b', embedding: [1, 0, 0] })]);
    expect(() => store.embeddingRetrieval({ queryEmbedding: [1, 0] })).toThrow(/embedding size of all Documents should be the same/);
    store.deleteDocuments(['b']);
    expect(() => store.embeddingRetrieval({ queryEmbedding: [1, 0, 0] })).toThrow(/embedding size of the query/);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 0] }).map((d) => d.id)).toEqual(['a']);
    expect(() => store.embeddingRetrieval({ queryEmbedding: [] })).toThrow(DocumentStoreError);
  });

  it('returns nothing when no document has an embedding', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ content: 'x' })]);
    expect(store.embeddingRetrieval({ queryEmbedding: [1] })).toEqual([]);
  });

  it('reuses freed matrix rows and keeps vectors intact across growth', () => {
    const store = new InMemoryDocumentStore();
    const docs = Array.from({ length: 40 }, (_, i) => new Document({ id: `d${i}`, embedding: [i, 1] }));
    for (const d of docs) store.writeDocuments([d]);
    store.deleteDocuments(['d3', 'd7']);
    store.writeDocuments([new Document({ id: 'new', embedding: [100, 1] })]);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 0], topK: 3 }).map((d) => [d.id, d.score])).toEqual([
      ['new', 100],
      ['d39', 39],
      ['d38', 38],
    ]);
    expect(store.filterDocuments({ field: 'id', operator: '==', value: 'd20' })[0]!.embedding).toEqual([20, 1]);
  });
});

describe('building blocks', () => {
  it('topKIndices picks the best k, stable on ties, NaN last', () => {
    const scores = Float64Array.from([0.5, 0.9, 0.5, Number.NaN, 0.9, 0.1]);
    expect(topKIndices(scores, 3)).toEqual([1, 4, 0]);
    expect(topKIndices(scores, 10)).toEqual([1, 4, 0, 2, 5, 3]);
    expect(topKIndices(scores, 0)).toEqual([]);
  });

  it('topKIndices agrees with a stable sort on random data', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const scores = Float64Array.from({ length: 500 }, () => Math.round(random() * 50) / 10);
    const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, 25);
    expect(topKIndices(scores, 25)).toEqual(expected);
  });

  it('EmbeddingMatrix computes dot and cosine in float64 over float32 rows', () => {
    const matrix = new EmbeddingMatrix();
    const a = matrix.add([3, 4, 0]);
    const b = matrix.add([0, 0, 0]);
    const rows = Int32Array.from([a, b]);
    expect(Array.from(matrix.similarities([1, 1, 1], rows, 'dot_product'))).toEqual([7, 0]);
    expect(Array.from(matrix.similarities([0, 2, 0], rows, 'cosine'))).toEqual([0.8, 0]);
  });

  it.each([[384], [8], [6], [5]])('EmbeddingMatrix (dim %i: SIMD when a multiple of 4, else JS) equals a naive float64 computation', (dim) => {
    let seed = dim;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const matrix = new EmbeddingMatrix();
    const vectors: number[][] = [];
    // One at a time, so the matrix (and its WebAssembly memory) grows many times.
    for (let i = 0; i < 300; i++) {
      const v = Array.from({ length: dim }, random);
      vectors.push(v.map((x) => Math.fround(x)));
      matrix.add(v);
    }
    matrix.remove(10);
    const rows = Int32Array.from({ length: 299 }, (_, i) => (i < 10 ? i : i + 1)).reverse();
    const query = Array.from({ length: dim }, random);
    const dot = (a: number[], b: number[]) => a.reduce((acc, x, i) => acc + x * b[i]!, 0);
    const norm = (a: number[]) => Math.sqrt(dot(a, a));
    const dots = matrix.similarities(query, rows, 'dot_product');
    const cosines = matrix.similarities(query, rows, 'cosine');
    rows.forEach((row, i) => {
      expect(Math.abs(dots[i]! - dot(query, vectors[row]!))).toBeLessThan(1e-12);
      expect(Math.abs(cosines[i]! - dot(query, vectors[row]!) / (norm(query) * norm(vectors[row]!)))).toBeLessThan(1e-12);
    });
    expect(matrix.row(299)).toEqual(vectors[299]);
  });
});
