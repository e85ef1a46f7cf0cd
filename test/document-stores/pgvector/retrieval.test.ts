import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, PgvectorDocumentStore, setLogger } from '../../../src/index.js';
import { pgliteForThisFile } from '../../helpers/pglite.js';

const { db: currentDb, make } = pgliteForThisFile();

const EMBEDDED = [
  new Document({ id: 'x', content: 'The cat sat on the mat. The cat slept.', embedding: [1, 0, 0], meta: { kind: 'pet' } }),
  new Document({ id: 'y', content: 'A dog chased the cat across the yard.', embedding: [0.6, 0.8, 0], meta: { kind: 'pet' } }),
  new Document({ id: 'z', content: 'Stock markets fell sharply on Monday.', embedding: [0, 0, 2], meta: { kind: 'news' } }),
  new Document({ id: 'w', content: 'No embedding here, but a cat.', meta: { kind: 'pet' } }),
];
const QUERY = [0.9, 0.1, 0.1];

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));
const expected = {
  cosine_similarity: (e: readonly number[]) => dot(e, QUERY) / (norm(e) * norm(QUERY)),
  inner_product: (e: readonly number[]) => dot(e, QUERY),
  l2_distance: (e: readonly number[]) => Math.sqrt(e.reduce((s, v, i) => s + (v - QUERY[i]!) ** 2, 0)),
} as const;

describe('PgvectorDocumentStore.embeddingRetrieval: scores and order per vectorFunction (as pgvector-haystack)', () => {
  for (const vectorFunction of ['cosine_similarity', 'inner_product', 'l2_distance'] as const) {
    it(`${vectorFunction}: ${vectorFunction === 'l2_distance' ? 'the distance, smallest first' : 'the similarity, largest first'}; documents without an embedding are left out`, async () => {
      const store = make({ vectorFunction });
      await store.writeDocumentsAsync(EMBEDDED);
      const found = await store.embeddingRetrievalAsync({ queryEmbedding: QUERY, topK: 10 });
      const want = EMBEDDED.filter((d) => d.embedding)
        .map((d) => [d.id, expected[vectorFunction](d.embedding!)] as const)
        .sort((a, b) => (vectorFunction === 'l2_distance' ? a[1] - b[1] : b[1] - a[1]));
      expect(found.map((d) => d.id)).toEqual(want.map(([id]) => id));
      found.forEach((d, i) => expect(d.score).toBeCloseTo(want[i]![1], 5));
      expect(found[0]!.embedding).toEqual(EMBEDDED.find((d) => d.id === found[0]!.id)!.embedding);
    });
  }

  it('applies filters and topK, and a run-time vectorFunction overrides the store’s', async () => {
    const store = make();
    await store.writeDocumentsAsync(EMBEDDED);
    const filtered = await store.embeddingRetrievalAsync({ queryEmbedding: QUERY, filters: { field: 'meta.kind', operator: '==', value: 'news' } });
    expect(filtered.map((d) => d.id)).toEqual(['z']);
    expect(await store.embeddingRetrievalAsync({ queryEmbedding: QUERY, topK: 1 })).toHaveLength(1);
    const l2 = await store.embeddingRetrievalAsync({ queryEmbedding: QUERY, vectorFunction: 'l2_distance', topK: 1 });
    expect(l2[0]!.score).toBeCloseTo(expected.l2_distance(EMBEDDED[0]!.embedding!), 5);
  });

  it('rejects a query embedding of the wrong size or kind, a bad topK and an unknown vectorFunction', async () => {
    const store = make();
    await expect(store.embeddingRetrievalAsync({ queryEmbedding: [1, 2] })).rejects.toThrow(/2 dimensions; the store's embeddingDimension is 3/);
    await expect(store.embeddingRetrievalAsync({ queryEmbedding: [] })).rejects.toThrow(DocumentStoreError);
    await expect(store.embeddingRetrievalAsync({ queryEmbedding: [1, Number.NaN, 0] })).rejects.toThrow(/non-empty array of numbers/);
    await expect(store.embeddingRetrievalAsync({ queryEmbedding: QUERY, topK: -1 })).rejects.toThrow(/topK/);
    await expect(
      store.embeddingRetrievalAsync({ queryEmbedding: QUERY, vectorFunction: 'dot' as 'l2_distance' }),
    ).rejects.toThrow(/vectorFunction/);
  });

  it('refuses to write an embedding whose size differs from embeddingDimension, naming the document', async () => {
    const store = make();
    await expect(store.writeDocumentsAsync([new Document({ id: 'bad', embedding: [1, 2] })])).rejects.toThrow(
      /document 'bad' has an embedding of 2 dimensions; the store's embeddingDimension is 3/,
    );
  });
});

describe('PgvectorDocumentStore with searchStrategy hnsw', () => {
  it('builds the HNSW index with the given parameters and, with ef_search set, finds what the exact scan finds', async () => {
    const tableName = `hnsw_${process.pid}`;
    const store = make({ tableName, searchStrategy: 'hnsw', hnswIndexCreationKwargs: { m: 8, efConstruction: 32 }, hnswEfSearch: 50 });
    await store.writeDocumentsAsync(EMBEDDED);
    const rows = await currentDb().query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = 'haystack_hnsw_index'`, [tableName]);
    expect(rows.rows[0]?.indexdef).toMatch(/USING hnsw \(embedding vector_cosine_ops\) WITH \(m='8', ef_construction='32'\)/);
    const approximate = await store.embeddingRetrievalAsync({ queryEmbedding: QUERY, topK: 3 });
    const exact = await make({ tableName }).embeddingRetrievalAsync({ queryEmbedding: QUERY, topK: 3 });
    expect(approximate.map((d) => d.id)).toEqual(exact.map((d) => d.id));
  });

  it('keeps an existing HNSW index and says so, unless told to recreate it', async () => {
    const tableName = `hnsw_keep_${process.pid}`;
    await make({ tableName, searchStrategy: 'hnsw' }).countDocumentsAsync();
    const warnings: string[] = [];
    const previous = setLogger({ warn: (m) => warnings.push(m) });
    try {
      await make({ tableName, searchStrategy: 'hnsw' }).countDocumentsAsync();
      expect(warnings.join('\n')).toMatch(/HNSW index "haystack_hnsw_index" already exists and won't be recreated/);
      warnings.length = 0;
      await make({ tableName, searchStrategy: 'hnsw', hnswRecreateIndexIfExists: true, vectorFunction: 'l2_distance' }).countDocumentsAsync();
      expect(warnings).toEqual([]);
    } finally {
      setLogger(previous);
    }
    const rows = await currentDb().query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexname = 'haystack_hnsw_index'`, [tableName]);
    expect(rows.rows[0]?.indexdef).toMatch(/vector_l2_ops/);
  });
});

