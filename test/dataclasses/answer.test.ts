import { describe, expect, it } from 'vitest';
import { ExtractedAnswer, GeneratedAnswer } from '../../src/dataclasses/answer.js';
import { ChatMessage } from '../../src/dataclasses/chat-message.js';
import { Document } from '../../src/dataclasses/document.js';
import { DeserializationError } from '../../src/errors.js';

describe('GeneratedAnswer', () => {
  it("serializes to Haystack's layout with nested documents and ChatMessages as dicts, and back", () => {
    const doc = new Document({ content: 'Paris', meta: { source_index: 1 } });
    const messages = [ChatMessage.fromAssistant('Paris')];
    const answer = new GeneratedAnswer({ data: 'Paris', query: 'Capital?', documents: [doc], meta: { all_messages: messages, model: 'm' } });
    const dict = answer.toDict();
    expect(dict).toEqual({
      type: 'haystack.dataclasses.answer.GeneratedAnswer',
      init_parameters: {
        data: 'Paris',
        query: 'Capital?',
        documents: [doc.toDict({ flatten: false })],
        meta: { all_messages: [messages[0]?.toDict()], model: 'm' },
      },
    });
    const back = GeneratedAnswer.fromDict(structuredClone(dict));
    expect(back.documents[0]?.equals(doc)).toBe(true);
    expect(back.meta['all_messages']).toEqual(messages);
    expect(back.toDict()).toEqual(dict);
  });

  it('keeps string replies in all_messages as strings, defaults documents and meta', () => {
    const answer = new GeneratedAnswer({ data: 'a', query: 'q', meta: { all_messages: ['a'] } });
    expect(GeneratedAnswer.fromDict(answer.toDict()).meta).toEqual({ all_messages: ['a'] });
    expect(new GeneratedAnswer({ data: 'a', query: 'q' }).documents).toEqual([]);
    expect(new GeneratedAnswer({ data: 'a', query: 'q' }).score).toBeUndefined();
  });

  it('refuses the wrong type', () => {
    expect(() => GeneratedAnswer.fromDict({ type: 'x.Y', init_parameters: {} })).toThrow(DeserializationError);
    expect(() => GeneratedAnswer.fromDict({ type: 'x.Y', init_parameters: {} })).toThrow(/expected type 'haystack.dataclasses.answer.GeneratedAnswer', got 'x.Y'/);
  });
});

describe('ExtractedAnswer', () => {
  it('round-trips with its document and offsets', () => {
    const answer = new ExtractedAnswer({
      query: 'q',
      score: 0.7,
      data: 'Paris',
      document: new Document({ content: 'Paris is nice' }),
      context: 'Paris is nice',
      documentOffset: { start: 0, end: 5 },
      contextOffset: { start: 0, end: 5 },
    });
    const dict = answer.toDict();
    expect(dict.type).toBe('haystack.dataclasses.answer.ExtractedAnswer');
    expect(dict.init_parameters).toMatchObject({ data: 'Paris', score: 0.7, document_offset: { start: 0, end: 5 }, meta: {} });
    expect(ExtractedAnswer.fromDict(dict).toDict()).toEqual(dict);
  });

  it('writes a "no answer" candidate with nulls', () => {
    expect(new ExtractedAnswer({ query: 'q', score: 0.1 }).toDict().init_parameters).toEqual({
      data: null,
      query: 'q',
      document: null,
      context: null,
      score: 0.1,
      document_offset: null,
      context_offset: null,
      meta: {},
    });
  });
});
