import { describe, expect, it } from 'vitest';
import { ChatMessage, Document } from '../../src/index.js';
import { pythonEquals } from '../../src/templating/index.js';

describe("pythonEquals: Python's ==", () => {
  it('compares numbers, booleans and bigints by value, exactly', () => {
    expect(pythonEquals(1, true)).toBe(true);
    expect(pythonEquals(0, false)).toBe(true);
    expect(pythonEquals(2n, 2)).toBe(true);
    expect(pythonEquals(2n ** 64n, 2 ** 64)).toBe(true);
    expect(pythonEquals(2n ** 53n + 1n, 2 ** 53)).toBe(false); // no rounding of the bigint
    expect(pythonEquals(1n, 1.5)).toBe(false);
    expect(pythonEquals(1n, true)).toBe(true);
    expect(pythonEquals('1', 1)).toBe(false);
  });

  it('treats NaN as unequal to itself, except as the same element of two lists (CPython identity)', () => {
    expect(pythonEquals(NaN, NaN)).toBe(false);
    expect(pythonEquals([NaN], [NaN])).toBe(true);
    expect(pythonEquals({ a: NaN }, { a: NaN })).toBe(true);
  });

  it('compares dates by instant and never equal to a string or number', () => {
    expect(pythonEquals(new Date(0), new Date(0))).toBe(true);
    expect(pythonEquals(new Date(0), new Date(86_400_000))).toBe(false);
    expect(pythonEquals(new Date(0), 0)).toBe(false);
    expect(pythonEquals(new Date(0), '1970-01-01T00:00:00.000Z')).toBe(false);
  });

  it('compares containers deeply, dict keys in any order, None as null or undefined', () => {
    expect(pythonEquals([1, { a: true }], [1.0, { a: 1 }])).toBe(true);
    expect(pythonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pythonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(pythonEquals([1, 2], [1, 2, 3])).toBe(false);
    expect(pythonEquals(null, undefined)).toBe(true);
    expect(pythonEquals({ a: null }, { a: undefined })).toBe(true);
    expect(pythonEquals(new Float32Array([1, 2]), [1, 2])).toBe(true);
    expect(pythonEquals([], {})).toBe(false);
  });

  it('compares a String object (a str subclass) as the text it holds', () => {
    class StrEnum extends String {
      override valueOf(): string {
        return 'Role.USER';
      }
    }
    expect(pythonEquals(new String('user'), 'user')).toBe(true);
    expect(pythonEquals(['user'], [new StrEnum('user')])).toBe(true);
    expect(pythonEquals(new StrEnum('user'), 'Role.USER')).toBe(false);
    expect(pythonEquals(new String('1'), 1)).toBe(false);
  });

  it('compares other objects by identity or their own equals', () => {
    const doc = new Document({ content: 'x' });
    expect(pythonEquals(doc, new Document({ content: 'x' }))).toBe(true);
    expect(pythonEquals(doc, new Document({ content: 'y' }))).toBe(false);
    expect(pythonEquals(new Map(), new Map())).toBe(false);
  });
});

describe('dataclass equality uses it', () => {
  it('tells apart documents whose meta dates differ (it used to call them equal)', () => {
    const a = new Document({ id: 'same', content: 'x', meta: { d: new Date(0) } });
    const b = new Document({ id: 'same', content: 'x', meta: { d: new Date(86_400_000) } });
    expect(a.equals(b)).toBe(false);
    expect(a.equals(new Document({ id: 'same', content: 'x', meta: { d: new Date(0) } }))).toBe(true);
  });

  it('compares chat messages with Python semantics (1 == True in meta, dates by instant)', () => {
    expect(ChatMessage.fromUser('hi', { meta: { n: 1 } }).equals(ChatMessage.fromUser('hi', { meta: { n: true } }))).toBe(true);
    expect(ChatMessage.fromUser('hi', { meta: { d: new Date(0) } }).equals(ChatMessage.fromUser('hi', { meta: { d: new Date(1) } }))).toBe(false);
  });
});
