/**
 * NaN and ±Infinity in embeddings would score NaN or ±Infinity and rank arbitrarily: the store
 * refuses them where they enter, at write time (naming the document, writing nothing) and at query
 * time (naming the query parameter, also through a retriever in a pipeline).
 */
import { describe, expect, it } from 'vitest';
import {
  AsyncPipeline,
  Document,
  DocumentStoreError,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  Pipeline,
  PipelineRuntimeError,
} from '../../../src/index.js';

function thrown(make: () => unknown): DocumentStoreError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentStoreError);
    return error as DocumentStoreError;
  }
  throw new Error('expected a DocumentStoreError');
}

describe('non-finite embeddings', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['a value beyond the float32 range', 1e39],
  ])('refuses a document whose embedding holds %s, naming it, and writes none of the batch', (_label, bad) => {
    const store = new InMemoryDocumentStore();
    const good = new Document({ id: 'good', content: 'a', embedding: [1, 0] });
    const broken = new Document({ id: 'broken', content: 'b', embedding: [0, bad] });
    const error = thrown(() => store.writeDocuments([good, broken]));
    expect(error.message).toMatch(/writeDocuments: the embedding of document 'broken' has .* at position 1/);
    expect(store.countDocuments()).toBe(0);
  });

  it('refuses a query embedding holding NaN or Infinity, naming the parameter', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ content: 'a', embedding: [1, 0] })]);
    for (const bad of [Number.NaN, Infinity]) {
      const error = thrown(() => store.embeddingRetrieval({ queryEmbedding: [bad, 1] }));
      expect(error.socket).toBe('queryEmbedding');
      expect(error.message).toMatch(/embeddingRetrieval: queryEmbedding has (NaN|Infinity) at position 0/);
    }
  });

  it('still scores finite embeddings', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ content: 'a', embedding: [1, 0] })]);
    expect(store.embeddingRetrieval({ queryEmbedding: [2, 0] })[0]!.score).toBe(2);
  });

  it.each([
    ['Pipeline', () => new Pipeline()],
    ['AsyncPipeline', () => new AsyncPipeline()],
  ] as const)('fails the retriever in a %s run, with the store error as cause', async (_label, make) => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ content: 'a', embedding: [1, 0] })]);
    const pipeline = make().addComponent('retriever', new InMemoryEmbeddingRetriever({ documentStore: store }));
    const error = (await pipeline.run({ retriever: { queryEmbedding: [Number.NaN, 0] } }).catch((e: unknown) => e)) as PipelineRuntimeError;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.component).toBe('retriever');
    expect((error.cause as DocumentStoreError).socket).toBe('queryEmbedding');
  });
});
