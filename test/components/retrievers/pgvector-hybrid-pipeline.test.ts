import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AsyncPipeline,
  Document,
  DocumentJoiner,
  Pipeline,
  PgvectorEmbeddingRetriever,
  PgvectorKeywordRetriever,
  type PgvectorDocumentStore,
} from '../../../src/index.js';
import { startPGlite, storeOn } from '../../helpers/pglite.js';

let db: PGlite;
let store: PgvectorDocumentStore;
beforeAll(async () => {
  db = await startPGlite();
  store = storeOn(db, { embeddingDimension: 4 });
  await store.writeDocumentsAsync([
    new Document({ id: 'khufu', content: 'Khufu is the largest pyramid.', embedding: [1, 0, 0, 0], meta: { site: 'giza' } }),
    new Document({ id: 'khafre', content: 'Khafre is the middle pyramid.', embedding: [0, 1, 0, 0], meta: { site: 'giza' } }),
    new Document({ id: 'menkaure', content: 'Menkaure is the smallest pyramid.', embedding: [0, 0, 1, 0], meta: { site: 'giza' } }),
    new Document({ id: 'colossus', content: 'The Colossus stood at Rhodes.', embedding: [0, 0, 0, 1], meta: { site: 'rhodes' } }),
  ]);
}, 60_000);
afterAll(async () => {
  await store.close();
  await db.close();
});

function build<P extends Pipeline | AsyncPipeline>(pipeline: P): P {
  pipeline.addComponent('keyword', new PgvectorKeywordRetriever({ documentStore: store, topK: 3 }));
  pipeline.addComponent('dense', new PgvectorEmbeddingRetriever({ documentStore: store, topK: 3 }));
  pipeline.addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }));
  pipeline.connect('keyword.documents', 'joiner.documents');
  pipeline.connect('dense.documents', 'joiner.documents');
  return pipeline;
}

const data = { keyword: { query: 'largest pyramid' }, dense: { queryEmbedding: [0.9, 0.1, 0, 0] } };

describe('hybrid retrieval on pgvector (keyword + embedding → reciprocal rank fusion), end to end', () => {
  it.each([
    ['Pipeline', () => build(new Pipeline())],
    ['AsyncPipeline', () => build(new AsyncPipeline())],
  ] as const)('%s: the document first in both lists scores 1.0', async (_name, make) => {
    const result = (await make().run(data)) as { joiner: { documents: Document[] } };
    const documents = result.joiner.documents;
    expect(documents[0]!.id).toBe('khufu');
    expect(documents[0]!.score).toBe(1);
    expect(documents.map((d) => d.id).sort()).toEqual(['khafre', 'khufu', 'menkaure']);
  });

  it('runs concurrent pipeline runs with run-time filters and topK', async () => {
    const pipeline = build(new AsyncPipeline());
    const filters = { field: 'meta.site', operator: '==', value: 'rhodes' };
    const results = (await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        pipeline.runAsync(
          i % 2 === 0
            ? data
            : { keyword: { query: 'Colossus Rhodes', filters }, dense: { queryEmbedding: [0, 0, 0, 1], filters, topK: 1 } },
        ),
      ),
    )) as Array<{ joiner: { documents: Document[] } }>;
    results.forEach((result, i) => expect(result.joiner.documents[0]!.id).toBe(i % 2 === 0 ? 'khufu' : 'colossus'));
    expect(results[1]!.joiner.documents.map((d) => d.id)).toEqual(['colossus']);
  });

  it("merges init and run-time filters with filterPolicy 'merge'", async () => {
    const retriever = new PgvectorKeywordRetriever({
      documentStore: store,
      filterPolicy: 'merge',
      filters: { field: 'meta.site', operator: '==', value: 'giza' },
    });
    const { documents } = await retriever.run({ query: 'pyramid', filters: { field: 'id', operator: '!=', value: 'khufu' } });
    expect(documents!.map((d) => d.id).sort()).toEqual(['khafre', 'menkaure']);
  });
});
