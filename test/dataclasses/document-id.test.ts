import { describe, expect, it } from 'vitest';
import { ByteStream, Document, SparseEmbedding, createDocumentId, documentIdPreImage } from '../../src/index.js';
import { pythonFloatRepr, pythonStrRepr } from '../../src/dataclasses/document-id.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Expected ids. Rows marked `spec` are the executed Haystack 2.31 vectors of
 * haystack-components-spec.md §1.1.4 (produced by running the v2.31.0 source). Rows marked
 * `recipe` were computed for this table by a throwaway Python 3 script that re-types Haystack's
 * `Document._create_id` (f-string of the fields, Python's own repr, SHA-256) — Haystack itself is
 * not installable offline, but the recipe uses CPython's real repr, which is what the port emulates.
 */
const cases: ReadonlyArray<readonly [source: 'spec' | 'recipe', name: string, doc: () => Document, id: string]> = [
  ['spec', 'empty document', () => new Document(), 'd4675c57fcfe114db0b95f1da46eea3c5d6f5729c17d01fb5251ae19830a3455'],
  ['spec', 'empty content counts as None', () => new Document({ content: '' }), 'd4675c57fcfe114db0b95f1da46eea3c5d6f5729c17d01fb5251ae19830a3455'],
  ['spec', 'plain text', () => new Document({ content: 'Hello world' }), 'dd43aeb0f8893eba62417098fcf61d5fdc6405e0091da685b22fefcccc649c30'],
  ['spec', 'score is not part of the id', () => new Document({ content: 'Hello world', score: 0.7 }), 'dd43aeb0f8893eba62417098fcf61d5fdc6405e0091da685b22fefcccc649c30'],
  [
    'spec',
    'text and embedding',
    () => new Document({ content: 'test text', embedding: [0.1, 0.2, 0.3] }),
    '18fc2c114825872321cf5009827ca162f54d3be50ab9e9ffa027824b6ec223af',
  ],
  [
    'spec',
    'text, meta and embedding',
    () => new Document({ content: 'test text', meta: { date: '10-10-2023', type: 'article' }, embedding: [0.1, 0.2, 0.3] }),
    'a2c0321b34430cc675294611e55529fceb56140ca3202f1c59a43a8cecac1f43',
  ],
  [
    'spec',
    'every field',
    () =>
      new Document({
        content: 'test text',
        blob: new ByteStream({ data: bytes('some bytes'), mimeType: 'text/markdown' }),
        meta: { text: 'test text' },
        embedding: [0.1, 0.2, 0.3],
        sparseEmbedding: new SparseEmbedding({ indices: [0, 2, 4], values: [0.1, 0.2, 0.3] }),
      }),
    '1aa43af57c1dbc317241bf55d3067049f334d3b458d95dc72f71a7111f6c1a56',
  ],
  ['spec', 'meta key order a, b', () => new Document({ content: 'x', meta: { a: 1, b: 2 } }), '0fab6420bf68ae0d37a8e739033fda2c9d98a1c3811b89c4e7227fe7e7eee987'],
  ['spec', 'meta key order b, a', () => new Document({ content: 'x', meta: { b: 2, a: 1 } }), 'b8f605c8da291b2d9e7289a36c3c11c9f9a1c8bf8b8f971c6da85d47b7f864a8'],
  [
    'spec',
    'float repr 1.0, 1e-05, 1e+16, -0.0',
    () => new Document({ content: 'x', embedding: [1.0, 1e-5, 1e16, 0.1, -0.0, 123456789.0] }),
    '3b83d40f29d71c7b1e69b16c514b4d16f14d735771c7b1cf4b537c140a601cf6',
  ],
  [
    'spec',
    'unicode text and escaped newline in meta',
    () => new Document({ content: 'héllo "wörld" 日本', meta: { k: 'é\n' } }),
    'c1db80d8dcb0a3c73b4bc69810e7e2d3f7ace64f9705234b778780508c06b02e',
  ],
  [
    'spec',
    'bytes repr with quotes, backslash and high bytes',
    () => new Document({ blob: new ByteStream({ data: new Uint8Array([0x00, 0xff, 0x61, 0x62, 0x27, 0x22, 0x5c]), mimeType: 'application/octet-stream' }) }),
    '4905a7d75af669b1a636207d71233b54fa0250e135327e7776b464da5b830cfc',
  ],
  [
    'recipe',
    'booleans, null, nested list and dict in meta',
    () => new Document({ content: 'test', meta: { a: 1, b: true, c: null, e: "it's", f: [1, 'x'], g: { h: 2 } } }),
    'bb0b1b83b5d590c83826153aa5432ec76c0d2f6796df9f76be5964f37647dcc1',
  ],
  [
    'recipe',
    'nested meta with a float',
    () => new Document({ content: 'Ana lives in Lisbon.', meta: { person: { name: 'Ana', tags: ['a', 'b'] }, year: 2024, rating: 4.5 } }),
    'bcb05a23c3bc938c00a2924f986b19286aecb2c8080f43f4d30bb6a5798e6741',
  ],
  ['recipe', 'both quote kinds', () => new Document({ content: 'it\'s "x"', meta: { q: 'it\'s "x"' } }), '9fa39225f443b8a010ff924fd5ff349010ec08a0538f3ca52bf49cd99601d5d9'],
  [
    'recipe',
    'float reprs: 1e-07, 1.5e+300, 1e+22, 0.0001, 5e-324',
    () => new Document({ content: 'f', embedding: [1e-7, 1.5e300, -2.5, 0.30000000000000004, 1e22, 12345678901234567.0, 0.0001, 5e-324] }),
    '25ea9bea6a30fd3259cb05362bae60eb35c3a3067ade9e067f04f49fe5a8b613',
  ],
  ['recipe', 'integers in meta', () => new Document({ content: 'n', meta: { big: 1e20, neg: -3, zero: 0 } }), 'bf05f0e86b36d1d81f4020a5ddb06f1a04f6fe6ad0e97c28c814b23d0c3ddabb'],
  [
    'recipe',
    'sparse embedding and a blob without MIME type',
    () =>
      new Document({
        content: 's',
        blob: new ByteStream({ data: new Uint8Array([1, 2]) }),
        sparseEmbedding: new SparseEmbedding({ indices: [3, 7], values: [0.5, 1.0] }),
      }),
    '36bc8e7ae6221b35abfa11338d8beb2509a74f11217b5da9ce1d0b7375ee47e0',
  ],
  [
    'recipe',
    'non-printable characters escaped as \\x, \\u',
    () => new Document({ content: 'np', meta: { k: '\x00\t\u200b\u2028 \xa0\x7f\x85' } }),
    'b2556d96e331cf0818cf484e4c572f7d3d38de9843e6e2c0641baf77e1ce05ce',
  ],
  ['recipe', 'astral characters verbatim', () => new Document({ content: '\u{1F44D} thumbs', meta: { e: '\u{1F600}' } }), '2199e98ac4c5eac2ef8cee6e7d4d84a77447691c36c2b507b0467a5223b001a8'],
  [
    'recipe',
    'falsy meta values',
    () => new Document({ content: 'z', meta: { neg: -0.5, flag: false, list: [], empty: {} } }),
    '90468b3417b2b805875195ca1e579b8f02b600f7cf8ec798685b3c677bbf79e8',
  ],
  ['recipe', 'quotes in meta keys', () => new Document({ content: 'k', meta: { "it's": 1, 'say "hi"': 'ok' } }), 'b455fb738c10df0c6ee3d4241cafbdb34871954310ab4d4ad373605d4d9717f5'],
  ['recipe', 'empty embedding renders []', () => new Document({ content: 'e', embedding: [] }), 'ae2fade9bee7478d2b345240d9799487e1512ae3700c92d116cd772dcec28889'],
  ['recipe', 'backslashes', () => new Document({ content: 'C:\\path\\file', meta: { p: 'C:\\path' } }), 'd895974ba8c8fed6191ab010aba3c15afa0f43e0a55d8707968b21dbc1579b03'],
  [
    'recipe',
    'bytes with a single quote use double quotes',
    () => new Document({ blob: new ByteStream({ data: bytes("it's"), mimeType: 'text/plain' }) }),
    'bc2fa05cfa2800479c1c3cb2cd78ca5f291682a5c2e38803864968a6abea1a2c',
  ],
];

describe('Document id (Haystack 2.31 recipe)', () => {
  it.each(cases)('%s: %s', (_source, _name, make, id) => {
    const doc = make();
    expect(doc.id).toBe(id);
    expect(createDocumentId(doc)).toBe(id);
  });

  it('builds the pre-image Haystack hashes', () => {
    expect(documentIdPreImage(new Document())).toBe('NoneNoneNoneNone{}None');
    expect(documentIdPreImage(new Document({ content: 'test', meta: { a: 1, b: true, c: null, e: "it's" } }))).toBe(
      `testNoneNoneNone{'a': 1, 'b': True, 'c': None, 'e': "it's"}None`,
    );
  });

  it('keeps an explicit id verbatim and computes the id once', () => {
    const doc = new Document({ id: 'my-id', content: 'x' });
    expect(doc.id).toBe('my-id');
    const embedded = new Document({ content: 'x' }).copyWith({ embedding: [0.5] });
    expect(embedded.id).toBe(new Document({ content: 'x' }).id);
    expect(embedded.copyWith({ id: '' }).id).toBe(new Document({ content: 'x', embedding: [0.5] }).id);
  });
});

describe('Python repr helpers', () => {
  it.each([
    [1, '1.0'],
    [1e-5, '1e-05'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [0.0001, '0.0001'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [123.456, '123.456'],
    [-1.5e-10, '-1.5e-10'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
    [2 ** 53, '9007199254740992.0'],
  ])('float %d → %s', (value, repr) => {
    expect(pythonFloatRepr(value)).toBe(repr);
  });

  it('quotes strings like Python', () => {
    expect(pythonStrRepr('a')).toBe("'a'");
    expect(pythonStrRepr("it's")).toBe('"it\'s"');
    expect(pythonStrRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(pythonStrRepr('tab\there\r\n')).toBe("'tab\\there\\r\\n'");
    expect(pythonStrRepr('日本 é')).toBe("'日本 é'");
    expect(pythonStrRepr('\u{e000}')).toBe("'\\ue000'");
  });
});
