import { describe, expect, it } from 'vitest';
import { describeValue } from '../src/describe.js';
import { OpenAIChatGenerator } from '../src/components/generators/chat/openai-chat-generator.js';
import { PgvectorDocumentStore } from '../src/document-stores/pgvector/pgvector-document-store.js';

describe('describeValue: the "got Y" of every options message', () => {
  it('writes primitives as code writes them', () => {
    expect([null, undefined, 0, -1.5, true, NaN, Infinity, 3n].map((v) => describeValue(v))).toEqual([
      'null',
      'undefined',
      '0',
      '-1.5',
      'true',
      'NaN',
      'Infinity',
      '3n',
    ]);
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
  });

  it('quotes a string on one line and cuts a long one', () => {
    expect(describeValue('yes')).toBe("'yes'");
    expect(describeValue("it's\na \"test\"")).toBe(`'it\\'s\\na "test"'`);
    expect(describeValue('x'.repeat(100))).toBe(`'${'x'.repeat(60)}…'`);
    expect(describeValue('sk-secret', { hideText: true })).toBe('a string');
  });

  it('names arrays, plain objects, instances, classes and functions', () => {
    class Doubler {}
    expect(describeValue([1, 2])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(Object.create(null))).toBe('an object');
    expect(describeValue(new Map())).toBe('an instance of Map');
    expect(describeValue(new Doubler())).toBe('an instance of Doubler');
    expect(describeValue(Doubler)).toBe('class Doubler');
    expect(describeValue(() => 1)).toBe('a function');
  });

  it('still answers for an object whose prototype lookup throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(describeValue(proxy)).toBe('an object');
  });
});

describe('a string where a Secret belongs is not repeated in the message', () => {
  it.each([
    ['OpenAIChatGenerator apiKey', () => new OpenAIChatGenerator({ apiKey: 'sk-Hunter2' as never })],
    ['PgvectorDocumentStore connectionString', () => new PgvectorDocumentStore({ connectionString: 'postgresql://u:Hunter2@h/db' as never })],
  ])('%s', (_label, build) => {
    expect(build).toThrow(/to be a Secret .*got a string\./);
    expect(build).not.toThrow(/Hunter2/);
  });
});
