/**
 * A long indexing pass (the first query after a large write) reserves its arrays from a sample of
 * its documents and flushes its postings once, into runs of exactly their length; short passes
 * append to lists that already have blocks. Both must build the same lists: a store indexed in one
 * long pass scores bit for bit as one indexed in short passes.
 */
import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';

function documents(count: number): Document[] {
  // 4,000 words (term ids far beyond 256 groups), some repeated within a document.
  const words = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}`);
  let seed = 11;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, (_, i) => {
    const parts: string[] = [];
    for (let j = 0; j < 16; j++) parts.push(words[next() % (j < 8 ? 60 : words.length)]!);
    return new Document({ id: `d${i}`, content: parts.join(' ') });
  });
}

const scored = (docs: Document[]): Array<[string, number]> => docs.map((d) => [d.id, d.score!]);

describe('a long BM25 indexing pass', () => {
  it('scores exactly as short passes over the same writes', () => {
    const docs = documents(90_000);
    const long = new InMemoryDocumentStore({ shared: false });
    long.writeDocuments(docs);
    const short = new InMemoryDocumentStore({ shared: false });
    for (let start = 0; start < docs.length; start += 5000) {
      short.writeDocuments(docs.slice(start, start + 5000));
      short.bm25Retrieval({ query: 'w0' });
    }
    for (const query of ['w1 w2', 'w3 wz w1a', 'w5 w5 w2bb', 'w30']) {
      expect(scored(long.bm25Retrieval({ query, topK: 25 }))).toEqual(scored(short.bm25Retrieval({ query, topK: 25 })));
    }
  });
});