describe('PgvectorDocumentStore.keywordRetrieval: Postgres full-text search scored with ts_rank_cd', () => {
  it('returns only matching documents, best ts_rank_cd first, with the database’s own scores', async () => {
    const store = make();
    await store.writeDocumentsAsync(EMBEDDED);
    const found = await store.keywordRetrievalAsync({ query: 'cats' });
    expect(found.map((d) => d.id)).toEqual(['x', 'w', 'y']);
    const ranks = await currentDb().query<{ id: string; r: number }>(
      `SELECT id, ts_rank_cd(to_tsvector('english', content), plainto_tsquery('english', 'cats')) AS r FROM "${store.tableName}" ORDER BY r DESC, id`,
    );
    const want = new Map(ranks.rows.map((row) => [row.id, row.r]));
    for (const d of found) expect(d.score).toBeCloseTo(want.get(d.id)!, 6);
    expect(found[0]!.score!).toBeGreaterThan(found[2]!.score!);
  });

  it('applies filters and topK, uses the configured language, and finds nothing for stop words', async () => {
    const store = make();
    await store.writeDocumentsAsync(EMBEDDED);
    expect((await store.keywordRetrievalAsync({ query: 'cat', filters: { field: 'meta.kind', operator: '==', value: 'pet' }, topK: 2 })).map((d) => d.id)).toEqual(['x', 'w']);
    expect(await store.keywordRetrievalAsync({ query: 'the' })).toEqual([]);
    const simple = make({ language: 'simple' });
    await simple.writeDocumentsAsync(EMBEDDED);
    // 'simple' does not stem: 'cats' no longer matches 'cat'.
    expect(await simple.keywordRetrievalAsync({ query: 'cats' })).toEqual([]);
    expect((await simple.keywordRetrievalAsync({ query: 'the' })).map((d) => d.id)).toEqual(['x', 'y']);
  });

  it('rejects an empty query', async () => {
    await expect(make().keywordRetrievalAsync({ query: '' })).rejects.toThrow(/query must be a non-empty string/);
  });
});
