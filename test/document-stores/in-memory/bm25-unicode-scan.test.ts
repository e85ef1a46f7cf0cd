import { describe, expect, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { Bm25Statistics, createTokenizer, DEFAULT_TOKENIZATION_REGEX } from '../../../src/document-stores/in-memory/bm25.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';

// The default pattern's scan must find exactly the regular expression's tokens in any text: the
// same pattern spelled differently always goes through the regular expression.
const SAME_AS_DEFAULT = String.raw`[\p{L}\p{N}_]+`;
const regex = createTokenizer(DEFAULT_TOKENIZATION_REGEX);

const HOSTILE = [
  'Καλημέρα κόσμε ΌΣΟΣ σοφός',
  'Привет, МИР! ёлка_2',
  '東京都 渋谷区 ひらがな カタカナ 한국어',
  'مرحبا بالعالم ٣٤٥',
  'İstanbul IŞIK ǅemal ß STRASSE',
  'cafe\u0301 naïve re\u0301sume\u0301',
  'emoji😀between 👍🏽 a\u200db zero\u200bwidth',
  '𝒜𝒷𝒸 math 𝟘𝟙 astral 𐐀𐐨 deseret',
  'lone \ud800 high \udc00 low x\ud800y \udbff\u0041',
  '① ② Ⅻ ½ ²³ fullwidth ＡＢＣ１２３',
  'tabs\tand\nnew\r\nlines\u00a0nbsp\u2028sep',
  '___ _a_ a__b 9_9 ÀÉÎÕÜ',
  '',
  'ASCII only, then ü at the end',
];

describe('the default pattern scan outside ASCII', () => {
  it('counts the same tokens as the regular expression in multilingual and hostile text', () => {
    for (const text of HOSTILE) {
      const stats = new Bm25Statistics();
      const serial = stats.addDefaultTokens(text);
      expect(stats.documentLength(serial), text).toBe(regex(text).length);
      expect(stats.distinctTerms(serial), text).toBe(new Set(regex(text)).size);
    }
  });

  it('classifies every BMP code unit as the regular expression does', () => {
    const units: string[] = [];
    for (let c = 0x80; c < 0x10000; c++) units.push(String.fromCharCode(c));
    // Separated by spaces: each word code unit is its own token (surrogates never are).
    const text = units.join(' ');
    const stats = new Bm25Statistics();
    const serial = stats.addDefaultTokens(text);
    expect(stats.documentLength(serial)).toBe(regex(text).length);
    expect(stats.distinctTerms(serial)).toBe(new Set(regex(text)).size);
  });

  it('scores every token bit-identically to a store that tokenizes with the regular expression', () => {
    const documents = HOSTILE.flatMap((text, i) => [
      new Document({ id: `h${i}`, content: text }),
      new Document({ id: `r${i}`, content: `${HOSTILE[(i + 3) % HOSTILE.length]!} ${text.toUpperCase()}` }),
    ]);
    for (const algorithm of ['BM25L', 'BM25Okapi', 'BM25Plus'] as const) {
      const scan = new InMemoryDocumentStore({ shared: false, bm25Algorithm: algorithm });
      const slow = new InMemoryDocumentStore({ shared: false, bm25Algorithm: algorithm, bm25TokenizationRegex: SAME_AS_DEFAULT });
      scan.writeDocuments(documents);
      slow.writeDocuments(documents);
      const queries = new Set(HOSTILE.flatMap((text) => regex(text)));
      expect(queries.size).toBeGreaterThan(60);
      for (const query of queries) {
        const scored = (store: InMemoryDocumentStore): Array<[string, number]> =>
          store.bm25Retrieval({ query, topK: 50 }).map((d) => [d.id, d.score!]);
        expect(scored(scan), query).toEqual(scored(slow));
      }
    }
  });
});
