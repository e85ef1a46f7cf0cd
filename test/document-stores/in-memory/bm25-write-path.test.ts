import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { Bm25Statistics, createTokenizer, DEFAULT_TOKENIZATION_REGEX } from '../../../src/document-stores/in-memory/bm25.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';
import { TermTable } from '../../../src/document-stores/in-memory/term-table.js';

// The default pattern's ASCII scan must give exactly the regular expression's tokens; a custom
// pattern with the same meaning always goes through the regular expression, so the two stores
// below must agree bit for bit.
const SAME_AS_DEFAULT = String.raw`[\p{L}\p{N}_]+`;

function corpus(count: number): string[] {
  const words = ['Alpha', 'beta', 'GAMMA', 'delta_9', 'x', '42', 'Ünïcode', 'straße', 'naïve', 'İstanbul', 'e-mail', "it's", 'foo.bar'];
  const out: string[] = [];
  let seed = 7;
  for (let i = 0; i < count; i++) {
    const n = 1 + (i % 9);
    const parts: string[] = [];
    for (let j = 0; j < n; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      parts.push(words[seed % words.length]! + (seed % 5 === 0 ? String(i % 97) : ''));
    }
    // Some documents are pure ASCII (the scan), others not (the regular expression).
    out.push(parts.join(i % 3 === 0 ? '  ,' : ' '));
  }
  return out;
}

const scored = (docs: Document[]): Array<[string, number]> => docs.map((d) => [d.id, d.score!]);

describe('the BM25 write path', () => {
  it('tokenizes ASCII text by scanning exactly as the default regular expression does', () => {
    const stats = new Bm25Statistics();
    const regex = createTokenizer(DEFAULT_TOKENIZATION_REGEX);
    const text = 'Hello, WORLD! snake_case x2 9lives __ a-b  ... MiXeD42\ttab\nline';
    const serial = stats.addDefaultTokens(text)!;
    expect(stats.documentLength(serial)).toBe(regex(text).length);
    expect(stats.distinctTerms(serial)).toBe(new Set(regex(text)).size);
    expect(stats.documentLength(stats.addDefaultTokens('')!)).toBe(0);
  });

  for (const algorithm of ['BM25L', 'BM25Okapi', 'BM25Plus'] as const) {
    it(`scores ${algorithm} identically through the scan and through the regular expression`, () => {
      const texts = corpus(300);
      const fast = new InMemoryDocumentStore({ shared: false, bm25Algorithm: algorithm });
      const regex = new InMemoryDocumentStore({ shared: false, bm25Algorithm: algorithm, bm25TokenizationRegex: SAME_AS_DEFAULT });
      const documents = texts.map((content, i) => new Document({ id: `d${i}`, content }));
      fast.writeDocuments(documents);
      regex.writeDocuments(documents);
      for (const query of ['alpha beta', 'GAMMA delta_9', 'straße naïve', '42 x', 'foo bar it s']) {
        expect(scored(fast.bm25Retrieval({ query, topK: 50 }))).toEqual(scored(regex.bm25Retrieval({ query, topK: 50 })));
      }
    });
  }

  it('gives the same scores whether documents arrive in one batch or one by one, with deletes between', () => {
    const documents = corpus(400).map((content, i) => new Document({ id: `d${i}`, content }));
    const whole = new InMemoryDocumentStore({ shared: false });
    whole.writeDocuments(documents);
    const piecewise = new InMemoryDocumentStore({ shared: false });
    for (const doc of documents) {
      piecewise.writeDocuments([doc]);
      // A query between writes reads the postings queued so far.
      if (doc.id === 'd100') piecewise.bm25Retrieval({ query: 'alpha' });
    }
    expect(scored(piecewise.bm25Retrieval({ query: 'alpha gamma 42', topK: 30 }))).toEqual(
      scored(whole.bm25Retrieval({ query: 'alpha gamma 42', topK: 30 })),
    );
    // Enough deletes to compact (renumber the serials), then more writes.
    const doomed = documents.slice(0, 300).map((d) => d.id);
    whole.deleteDocuments(doomed);
    piecewise.deleteDocuments(doomed);
    const more = corpus(50).map((content, i) => new Document({ id: `m${i}`, content: `${content} extra` }));
    whole.writeDocuments(more);
    for (const doc of more) piecewise.writeDocuments([doc]);
    const query = 'extra beta delta_9';
    expect(scored(piecewise.bm25Retrieval({ query, topK: 40 }))).toEqual(scored(whole.bm25Retrieval({ query, topK: 40 })));
    // The same documents as a fresh store: the same ranking (the running average length after
    // deletes may differ from a fresh one in the last bits, as in Haystack).
    const fresh = new InMemoryDocumentStore({ shared: false });
    fresh.writeDocuments([...documents.slice(300), ...more]);
    const ids = (docs: Document[]): string[] => docs.map((d) => d.id);
    expect(ids(whole.bm25Retrieval({ query, topK: 40 }))).toEqual(ids(fresh.bm25Retrieval({ query, topK: 40 })));
    expect(whole.countDocuments()).toBe(150);
  });
});

describe('TermTable', () => {
  it('keeps every term findable across growth', () => {
    const table = new TermTable();
    const ids = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) ids.set(`t${i.toString(36)}`, table.intern(`t${i.toString(36)}`));
    expect(table.size).toBe(20_000);
    for (const [term, id] of ids) {
      expect(table.find(term)).toBe(id);
      expect(table.term(id)).toBe(term);
    }
    expect(table.find('absent')).toBe(-1);
    expect(table.intern('t0')).toBe(ids.get('t0'));
  });

  it('matches a range of upper-case ASCII text against its lower-case term', () => {
    const table = new TermTable();
    const id = table.intern('hello');
    const stats = new Bm25Statistics();
    expect(stats.distinctTerms(stats.addDefaultTokens('HeLLo hello')!)).toBe(1);
    expect(table.find('HELLO')).toBe(-1);
    expect(table.find('hello')).toBe(id);
  });
});
