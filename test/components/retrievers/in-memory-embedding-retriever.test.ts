import { describe, expect, expectTypeOf, it } from 'vitest';
import { Document, InMemoryDocumentStore, InMemoryEmbeddingRetriever, describeInputs, type RunInputOf } from '../../../src/index.js';

function store(similarity: 'dot_product' | 'cosine' = 'dot_product'): InMemoryDocumentStore {
  const s = new InMemoryDocumentStore({ embeddingSimilarityFunction: similarity });
  s.writeDocuments([
    new Document({ id: 'x', content: 'x', embedding: [1, 0], meta: { g: 'a' } }),
    new Document({ id: 'y', content: 'y', embedding: [0, 1], meta: { g: 'b' } }),
    new Document({ id: 'xy', content: 'xy', embedding: [0.5, 0.5], meta: { g: 'a' } }),
  ]);
  return s;
}

describe('InMemoryEmbeddingRetriever', () => {
  it('declares Haystack\'s sockets, camelCased', () => {
    const retriever = new InMemoryEmbeddingRetriever({ documentStore: store() });
    expect(describeInputs(retriever.inputSchemas).map((s) => [s.name, s.isMandatory])).toEqual([
      ['queryEmbedding', true],
      ['filters', false],
      ['topK', false],
      ['scaleScore', false],
      ['returnEmbedding', false],
    ]);
    expectTypeOf<RunInputOf<InMemoryEmbeddingRetriever>['queryEmbedding']>().toEqualTypeOf<number[]>();
  });

  it('ranks by similarity and strips embeddings unless asked', async () => {
    const retriever = new InMemoryEmbeddingRetriever({ documentStore: store(), topK: 2 });
    const { documents } = retriever.run({ queryEmbedding: [1, 0.2] });
    expect(documents!.map((d) => [d.id, d.score])).toEqual([
      ['x', 1],
      ['xy', 0.6],
    ]);
    expect(documents![0]!.embedding).toBeUndefined();
    expect(retriever.run({ queryEmbedding: [1, 0.2], returnEmbedding: true }).documents![0]!.embedding).toEqual([1, 0]);
    const always = new InMemoryEmbeddingRetriever({ documentStore: store(), returnEmbedding: true });
    expect(always.run({ queryEmbedding: [1, 0] }).documents![0]!.embedding).toEqual([1, 0]);
    expect((await retriever.runAsync({ queryEmbedding: [0, 1], topK: 1 })).documents!.map((d) => d.id)).toEqual(['y']);
  });

  it('scales cosine scores and applies filters with the policy', () => {
    const retriever = new InMemoryEmbeddingRetriever({
      documentStore: store('cosine'),
      scaleScore: true,
      filters: { field: 'meta.g', operator: '==', value: 'a' },
    });
    const { documents } = retriever.run({ queryEmbedding: [0, 1] });
    expect(documents!.map((d) => d.id)).toEqual(['xy', 'x']);
    expect(documents![1]!.score).toBe(0.5);
    expect(documents![0]!.score).toBeCloseTo((Math.SQRT1_2 + 1) / 2, 7);
  });

  it('validates returnEmbedding and serializes it', () => {
    const s = store();
    expect(() => new InMemoryEmbeddingRetriever({ documentStore: s, returnEmbedding: 'no' as unknown as boolean })).toThrow(/returnEmbedding/);
    const retriever = new InMemoryEmbeddingRetriever({ documentStore: s, returnEmbedding: true });
    expect(retriever.initParameters).toMatchObject({ returnEmbedding: true, topK: 10, filterPolicy: 'replace' });
    const back = InMemoryEmbeddingRetriever.fromDict({
      type: InMemoryEmbeddingRetriever.typeName,
      init_parameters: { document_store: s.toDict(), return_embedding: true, top_k: 1 },
    });
    expect(back.returnEmbedding).toBe(true);
    expect(back.run({ queryEmbedding: [1, 0] }).documents!.map((d) => d.id)).toEqual(['x']);
  });
});
