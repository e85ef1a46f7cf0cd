/**
 * A write copies its vectors into rows past the matrix's used ones while it checks them (one read
 * of each vector), then hands the rows out in document order. What a caller sees must be what
 * storing each vector in turn gave: rows reused after deletions, the width fixed by the first
 * vector of an empty matrix, odd widths kept aside, and nothing stored when a vector is refused.
 */
import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { FLOAT32_MAX } from '../../../src/document-stores/embedding-checks.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';
import { DuplicatePolicy } from '../../../src/document-stores/types.js';

const doc = (id: string, embedding?: number[]): Document => new Document({ id, content: id, ...(embedding ? { embedding } : {}) });
const vectors = (store: InMemoryDocumentStore): Record<string, readonly number[] | undefined> =>
  Object.fromEntries(store.filterDocuments().map((d) => [d.id, d.embedding]));

describe('staged embedding writes', () => {
  it('stores each vector of a batch under its own document when the batch overwrites and skips', () => {
    const store = new InMemoryDocumentStore({ shared: false, returnEmbedding: true });
    store.writeDocuments([doc('x', [1, 0]), doc('y', [0, 1])]);
    // x's old row is freed mid-batch and reused; the second z overwrites the first within the batch.
    store.writeDocuments([doc('x', [0.5, 0.5]), doc('z', [0.25, 2]), doc('z', [3, 4]), doc('w', [1, 2, 3])], DuplicatePolicy.OVERWRITE);
    store.writeDocuments([doc('y', [9, 9]), doc('v', [0.125, 0])], DuplicatePolicy.SKIP);
    expect(vectors(store)).toEqual({ y: [0, 1], x: [0.5, 0.5], z: [3, 4], w: [1, 2, 3], v: [0.125, 0] });
    expect(() => store.embeddingRetrieval({ queryEmbedding: [1, 0] })).toThrow(/embedding size of all Documents should be the same/);
    store.deleteDocuments(['w']);
    const hits = store.embeddingRetrieval({ queryEmbedding: [0, 1], topK: 5 }).map((d) => [d.id, d.score]);
    expect(hits).toEqual([['z', 4], ['y', 1], ['x', 0.5], ['v', 0]]);
    const cosine = new InMemoryDocumentStore({ shared: false, embeddingSimilarityFunction: 'cosine' });
    cosine.writeDocuments([doc('a', [3, 4]), doc('b', [0, 0])]);
    expect(cosine.embeddingRetrieval({ queryEmbedding: [0, 2], topK: 2 }).map((d) => d.score)).toEqual([0.8, 0]);
  });

  it('keeps the rows written before a duplicate that fails the batch, and no staged row after it', () => {
    const store = new InMemoryDocumentStore({ shared: false, returnEmbedding: true });
    store.writeDocuments([doc('a', [1, 1])]);
    expect(() => store.writeDocuments([doc('b', [2, 2]), doc('a', [3, 3]), doc('c', [4, 4])])).toThrow(/ID 'a' already exists/);
    store.writeDocuments([doc('d', [5, 5])]);
    expect(vectors(store)).toEqual({ a: [1, 1], b: [2, 2], d: [5, 5] });
  });

  it('lets an overwrite that empties the matrix change its width within one batch', () => {
    const store = new InMemoryDocumentStore({ shared: false, returnEmbedding: true });
    store.writeDocuments([doc('a', [1, 0])]);
    store.writeDocuments([doc('a', [0, 1, 0]), doc('b', [1, 0, 0]), doc('c', [1, 0])], DuplicatePolicy.OVERWRITE);
    expect(vectors(store)).toEqual({ a: [0, 1, 0], b: [1, 0, 0], c: [1, 0] });
    // c's two values came after the width became three: kept aside, so retrieval reports the mix.
    expect(() => store.embeddingRetrieval({ queryEmbedding: [1, 0, 0] })).toThrow(/embedding size of all Documents should be the same/);
    store.deleteDocuments(['c']);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 0, 0], topK: 1 }).map((d) => d.id)).toEqual(['b']);
  });

  it('accepts values up to the float32 range, also when their squares sum beyond it, and stores nothing of a refused batch', () => {
    const store = new InMemoryDocumentStore({ shared: false, returnEmbedding: true });
    store.writeDocuments([doc('big', [FLOAT32_MAX, -FLOAT32_MAX]), doc('odd', [FLOAT32_MAX, 0, 0])]);
    expect(vectors(store)).toEqual({ big: [FLOAT32_MAX, -FLOAT32_MAX], odd: [FLOAT32_MAX, 0, 0] });
    // The smallest double above FLOAT32_MAX rounds to FLOAT32_MAX as a float32, but is refused.
    const above = FLOAT32_MAX + 2 ** 75;
    expect(Math.fround(above)).toBe(FLOAT32_MAX);
    expect(() => store.writeDocuments([doc('ok', [1, 2]), doc('bad', [0, above])])).toThrow(/document 'bad' has .* at position 1 \(beyond/);
    expect(() => store.writeDocuments([doc('ok', [1, 2]), doc('bad-odd', [0, 0, Number.NaN])])).toThrow(/document 'bad-odd' has NaN at position 2/);
    store.writeDocuments([doc('after', [1, 2])]);
    expect(vectors(store)).toEqual({ big: [FLOAT32_MAX, -FLOAT32_MAX], odd: [FLOAT32_MAX, 0, 0], after: [1, 2] });
  });

  it('reports a non-Document first, then an unknown policy, then a refused vector, as separate checks did', () => {
    const store = new InMemoryDocumentStore({ shared: false });
    const bad = doc('bad', [Number.NaN, 0]);
    const notADocument = { id: 'x', embedding: [1, 2] } as unknown as Document;
    expect(() => store.writeDocuments([bad, notADocument])).toThrow(/please provide an array of Document instances/);
    expect(() => store.writeDocuments([bad], 'sometimes' as DuplicatePolicy)).toThrow(/unknown duplicate policy "sometimes"/);
    expect(() => store.writeDocuments([doc('ok', [1, 2]), bad])).toThrow(/document 'bad' has NaN at position 0/);
    expect(store.countDocuments()).toBe(0);
  });
});
