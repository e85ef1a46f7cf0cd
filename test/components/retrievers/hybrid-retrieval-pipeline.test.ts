import { describe, expect, it } from 'vitest';
import {
  AsyncPipeline,
  Document,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  Pipeline,
} from '../../../src/index.js';

function build<P extends Pipeline | AsyncPipeline>(pipeline: P): P {
  const store = new InMemoryDocumentStore();
  store.writeDocuments([
    new Document({ id: 'khufu', content: 'Khufu is the largest pyramid.', embedding: [1, 0, 0, 0] }),
    new Document({ id: 'khafre', content: 'Khafre is the middle pyramid.', embedding: [0, 1, 0, 0] }),
    new Document({ id: 'menkaure', content: 'Menkaure is the smallest pyramid.', embedding: [0, 0, 1, 0] }),
  ]);
  pipeline.addComponent('bm25', new InMemoryBM25Retriever({ documentStore: store, topK: 3 }));
  pipeline.addComponent('dense', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 3 }));
  pipeline.addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }));
  pipeline.connect('bm25.documents', 'joiner.documents');
  pipeline.connect('dense.documents', 'joiner.documents');
  return pipeline;
}

const data = { bm25: { query: 'largest pyramid' }, dense: { queryEmbedding: [0.9, 0.1, 0, 0] } };

describe('hybrid retrieval in a pipeline (BM25 + embedding → reciprocal rank fusion)', () => {
  it.each([
    ['Pipeline', () => build(new Pipeline())],
    ['AsyncPipeline', () => build(new AsyncPipeline())],
  ] as const)('%s: the document first in both lists scores 1.0', async (_name, make) => {
    const result = (await make().run(data)) as { joiner: { documents: Document[] } };
    const documents = result.joiner.documents;
    expect(documents[0]!.id).toBe('khufu');
    expect(documents[0]!.score).toBe(1);
    expect(documents.map((d) => d.id).sort()).toEqual(['khafre', 'khufu', 'menkaure']);
    expect(documents.every((d) => d instanceof Document)).toBe(true);
  });
});
