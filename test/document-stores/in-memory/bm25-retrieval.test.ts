import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, InMemoryDocumentStore, type Bm25Algorithm } from '../../../src/index.js';
import { createTokenizer } from '../../../src/document-stores/in-memory/bm25.js';

const LANGUAGES = ['Javascript', 'Java', 'Python', 'Ruby', 'PHP'];

function languageStore(bm25Algorithm: Bm25Algorithm): InMemoryDocumentStore {
  const store = new InMemoryDocumentStore({ bm25Algorithm });
  store.writeDocuments(LANGUAGES.map((l) => new Document({ content: `${l} is a popular programming language` })));
  return store;
}

const ranked = (docs: Document[]): Array<[string, number]> => docs.map((d) => [d.content!.split(' ')[0]!, d.score!]);

describe('BM25 retrieval: Haystack 2.31 executed vectors (spec §2.5)', () => {
  const others = (first: string, score: number, rest: string[], restScore: number): Array<[string, number]> => [
    [first, score],
    ...rest.map((r): [string, number] => [r, restScore]),
  ];
  const notPhp = ['Javascript', 'Java', 'Python', 'Ruby'];
  const notJava = ['Javascript', 'Python', 'Ruby', 'PHP'];
  it.each([
    ['BM25L', 'PHP', false, others('PHP', 1.732868, notPhp, 0.866434)],
    ['BM25L', 'PHP', true, others('PHP', 0.553941, notPhp, 0.52705)],
    ['BM25L', 'Java programming', false, others('Java', 1.841632, notJava, 0.975198)],
    ['BM25L', 'Java programming', true, others('Java', 0.557298, notJava, 0.530437)],
    ['BM25L', 'unknownword', false, []],
    ['BM25L', 'unknownword', true, LANGUAGES.map((l): [string, number] => [l, 0.5])],
    ['BM25Okapi', 'PHP', false, others('PHP', 1.098612, notPhp, 0)],
    ['BM25Okapi', 'PHP', true, others('PHP', 0.534278, notPhp, 0.5)],
    ['BM25Okapi', 'Java programming', false, others('Java', 0.936202, notJava, -0.16241)],
    ['BM25Okapi', 'Java programming', true, others('Java', 0.529223, notJava, 0.494925)],
    ['BM25Okapi', 'unknownword', false, LANGUAGES.map((l): [string, number] => [l, 0])],
    ['BM25Plus', 'PHP', false, others('PHP', 2.772589, notPhp, 1.386294)],
    ['BM25Plus', 'PHP', true, others('PHP', 0.585786, notPhp, 0.543214)],
    ['BM25Plus', 'Java programming', false, others('Java', 2.946611, notJava, 1.560317)],
    ['BM25Plus', 'Java programming', true, others('Java', 0.591055, notJava, 0.548606)],
  ] as const)('%s %s scaleScore=%s', (algorithm, query, scaleScore, expected) => {
    const result = ranked(languageStore(algorithm).bm25Retrieval({ query, scaleScore }));
    expect(result.map(([name]) => name)).toEqual(expected.map(([name]) => name));
    result.forEach(([, score], i) => expect(score).toBeCloseTo(expected[i]![1], 5));
  });

  it('scores a tokenless corpus 0: Okapi keeps the documents, BM25L drops them', () => {
    for (const [algorithm, count] of [['BM25Okapi', 2], ['BM25L', 0], ['BM25Plus', 0]] as const) {
      const store = new InMemoryDocumentStore({ bm25Algorithm: algorithm });
      store.writeDocuments([new Document({ id: '1', content: '' }), new Document({ id: '2', content: '' })]);
      const docs = store.bm25Retrieval({ query: 'anything' });
      expect(docs).toHaveLength(count);
      docs.forEach((d) => expect(d.score).toBe(0));
    }
  });
});

/**
 * An independent, deliberately naive reference: statistics recomputed from scratch (no
 * incremental averages, no interning), formulas typed from the spec's table.
 */
