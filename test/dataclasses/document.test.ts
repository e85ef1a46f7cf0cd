import { describe, expect, expectTypeOf, it } from 'vitest';
import { ByteStream, DeserializationError, Document, DocumentValidationError, SparseEmbedding } from '../../src/index.js';

describe('Document', () => {
  it('defaults every field like Haystack', () => {
    const doc = new Document();
    expect(doc.content).toBeUndefined();
    expect(doc.meta).toEqual({});
    expect(doc.score).toBeUndefined();
    expect(doc.embedding).toBeUndefined();
    expect(() => doc.contentType).toThrow(/content is not set/);
    expect(new Document({ content: 'x' }).contentType).toBe('text');
    expectTypeOf(doc.embedding).toEqualTypeOf<readonly number[] | undefined>();
  });

  it('rejects non-string content', () => {
    expect(() => new Document({ content: 42 as unknown as string })).toThrow(DocumentValidationError);
  });

  it('owns its data: meta is a frozen copy, the embedding a copy', () => {
    const meta = { a: 1 };
    const embedding = [0.1, 0.2];
    const doc = new Document({ content: 'x', meta, embedding });
    meta.a = 2;
    embedding[0] = 9;
    expect(doc.meta).toEqual({ a: 1 });
    expect(doc.embedding).toEqual([0.1, 0.2]);
    expect(Object.isFrozen(doc.meta)).toBe(true);
  });

  it('copyWith replaces fields and keeps the id, as dataclasses.replace', () => {
    const doc = new Document({ content: 'x', meta: { a: 1 } });
    const scored = doc.copyWith({ score: 0.5, meta: { a: 2 } });
    expect(scored.id).toBe(doc.id);
    expect(scored.score).toBe(0.5);
    expect(scored.meta).toEqual({ a: 2 });
    expect(doc.score).toBeUndefined();
    expect(scored.copyWith({ score: undefined }).score).toBeUndefined();
  });

  it('toDict flattens meta first, then lets the fields overwrite colliding keys (2.31)', () => {
    const doc = new Document({ id: '1', content: 'c', meta: { lang: 'en', score: 'lost' }, score: 0.5 });
    const flat = doc.toDict();
    expect(Object.keys(flat)).toEqual(['lang', 'score', 'id', 'content', 'blob', 'embedding', 'sparse_embedding']);
    expect(flat).toEqual({ lang: 'en', score: 0.5, id: '1', content: 'c', blob: null, embedding: null, sparse_embedding: null });
  });

  it('toDict({ flatten: false }) matches Haystack\'s nested layout', () => {
    const doc = new Document({
      id: 'i',
      content: 'c',
      blob: new ByteStream({ data: new Uint8Array([104, 105]), mimeType: 'text/plain' }),
      meta: { k: 1 },
      score: 0.5,
      embedding: [0.1],
      sparseEmbedding: new SparseEmbedding({ indices: [1], values: [0.5] }),
    });
    expect(doc.toDict({ flatten: false })).toEqual({
      id: 'i',
      content: 'c',
      blob: { data: [104, 105], meta: {}, mime_type: 'text/plain' },
      meta: { k: 1 },
      score: 0.5,
      embedding: [0.1],
      sparse_embedding: { indices: [1], values: [0.5] },
    });
  });

  it('fromDict round-trips both layouts and rebuilds blob and sparse embedding', () => {
    const doc = new Document({
      content: 'c',
      blob: new ByteStream({ data: new Uint8Array([1, 2]), meta: { m: 1 }, mimeType: 'application/x' }),
      meta: { k: 'v', n: { deep: true } },
      score: 0.25,
      embedding: [1, 2],
      sparseEmbedding: new SparseEmbedding({ indices: [0], values: [1] }),
    });
    for (const data of [doc.toDict(), doc.toDict({ flatten: false })]) {
      const back = Document.fromDict(data);
      expect(back.equals(doc)).toBe(true);
      expect(back.id).toBe(doc.id);
      expect(back.blob).toBeInstanceOf(ByteStream);
      expect(back.sparseEmbedding).toBeInstanceOf(SparseEmbedding);
    }
  });

  it('fromDict drops legacy fields and rejects meta given twice', () => {
    const doc = Document.fromDict({ content: 'c', content_type: 'text', id_hash_keys: [], dataframe: null, extra: 1 });
    expect(doc.meta).toEqual({ extra: 1 });
    expect(() => Document.fromDict({ content: 'c', meta: { a: 1 }, b: 2 })).toThrow(DeserializationError);
    expect(() => Document.fromDict({ content: 'c', meta: { a: 1 }, b: 2 })).toThrow(/either the 'meta' key or flattened/);
    expect(() => Document.fromDict({ content: 5 })).toThrow(DeserializationError);
  });

  it('equals compares the flattened dicts', () => {
    expect(new Document({ content: 'a' }).equals(new Document({ content: 'a' }))).toBe(true);
    expect(new Document({ content: 'a' }).equals(new Document({ content: 'a', score: 1 }))).toBe(false);
    expect(new Document({ content: 'a' }).equals({ content: 'a' })).toBe(false);
  });

  it('toString follows Haystack\'s repr', () => {
    const doc = new Document({ id: 'x', content: 'hi', meta: { a: true }, score: 0.5, embedding: [1, 2] });
    expect(doc.toString()).toBe("Document(id=x, content: 'hi', meta: {'a': True}, score: 0.5, embedding: vector of size 2)");
    const long = new Document({ id: 'y', content: 'a'.repeat(150) });
    expect(long.toString()).toBe(`Document(id=y, content: '${'a'.repeat(100)}...')`);
  });
});

describe('SparseEmbedding', () => {
  it('requires equal lengths and serializes as { indices, values }', () => {
    expect(() => new SparseEmbedding({ indices: [1, 2], values: [0.5] })).toThrow(/same length/);
    const sparse = SparseEmbedding.fromDict({ indices: [1], values: [0.5] });
    expect(sparse.toDict()).toEqual({ indices: [1], values: [0.5] });
  });
});

describe('ByteStream', () => {
  it('encodes strings and serializes data as a list of byte values', () => {
    const blob = ByteStream.fromString('hé', { mimeType: 'text/plain', meta: { a: 1 } });
    expect(blob.toString()).toBe('hé');
    expect(blob.toDict()).toEqual({ data: [104, 195, 169], meta: { a: 1 }, mime_type: 'text/plain' });
    const back = ByteStream.fromDict(blob.toDict());
    expect(Array.from(back.data)).toEqual([104, 195, 169]);
    expect(back.mimeType).toBe('text/plain');
    expect(() => new ByteStream({ data: 'x' as unknown as Uint8Array })).toThrow(TypeError);
  });

  it('reads files and guesses the MIME type from the extension when asked', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'bytestream-'));
    const path = join(dir, 'a.md');
    await writeFile(path, '# t');
    expect((await ByteStream.fromFilePath(path)).mimeType).toBeUndefined();
    const guessed = await ByteStream.fromFilePath(path, { guessMimeType: true });
    expect(guessed.mimeType).toBe('text/markdown');
    expect(guessed.toString()).toBe('# t');
    await guessed.toFile(join(dir, 'copy.md'));
    expect((await ByteStream.fromFilePath(join(dir, 'copy.md'))).toString()).toBe('# t');
  });
});
