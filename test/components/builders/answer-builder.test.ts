import { describe, expect, it, vi } from 'vitest';
import { AnswerBuilder } from '../../../src/components/builders/answer-builder.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { Document } from '../../../src/dataclasses/document.js';
import { setLogger } from '../../../src/core/logger.js';

const docs = ['Berlin', 'Paris', 'Rome'].map((content) => new Document({ content, meta: { lang: 'en' } }));

describe('AnswerBuilder: answers', () => {
  it('uses the whole reply without a pattern, with all replies in meta', () => {
    const replies = ['first', 'second'];
    const { answers } = new AnswerBuilder().run({ query: 'q', replies });
    expect(answers?.map((a) => [a.data, a.query])).toEqual([
      ['first', 'q'],
      ['second', 'q'],
    ]);
    expect(answers?.[0]?.meta).toEqual({ all_messages: replies });
    expect(answers?.[0]?.documents).toEqual([]);
  });

  it('extracts the capture group, the whole match without a group, and "" when nothing matches', () => {
    const run = (pattern: string, reply: string) => new AnswerBuilder({ pattern }).run({ query: 'q', replies: [reply] }).answers?.[0]?.data;
    expect(run('Answer: (.*)', 'This is an argument. Answer: This is the answer.')).toBe('This is the answer.');
    expect(run('[^\\n]+$', 'this is an argument.\nthis is an answer')).toBe('this is an answer');
    expect(run('Answer: (.*)', 'no match here')).toBe('');
    // A group that did not take part falls back to the whole match, like Python's lastindex.
    expect(run('(a)?b', 'xb')).toBe('b');
  });

  it('lets the run pattern override the init pattern and checks it', () => {
    const builder = new AnswerBuilder({ pattern: 'A: (.*)' });
    expect(builder.run({ query: 'q', replies: ['A: 1 B: 2'], pattern: 'B: (.*)' }).answers?.[0]?.data).toBe('2');
    expect(() => builder.run({ query: 'q', replies: ['x'], pattern: '(a)(b)' })).toThrow(/multiple capture groups/);
  });

  it('refuses patterns with several capture groups or invalid syntax', () => {
    expect(() => new AnswerBuilder({ pattern: '(a)(b)' })).toThrow(
      "AnswerBuilder: pattern '(a)(b)' contains multiple capture groups. Please specify a pattern with at most one capture group.",
    );
    expect(() => new AnswerBuilder({ referencePattern: '(' })).toThrow(/'referencePattern' is not a valid regular expression/);
    // @ts-expect-error: a boolean option
    expect(() => new AnswerBuilder({ lastMessageOnly: 'yes' })).toThrow(/'lastMessageOnly' to be a boolean, got string/);
  });

  it('merges ChatMessage meta with the given meta and reads text ("" when none)', () => {
    const replies = [ChatMessage.fromAssistant('hello', { meta: { model: 'm', a: 1 } }), ChatMessage.fromAssistant(null)];
    const { answers } = new AnswerBuilder().run({ query: 'q', replies, meta: [{ a: 2 }, {}] });
    expect(answers?.[0]?.meta).toEqual({ model: 'm', a: 2, all_messages: replies });
    expect(answers?.[1]?.data).toBe('');
  });

  it('requires one meta per reply', () => {
    expect(() => new AnswerBuilder().run({ query: 'q', replies: ['a', 'b'], meta: [{}] })).toThrow(
      'AnswerBuilder: number of replies (2), and metadata (1) must match.',
    );
  });

  it('uses only the last reply with lastMessageOnly', () => {
    const { answers } = new AnswerBuilder({ lastMessageOnly: true }).run({ query: 'q', replies: ['a', 'b'], meta: [{ i: 1 }, { i: 2 }] });
    expect(answers?.map((a) => [a.data, a.meta['i']])).toEqual([['b', 2]]);
  });
});