function referenceScores(corpus: readonly (string | undefined)[], query: string, algorithm: Bm25Algorithm): number[] {
  const tokenize = (t: string): string[] => t.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const docs = corpus.map((c) => (c === undefined ? [] : tokenize(c)));
  const N = docs.length;
  const avgdl = docs.reduce((a, d) => a + d.length, 0) / N;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const k1 = 1.5;
  const b = 0.75;
  const queryTerms = [...new Set(tokenize(query))];
  let eps = 0;
  if (algorithm === 'BM25Okapi') {
    let sum = 0;
    for (const n of df.values()) sum += Math.log((N - n + 0.5) / (n + 0.5));
    eps = (0.25 * sum) / df.size;
  }
  const idf = (t: string): number => {
    const n = df.get(t) ?? 0;
    if (n === 0) return 0;
    if (algorithm === 'BM25L') return Math.log((N + 1) / (n + 0.5));
    if (algorithm === 'BM25Plus') return Math.log(1 + (N - n + 0.5) / (n + 0.5));
    const v = Math.log((N - n + 0.5) / (n + 0.5));
    return v < 0 ? eps : v;
  };
  return docs.map((d) => {
    const L = 1 - b + (b * d.length) / avgdl;
    return queryTerms.reduce((score, t) => {
      const f = d.filter((x) => x === t).length;
      if (algorithm === 'BM25L') {
        const ctd = f / L;
        return score + (idf(t) * ((1 + k1) * (ctd + 0.5))) / (k1 + ctd + 0.5);
      }
      if (algorithm === 'BM25Plus') return score + idf(t) * ((f * (1 + k1)) / (f + k1 * L) + 1.0);
      return score + (idf(t) * (f * (1 + k1))) / (f + k1 * L);
    }, 0);
  });
}

const CORPUS = [
  'The quick brown fox jumps over the lazy dog.',
  'A quick movement of the enemy will jeopardize six gunboats.',
  'Foxes are small, omnivorous mammals; the red fox is the most common fox.',
  'Dogs and foxes both belong to the family Canidae.',
  'Über-fast Füchse: der schnelle braune Fuchs springt über den faulen Hund.',
  'the the the the the the the',
  'Python_3 and snake_case identifiers are tokens too: python_3 PYTHON_3',
  'Numbers like 42 and ٤٢ (Arabic-Indic) and Ⅻ count as word characters.',
  'A very long document about nothing in particular, which keeps going and going, mentioning a dog once, '.repeat(4),
  'short',
  '',
  undefined,
];
const QUERIES = ['quick fox', 'the dog', 'python_3 snake', 'über fuchs', 'fox fox fox', '42 ٤٢', 'missing words only', 'the'];

describe('BM25 scores equal an independent reference to 1e-9', () => {
  for (const algorithm of ['BM25L', 'BM25Okapi', 'BM25Plus'] as const) {
    it(`${algorithm} on a mixed corpus`, () => {
      const store = new InMemoryDocumentStore({ bm25Algorithm: algorithm });
      store.writeDocuments(CORPUS.map((content, i) => new Document({ id: `d${i}`, content })));
      for (const query of QUERIES) {
        const expected = referenceScores(CORPUS, query, algorithm);
        const got = store.bm25Retrieval({ query, topK: 100 });
        // Every returned score equals the reference; the order is the stable descending one.
        const order = expected
          .map((score, i) => ({ score, i }))
          .filter(({ i }) => CORPUS[i] !== undefined)
          .sort((x, y) => y.score - x.score || x.i - y.i)
          .filter(({ score }) => algorithm === 'BM25Okapi' || score > 0);
        expect(got.map((d) => d.id)).toEqual(order.map(({ i }) => `d${i}`));
        got.forEach((d, j) => expect(Math.abs(d.score! - order[j]!.score)).toBeLessThan(1e-9));
      }
    });
  }

  it('keeps statistics right through deletes and overwrites (incremental = from scratch)', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments(CORPUS.map((content, i) => new Document({ id: `d${i}`, content })));
    store.deleteDocuments(['d0', 'd5', 'nope']);
    store.writeDocuments([new Document({ id: 'd3', content: 'fox fox dog' })], 'overwrite');
    const remaining = CORPUS.map((c, i) => ({ c: i === 3 ? 'fox fox dog' : c, id: `d${i}` })).filter(({ id }) => id !== 'd0' && id !== 'd5');
    // Overwrite moves d3 to the end of the order, as in Haystack.
    const ordered = [...remaining.filter(({ id }) => id !== 'd3'), remaining.find(({ id }) => id === 'd3')!];
    const fresh = referenceScores(
      ordered.map(({ c }) => c),
      'quick fox dog',
      'BM25L',
    );
    const got = new Map(store.bm25Retrieval({ query: 'quick fox dog', topK: 100 }).map((d) => [d.id, d.score!]));
    ordered.forEach(({ id, c }, i) => {
      if (c === undefined) return;
      expect(Math.abs(got.get(id)! - fresh[i]!)).toBeLessThan(1e-9);
    });
    expect(store.filterDocuments().map((d) => d.id).at(-1)).toBe('d3');
  });
});

