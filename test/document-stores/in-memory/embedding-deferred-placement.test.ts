import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';

// Embeddings move into the float32 matrix while a write checks them (staged rows, then handed out
// in document order); they were once left to the first read. What a caller sees must be what
// storing each vector in turn gave, whichever way the matrix is filled.
const doc = (id: string, embedding?: number[]): Document => new Document({ id, content: id, ...(embedding ? { embedding } : {}) });

describe('deferred embedding placement', () => {
  it('returns documents without their embedding before any query when returnEmbedding is off, and with it by default', () => {
    const store = new InMemoryDocumentStore({ shared: false, returnEmbedding: false });
    const written = doc('a', [0.5, 0.25]);
    store.writeDocuments([written, doc('b')]);
    const [a] = store.filterDocuments();
    expect(a?.embedding).toBeUndefined();
    expect(a?.id).toBe('a');
    const withVectors = new InMemoryDocumentStore({ shared: false });
    withVectors.writeDocuments([written]);
    expect(withVectors.filterDocuments()[0]?.embedding).toEqual([0.5, 0.25]);
    expect(store.bm25Retrieval({ query: 'a' })[0]?.embedding).toBeUndefined();
  });

  it('fixes the matrix width by the first embedding written, as eager writes did, even when it is deleted before any query', () => {
    // Eager: 'a' (2 values) fixed the width, so 'b' (3 values) was odd and stays odd after 'a' goes.
    const store = new InMemoryDocumentStore({ shared: false });
    store.writeDocuments([doc('a', [1, 0]), doc('b', [1, 0, 0])]);
    store.deleteDocuments(['a']);
    expect(() => store.embeddingRetrieval({ queryEmbedding: [1, 0, 0] })).toThrow(/embedding size of all Documents should be the same/);
  });

  it('lets a width change once every earlier vector is deleted, as eager writes did', () => {
    const store = new InMemoryDocumentStore({ shared: false });
    store.writeDocuments([doc('a', [1, 0])]);
    store.deleteDocuments(['a']);
    store.writeDocuments([doc('b', [0, 1, 0]), doc('c', [1, 0, 0])]);
    expect(store.embeddingRetrieval({ queryEmbedding: [1, 0, 0], topK: 1 }).map((d) => d.id)).toEqual(['c']);
  });

  it('filters on embedding values of documents not yet placed', () => {
    const store = new InMemoryDocumentStore({ shared: false });
    store.writeDocuments([doc('a', [0.5, 2]), doc('b', [0.25, 1])]);
    expect(store.filterDocuments({ field: 'embedding', operator: '==', value: [0.5, 2] }).map((d) => d.id)).toEqual(['a']);
  });
});
