/**
 * A Document refuses fields of the wrong type with a DocumentValidationError naming the field, and
 * refuses text whose id would not be faithful (lone UTF-16 surrogates) instead of letting two
 * different documents share an id.
 */
import { describe, expect, it } from 'vitest';
import { ByteStream, Document, DocumentValidationError, DuplicatePolicy, InMemoryDocumentStore } from '../../src/index.js';

function failure(make: () => unknown): DocumentValidationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentValidationError);
    return error as DocumentValidationError;
  }
  throw new Error('expected a DocumentValidationError');
}

describe('Document field types', () => {
  it.each([
    ['a string', 'abc', /expected 'embedding' to be an array \(or typed array\) of numbers, got 'abc'/],
    ['a plain object', { 0: 1, length: 1 }, /got an object/],
    ['a number', 3, /got 3\./],
    ['objects', [{}, {}], /item 0 is an object/],
    ['a numeric string item', [1, '2'], /item 1 is '2'/],
    ['a bigint typed array', new BigInt64Array(2), /item 0 is 0n/],
  ])('rejects an embedding of %s naming the field', (_label, embedding, message) => {
    const error = failure(() => new Document({ content: 'x', embedding: embedding as never }));
    expect(error.field).toBe('embedding');
    expect(error.name).toBe('DocumentValidationError');
    expect(error.message).toMatch(message);
  });

  it('accepts arrays and float typed arrays, copied into a plain array', () => {
    expect(new Document({ embedding: [1, 2] }).embedding).toEqual([1, 2]);
    const typed = new Document({ embedding: new Float32Array([0.5, 0.25]) });
    expect(Array.isArray(typed.embedding)).toBe(true);
    expect(typed.embedding).toEqual([0.5, 0.25]);
  });

  it('rejects a score that is not a number, and a meta that is not an object', () => {
    expect(failure(() => new Document({ score: '0.5' as never })).field).toBe('score');
    expect(failure(() => new Document({ meta: 'abc' as never })).field).toBe('meta');
    expect(failure(() => new Document({ meta: [1, 2] as never })).field).toBe('meta');
    expect(failure(() => new Document({ content: 42 as never })).field).toBe('content');
    expect(failure(() => new Document(42 as never)).field).toBe('init');
  });
});

describe('lone UTF-16 surrogates', () => {
  it('rejects content with a lone surrogate instead of giving two texts one id', () => {
    const error = failure(() => new Document({ content: 'a\uD800b' }));
    expect(error.field).toBe('content');
    expect(error.message).toMatch(/lone UTF-16 surrogate \(\\ud800 at index 1\)/);
    expect(failure(() => new Document({ content: 'a\uDFFFb' })).field).toBe('content');
    expect(failure(() => new Document({ content: 'end\uD83D' })).field).toBe('content');
  });

  it('accepts paired surrogates (astral characters)', () => {
    expect(new Document({ content: 'smile \uD83D\uDE00' }).content).toBe('smile 😀');
  });

  it('no longer lets the skip policy drop a document whose content differs only in surrogates', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ content: 'a\uFFFDb' })], DuplicatePolicy.SKIP);
    expect(() => new Document({ content: 'a\uD800b' })).toThrow(DocumentValidationError);
    expect(store.countDocuments()).toBe(1);
  });

  it('keeps surrogates in meta apart in the id, as Python repr escapes them', () => {
    const a = new Document({ content: 'x', meta: { k: 'a\uD800' } });
    const b = new Document({ content: 'x', meta: { k: 'a\uD801' } });
    const c = new Document({ content: 'x', meta: { 'k\uD800': 'a' } });
    const d = new Document({ content: 'x', meta: { 'k\uD801': 'a' } });
    expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4);
  });

  it('rejects a lone surrogate in the blob MIME type, which enters the id raw', () => {
    const blob = new ByteStream({ data: new Uint8Array([1]), mimeType: 'text/\uD800' });
    expect(failure(() => new Document({ blob })).field).toBe('blob.mimeType');
  });

  it('accepts a lone surrogate when the id is given (no id is computed from it)', () => {
    expect(new Document({ id: 'given', content: 'a\uD800b' }).id).toBe('given');
  });
});