describe('BM25 with a term repeated hundreds of times in a document', () => {
  // Pending postings keep counts below 255 in a byte and larger ones aside: both sides of the edge.
  const repeated = ['fox '.repeat(254) + 'dog', 'fox '.repeat(255), 'Fox '.repeat(256) + 'cat', 'fox '.repeat(1000) + 'dog', 'dog cat', 'x'.repeat(3) + ' fox'];
  for (const algorithm of ['BM25L', 'BM25Okapi', 'BM25Plus'] as const) {
    it(`${algorithm} counts every occurrence`, () => {
      const store = new InMemoryDocumentStore({ shared: false, bm25Algorithm: algorithm });
      store.writeDocuments(repeated.map((content, i) => new Document({ id: `r${i}`, content })));
      for (const query of ['fox', 'fox dog', 'cat']) {
        const expected = referenceScores(repeated, query, algorithm);
        const got = new Map(store.bm25Retrieval({ query, topK: 100 }).map((d) => [d.id, d.score!]));
        expected.forEach((score, i) => {
          if (got.has(`r${i}`)) expect(Math.abs(got.get(`r${i}`)! - score)).toBeLessThan(1e-9);
          else expect(algorithm !== 'BM25Okapi' && score <= 0).toBe(true);
        });
      }
    });
  }
});

