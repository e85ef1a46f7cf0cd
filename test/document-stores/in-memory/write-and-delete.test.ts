import { describe, expect, it } from 'vitest';
import {
  Document,
  DocumentStoreError,
  DuplicateDocumentError,
  DuplicatePolicy,
  InMemoryDocumentStore,
  isErrorNamed,
} from '../../../src/index.js';

const doc = (id: string, content = id, meta: Record<string, unknown> = {}) => new Document({ id, content, meta });

describe('InMemoryDocumentStore.writeDocuments and duplicates', () => {
  it('treats NONE as FAIL and fails mid-batch, keeping earlier documents', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc('a')]);
    let error: unknown;
    try {
      store.writeDocuments([doc('b'), doc('a'), doc('c')]);
    } catch (e) {
      error = e;
    }
    expect(isErrorNamed(error, DuplicateDocumentError)).toBe(true);
    expect((error as DuplicateDocumentError).documentId).toBe('a');
    expect((error as Error).message).toBe("InMemoryDocumentStore.writeDocuments: ID 'a' already exists.");
    expect(store.filterDocuments().map((d) => d.id)).toEqual(['a', 'b']);
    expect(() => store.writeDocuments([doc('a')], DuplicatePolicy.FAIL)).toThrow(DuplicateDocumentError);
  });

  it('SKIP keeps the first document and does not count the skipped one', () => {
    const store = new InMemoryDocumentStore();
    expect(store.writeDocuments([doc('a', 'first')])).toBe(1);
    expect(store.writeDocuments([doc('a', 'second'), doc('b')], DuplicatePolicy.SKIP)).toBe(1);
    expect(store.filterDocuments().map((d) => d.content)).toEqual(['first', 'b']);
  });

  it('OVERWRITE replaces the document and moves it to the end of the order', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc('a', 'first'), doc('b'), doc('c')]);
    expect(store.writeDocuments([doc('a', 'second')], 'overwrite')).toBe(1);
    expect(store.filterDocuments().map((d) => [d.id, d.content])).toEqual([
      ['b', 'b'],
      ['c', 'c'],
      ['a', 'second'],
    ]);
    expect(store.countDocuments()).toBe(3);
  });

  it('rejects anything but an array of Documents, and unknown policies', () => {
    const store = new InMemoryDocumentStore();
    expect(() => store.writeDocuments('abc' as unknown as Document[])).toThrow(/array of Document/);
    expect(() => store.writeDocuments([{ id: 'x' } as unknown as Document])).toThrow(DocumentStoreError);
    expect(() => store.writeDocuments([doc('a')], 'merge' as DuplicatePolicy)).toThrow(/unknown duplicate policy/);
    expect(store.countDocuments()).toBe(0);
  });

  it('validates its options with messages naming the option', () => {
    expect(() => new InMemoryDocumentStore({ bm25Algorithm: 'BM25X' as 'BM25L' })).toThrow(/BM25 algorithm 'BM25X' is not supported/);
    expect(() => new InMemoryDocumentStore({ embeddingSimilarityFunction: 'l2' as 'cosine' })).toThrow(/embeddingSimilarityFunction/);
    expect(() => new InMemoryDocumentStore({ bm25Parameters: { k1: Number.NaN } })).toThrow(/bm25Parameters.k1/);
    expect(() => new InMemoryDocumentStore({ index: '' })).toThrow(/index/);
    expect(() => new InMemoryDocumentStore({ returnEmbedding: 'yes' as unknown as boolean })).toThrow(/returnEmbedding/);
  });
});

describe('storage shared by index name', () => {
  it('shares documents between stores built with the same index, as Haystack does', () => {
    const index = `shared-${crypto.randomUUID()}`;
    const one = new InMemoryDocumentStore({ index });
    const two = new InMemoryDocumentStore({ index });
    one.writeDocuments([doc('a'), doc('b')]);
    expect(two.countDocuments()).toBe(2);
    two.deleteDocuments(['a']);
    expect(one.filterDocuments().map((d) => d.id)).toEqual(['b']);
    expect(new InMemoryDocumentStore().countDocuments()).toBe(0);
    one.deleteAllDocuments();
    expect(two.countDocuments()).toBe(0);
  });
});

