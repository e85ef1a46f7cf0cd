import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';
import { DuplicatePolicy } from '../../../src/document-stores/types.js';

// Writes leave tokenizing to the first BM25 query or deletion. A query after every step forces
// indexing at each step, which is what eager indexing did; the same steps without those queries
// must give exactly the same scores.
type Step = (stores: { plain: InMemoryDocumentStore; spaces: InMemoryDocumentStore }) => void;

const doc = (id: string, content?: string, meta: Record<string, unknown> = {}): Document =>
  new Document({ id, ...(content === undefined ? {} : { content }), meta });

const STEPS: Step[] = [
  ({ plain }) => plain.writeDocuments([doc('a', 'alpha beta-gamma'), doc('b', 'beta beta delta'), doc('c')]),
  // A second store on the same index tokenizes on whitespace only: its documents keep its tokens.
  ({ spaces }) => spaces.writeDocuments([doc('d', 'beta-gamma alpha alpha'), doc('e', 'gamma, delta')]),
  ({ plain }) => plain.updateByFilter({ field: 'id', operator: '==', value: 'a' }, { tag: 'x' }),
  ({ plain }) => plain.writeDocuments([doc('b', 'beta only now'), doc('f', 'delta gamma alpha beta')], DuplicatePolicy.OVERWRITE),
  ({ spaces }) => spaces.writeDocuments([doc('g', 'beta-gamma beta-gamma')]),
  ({ plain }) => plain.deleteDocuments(['e']),
  ({ plain }) => plain.writeDocuments([doc('h', 'alpha'), doc('c', 'skipped')], DuplicatePolicy.SKIP),
];

const QUERIES = ['alpha', 'beta-gamma', 'delta beta', 'gamma,'];

function run(index: string, queryAfterEachStep: boolean, algorithm: 'BM25L' | 'BM25Okapi' | 'BM25Plus'): Array<Array<[string, number]>> {
  const plain = new InMemoryDocumentStore({ index, bm25Algorithm: algorithm });
  const spaces = new InMemoryDocumentStore({ index, bm25Algorithm: algorithm, bm25TokenizationRegex: String.raw`\S+` });
  for (const step of STEPS) {
    step({ plain, spaces });
    if (queryAfterEachStep) plain.bm25Retrieval({ query: 'alpha' });
  }
  const out: Array<Array<[string, number]>> = [];
  for (const store of [plain, spaces]) {
    for (const query of QUERIES) out.push(store.bm25Retrieval({ query, topK: 10 }).map((d) => [d.id, d.score!]));
  }
  plain.deleteAllDocuments();
  return out;
}

describe('deferred BM25 indexing', () => {
  for (const algorithm of ['BM25L', 'BM25Okapi', 'BM25Plus'] as const) {
    it(`scores ${algorithm} exactly as indexing at every write does, across tokenizers, overwrites, updates and deletes`, () => {
      const eager = run(`deferred-eager-${algorithm}`, true, algorithm);
      const deferred = run(`deferred-lazy-${algorithm}`, false, algorithm);
      expect(deferred).toEqual(eager);
      // The whitespace store's 'beta-gamma' token exists only in its own documents (d, g): they rank first.
      const spacesBetaGamma = deferred[QUERIES.length + 1]!.slice(0, 2).map(([id]) => id);
      expect(spacesBetaGamma).toEqual(['g', 'd']);
    });
  }

  it('keeps metadata updated before the first query, and finds the updated documents', () => {
    const store = new InMemoryDocumentStore({ shared: false });
    store.writeDocuments([doc('a', 'alpha'), doc('b', 'beta')]);
    expect(store.updateByFilter({ field: 'id', operator: '==', value: 'a' }, { tag: 'x' })).toBe(1);
    const [hit] = store.bm25Retrieval({ query: 'alpha', filters: { field: 'meta.tag', operator: '==', value: 'x' } });
    expect(hit?.id).toBe('a');
    expect(hit?.meta).toEqual({ tag: 'x' });
  });
});
