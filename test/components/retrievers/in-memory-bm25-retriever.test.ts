import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ComponentError,
  Document,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  describeInputs,
  type RunInputOf,
} from '../../../src/index.js';

function store(): InMemoryDocumentStore {
  const s = new InMemoryDocumentStore({ index: `bm25-retriever-${crypto.randomUUID()}` });
  s.writeDocuments([
    new Document({ id: 'js', content: 'Javascript is a popular programming language', meta: { lang: 'en', year: 1995 } }),
    new Document({ id: 'py', content: 'Python is a popular programming language', meta: { lang: 'en', year: 1991 } }),
    new Document({ id: 'php', content: 'PHP ist eine beliebte Programmiersprache', meta: { lang: 'de', year: 1995 } }),
  ]);
  return s;
}

describe('InMemoryBM25Retriever', () => {
  it('declares Haystack\'s sockets, camelCased', () => {
    const retriever = new InMemoryBM25Retriever({ documentStore: store() });
    expect(describeInputs(retriever.inputSchemas).map((s) => [s.name, s.isMandatory])).toEqual([
      ['query', true],
      ['filters', false],
      ['topK', false],
      ['scaleScore', false],
    ]);
    expectTypeOf<RunInputOf<InMemoryBM25Retriever>['query']>().toEqualTypeOf<string>();
    expectTypeOf(retriever.run).returns.toMatchTypeOf<{ documents?: Document[] }>();
  });

  it('retrieves like the store, with run-time overrides', async () => {
    const s = store();
    const retriever = new InMemoryBM25Retriever({ documentStore: s, topK: 2 });
    const { documents } = retriever.run({ query: 'Python programming' });
    expect(documents!.map((d) => d.id)).toEqual(['py', 'js']);
    expect(documents).toEqual(s.bm25Retrieval({ query: 'Python programming', topK: 2 }));
    expect(retriever.run({ query: 'Python', topK: 1, scaleScore: true }).documents!.map((d) => d.score! < 1)).toEqual([true]);
    const viaAsync = await retriever.runAsync({ query: 'Python programming' });
    expect(viaAsync.documents!.map((d) => d.id)).toEqual(['py', 'js']);
  });

  it('REPLACE: run-time filters replace init filters; empty run-time filters keep the init ones', () => {
    const retriever = new InMemoryBM25Retriever({
      documentStore: store(),
      filters: { field: 'meta.lang', operator: '==', value: 'de' },
    });
    expect(retriever.run({ query: 'language' }).documents!.map((d) => d.id)).toEqual(['php']);
    expect(retriever.run({ query: 'language', filters: {} }).documents!.map((d) => d.id)).toEqual(['php']);
    const replaced = retriever.run({ query: 'Python', filters: { field: 'meta.lang', operator: '==', value: 'en' } });
    expect(replaced.documents!.map((d) => d.id)).toEqual(['py', 'js']);
  });

  it('MERGE: combines init and run-time filters with AND', () => {
    const retriever = new InMemoryBM25Retriever({
      documentStore: store(),
      filters: { field: 'meta.lang', operator: '==', value: 'en' },
      filterPolicy: 'MERGE',
    });
    expect(retriever.filterPolicy).toBe('merge');
    const merged = retriever.run({ query: 'language', filters: { field: 'meta.year', operator: '==', value: 1995 } });
    expect(merged.documents!.map((d) => d.id)).toEqual(['js']);
  });

  it('aborts runAsync with the context signal', async () => {
    const retriever = new InMemoryBM25Retriever({ documentStore: store() });
    const controller = new AbortController();
    controller.abort();
    await expect(retriever.runAsync({ query: 'x' }, { signal: controller.signal, componentName: 'r' })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('validates its options', () => {
    expect(() => new InMemoryBM25Retriever({ documentStore: {} as InMemoryDocumentStore })).toThrow(/expected 'documentStore' to be an InMemoryDocumentStore/);
    expect(() => new InMemoryBM25Retriever({ documentStore: store(), topK: 0 })).toThrow(ComponentError);
    expect(() => new InMemoryBM25Retriever({ documentStore: store(), topK: 0 })).toThrow(/greater than 0, got 0/);
    expect(() => new InMemoryBM25Retriever({ documentStore: store(), filterPolicy: 'append' })).toThrow(/'replace' or 'merge'/);
    expect(() => new InMemoryBM25Retriever({ documentStore: store(), scaleScore: 1 as unknown as boolean })).toThrow(/scaleScore/);
  });

  it('serializes to Haystack\'s layout through initParameters and reads it back', () => {
    const s = store();
    const retriever = new InMemoryBM25Retriever({ documentStore: s, topK: 3, filterPolicy: 'merge' });
    expect(InMemoryBM25Retriever.typeName).toBe('haystack.components.retrievers.in_memory.bm25_retriever.InMemoryBM25Retriever');
    expect(retriever.initParameters).toEqual({ documentStore: s, filters: undefined, topK: 3, scaleScore: false, filterPolicy: 'merge' });
    const data = {
      type: InMemoryBM25Retriever.typeName,
      init_parameters: { document_store: s.toDict(), filters: null, top_k: 3, scale_score: false, filter_policy: 'merge' },
    };
    const back = InMemoryBM25Retriever.fromDict(data);
    expect(back.topK).toBe(3);
    expect(back.filterPolicy).toBe('merge');
    expect(back.documentStore.index).toBe(s.index);
    expect(back.run({ query: 'PHP', topK: 1 }).documents!.map((d) => d.id)).toEqual(['php']);
  });
});