describe('BM25 after many deletions (posting lists compacted)', () => {
  it('scores and orders like a store that never held the deleted documents', () => {
    const words = ['red', 'green', 'blue', 'fox', 'dog', 'cat', 'owl'];
    const content = (i: number) => Array.from({ length: 1 + (i % 5) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
    const churned = new InMemoryDocumentStore();
    churned.writeDocuments(Array.from({ length: 3000 }, (_, i) => new Document({ id: `d${i}`, content: content(i) })));
    churned.deleteDocuments(Array.from({ length: 2500 }, (_, i) => `d${i}`));
    churned.writeDocuments([new Document({ id: 'd2600', content: 'fox fox owl' })], 'overwrite');
    const fresh = new InMemoryDocumentStore();
    fresh.writeDocuments(churned.filterDocuments());
    for (const query of ['fox', 'red owl', 'cat dog blue']) {
      const a = churned.bm25Retrieval({ query, topK: 50 });
      const b = fresh.bm25Retrieval({ query, topK: 50 });
      expect(a.map((d) => d.id)).toEqual(b.map((d) => d.id));
      a.forEach((d, i) => expect(Math.abs(d.score! - b[i]!.score!)).toBeLessThan(1e-9));
    }
    expect(churned.filterDocuments().at(-1)!.id).toBe('d2600');
  });
});

describe('BM25 retrieval rules', () => {
  it('cuts to topK before dropping non-positive scores', () => {
    const store = new InMemoryDocumentStore({ bm25Algorithm: 'BM25L' });
    store.writeDocuments([new Document({ content: 'alpha' }), new Document({ content: 'beta' }), new Document({ content: 'gamma' })]);
    expect(store.bm25Retrieval({ query: 'gamma', topK: 1 }).map((d) => d.content)).toEqual(['gamma']);
    expect(store.bm25Retrieval({ query: 'gamma', topK: 0 })).toEqual([]);
  });

  it('counts documents excluded by filters and without content in the statistics', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([
      new Document({ id: 'a', content: 'red apple', meta: { keep: true } }),
      new Document({ id: 'b', content: 'green apple', meta: { keep: false } }),
      new Document({ id: 'c', meta: { keep: true } }),
    ]);
    const filtered = store.bm25Retrieval({ query: 'apple', filters: { field: 'meta.keep', operator: '==', value: true } });
    expect(filtered.map((d) => d.id)).toEqual(['a']);
    const corpus = ['red apple', 'green apple', undefined];
    expect(Math.abs(filtered[0]!.score! - referenceScores(corpus, 'apple', 'BM25L')[0]!)).toBeLessThan(1e-12);
  });

  it('honours bm25Parameters', () => {
    const store = new InMemoryDocumentStore({ bm25Algorithm: 'BM25Plus', bm25Parameters: { delta: 0 } });
    store.writeDocuments([new Document({ content: 'cat' }), new Document({ content: 'dog' })]);
    expect(store.bm25Retrieval({ query: 'cat' }).map((d) => d.content)).toEqual(['cat']);
  });

  it('rejects an empty query, a bad topK and filters without an operator', () => {
    const store = languageStore('BM25L');
    expect(() => store.bm25Retrieval({ query: '' })).toThrow(DocumentStoreError);
    expect(() => store.bm25Retrieval({ query: 'x', topK: -1 })).toThrow(/topK/);
    expect(() => store.bm25Retrieval({ query: 'x', filters: { conditions: [] } })).toThrow(/Invalid filter syntax/);
  });

  it('strips embeddings when the store does not return them', () => {
    const store = new InMemoryDocumentStore({ returnEmbedding: false });
    store.writeDocuments([new Document({ content: 'cat', embedding: [1, 0] })]);
    expect(store.bm25Retrieval({ query: 'cat' })[0]!.embedding).toBeUndefined();
    const keeping = new InMemoryDocumentStore();
    keeping.writeDocuments([new Document({ content: 'cat', embedding: [1, 0] })]);
    expect(keeping.bm25Retrieval({ query: 'cat' })[0]!.embedding).toEqual([1, 0]);
  });

  it('returns copies carrying the score, never the stored object', () => {
    const store = languageStore('BM25L');
    const [doc] = store.bm25Retrieval({ query: 'PHP', topK: 1 });
    expect(doc!.score).toBeGreaterThan(0);
    expect(store.filterDocuments().find((d) => d.id === doc!.id)!.score).toBeUndefined();
  });
});

describe('BM25 tokenization (Python (?u)\\b\\w+\\b over lower-cased text)', () => {
  const tokenize = createTokenizer(String.raw`(?u)\b\w+\b`);
  it.each([
    ['Luna is a dog', ['luna', 'is', 'a', 'dog']],
    ["don't", ['don', 't']],
    ['e-mail', ['e', 'mail']],
    ['ÉCOLE Straße', ['école', 'straße']],
    ['snake_case x_1', ['snake_case', 'x_1']],
    ['हिन्दी', ['ह', 'न', 'द']],
    ['日本語のテキスト', ['日本語のテキスト']],
    ['  ', []],
  ])('%s', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });

  it('uses a custom pattern as a JS regular expression', () => {
    const store = new InMemoryDocumentStore({ bm25TokenizationRegex: '[a-z]{3,}' });
    store.writeDocuments([new Document({ content: 'an ox and a cow' })]);
    expect(store.bm25Retrieval({ query: 'ox' })).toEqual([]);
    expect(store.bm25Retrieval({ query: 'cow' })).toHaveLength(1);
    expect(() => new InMemoryDocumentStore({ bm25TokenizationRegex: '(' })).toThrow(DocumentStoreError);
  });
});