describe('AnswerBuilder: documents and references', () => {
  it('attaches copies of all documents with a 1-based source_index, leaving the inputs alone', () => {
    const { answers } = new AnswerBuilder().run({ query: 'q', replies: ['x'], documents: docs });
    const attached = answers?.[0]?.documents ?? [];
    expect(attached.map((d) => d.meta)).toEqual([1, 2, 3].map((i) => ({ lang: 'en', source_index: i })));
    expect(attached.map((d) => d.id)).toEqual(docs.map((d) => d.id));
    expect(docs[0]?.meta).toEqual({ lang: 'en' });
  });

  it('keeps only referenced documents, in index order, marked referenced', () => {
    const builder = new AnswerBuilder({ referencePattern: '\\[(\\d+)\\]' });
    const { answers } = builder.run({ query: 'q', replies: ['Paris [3] and [2], again [3]'], documents: docs });
    expect(answers?.[0]?.documents.map((d) => [d.content, d.meta['source_index'], d.meta['referenced']])).toEqual([
      ['Paris', 2, true],
      ['Rome', 3, true],
    ]);
  });

  it('returns every document marked when returnOnlyReferencedDocuments is false', () => {
    const builder = new AnswerBuilder({ referencePattern: '\\[(\\d+)\\]', returnOnlyReferencedDocuments: false });
    const { answers } = builder.run({ query: 'q', replies: ['The capital of France is Paris [2].'], documents: docs });
    expect(answers?.[0]?.documents.map((d) => d.meta['referenced'])).toEqual([false, true, false]);
  });

  it('warns about and skips out-of-range references, including [0] (bounds-checked as in 3.x)', () => {
    const builder = new AnswerBuilder({ referencePattern: '\\[(\\d+)\\]' });
    const warn = vi.fn();
    const previous = setLogger({ warn });
    let answers;
    try {
      ({ answers } = builder.run({ query: 'q', replies: ['[0] [4] [1]'], documents: docs }));
    } finally {
      setLogger(previous);
    }
    expect(answers?.[0]?.documents.map((d) => d.content)).toEqual(['Berlin']);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      "AnswerBuilder: document index '0' referenced in the generator output is out of range.",
      "AnswerBuilder: document index '4' referenced in the generator output is out of range.",
    ]);
  });

  it('expands reference ranges, clamping the end to the document count', () => {
    const builder = new AnswerBuilder({ referencePattern: '\\[(\\d+)\\]', expandReferenceRanges: true });
    const many = Array.from({ length: 6 }, (_, i) => new Document({ content: `d${i + 1}` }));
    const { answers } = builder.run({ query: 'q', replies: ['see [2-3,5] and [5-9] and [4-2]'], documents: many });
    expect(answers?.[0]?.documents.map((d) => d.content)).toEqual(['d2', 'd3', 'd5', 'd6']);
    // Per run the expansion can be switched off: then `[2-3,5]` does not match the plain pattern.
    const plain = builder.run({ query: 'q', replies: ['see [2-3,5] and [4]'], documents: many, expandReferenceRanges: false });
    expect(plain.answers?.[0]?.documents.map((d) => d.content)).toEqual(['d4']);
  });
});

describe('AnswerBuilder: serialization', () => {
  it("writes Haystack's init parameters and round-trips", () => {
    const dict = componentToDict(new AnswerBuilder({ pattern: 'A: (.*)' }), 'b');
    expect(dict).toEqual({
      type: 'haystack.components.builders.answer_builder.AnswerBuilder',
      init_parameters: {
        pattern: 'A: (.*)',
        reference_pattern: null,
        last_message_only: false,
        return_only_referenced_documents: true,
        expand_reference_ranges: false,
      },
    });
    const loaded = componentFromDict(dict, { registry: createDefaultRegistry(), name: 'b' }) as AnswerBuilder;
    expect(loaded.options.pattern).toBe('A: (.*)');
    expect(componentToDict(loaded, 'b')).toEqual(dict);
  });
});