describe('filter-based operations', () => {
  const make = () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc('a', 'a', { n: 1 }), doc('b', 'b', { n: 2 }), doc('c', 'c', { n: 3 })]);
    return store;
  };

  it('counts, updates and deletes by filter', () => {
    const store = make();
    const big = { field: 'meta.n', operator: '>=', value: 2 } as const;
    expect(store.countDocumentsByFilter(big)).toBe(2);
    const before = store.filterDocuments().map((d) => d.id);
    expect(store.updateByFilter(big, { tag: 'big' })).toBe(2);
    // Ids are not recomputed and the order is kept.
    expect(store.filterDocuments().map((d) => d.id)).toEqual(before);
    expect(store.filterDocuments({ field: 'meta.tag', operator: '==', value: 'big' }).map((d) => d.meta)).toEqual([
      { n: 2, tag: 'big' },
      { n: 3, tag: 'big' },
    ]);
    expect(store.deleteByFilter(big)).toBe(2);
    expect(store.filterDocuments().map((d) => d.id)).toEqual(['a']);
  });

  it('treats empty filters as none and rejects a root without operator or conditions', () => {
    const store = make();
    expect(store.filterDocuments({})).toHaveLength(3);
    expect(store.filterDocuments(null)).toHaveLength(3);
    expect(() => store.filterDocuments({ field: 'content', value: 1 })).toThrow(/Invalid filter syntax/);
  });

  it('has async variants that honour an aborted signal', async () => {
    const store = make();
    expect(await store.countDocumentsAsync()).toBe(3);
    expect(await store.writeDocumentsAsync([doc('d')])).toBe(1);
    expect((await store.filterDocumentsAsync({ field: 'id', operator: '==', value: 'd' })).map((d) => d.id)).toEqual(['d']);
    expect(await store.countDocumentsByFilterAsync({ field: 'id', operator: 'in', value: ['a', 'd'] })).toBe(2);
    expect(await store.updateByFilterAsync({ field: 'id', operator: '==', value: 'a' }, { x: 1 })).toBe(1);
    expect(await store.deleteByFilterAsync({ field: 'id', operator: '==', value: 'b' })).toBe(1);
    await store.deleteDocumentsAsync(['c']);
    expect((await store.bm25RetrievalAsync({ query: 'd', topK: 1 })).map((d) => d.id)).toEqual(['d']);
    const controller = new AbortController();
    controller.abort();
    await expect(store.countDocumentsAsync({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(store.writeDocumentsAsync([doc('e')], 'none', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(store.countDocuments()).toBe(2);
    await store.deleteAllDocumentsAsync();
    expect(store.countDocuments()).toBe(0);
  });
});

describe('serialization', () => {
  it('writes Haystack\'s layout and reads it back', () => {
    const store = new InMemoryDocumentStore({ index: 'ser-test', bm25Algorithm: 'BM25Plus', bm25Parameters: { k1: 1.2 } });
    const data = store.toDict();
    expect(data).toEqual({
      type: 'haystack.document_stores.in_memory.document_store.InMemoryDocumentStore',
      init_parameters: {
        bm25_tokenization_regex: String.raw`(?u)\b\w+\b`,
        bm25_algorithm: 'BM25Plus',
        bm25_parameters: { k1: 1.2 },
        embedding_similarity_function: 'dot_product',
        index: 'ser-test',
        return_embedding: true,
      },
    });
    const back = InMemoryDocumentStore.fromDict(data);
    expect(back.toDict()).toEqual(data);
    expect(() => InMemoryDocumentStore.fromDict({ ...data, type: 'other.Store' })).toThrow(/can't be deserialized/);
  });
});
