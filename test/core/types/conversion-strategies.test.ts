/**
 * Which conversion strategy a connection gets (Haystack's `_get_conversion_strategy`), ported from
 * test/core/test_type_utils.py `TestConversion` and the connect tests of test_pipeline_base.py.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { typesAreCompatible } from '../../../src/index.js';
import {
  any,
  ByteStream,
  chatMessage,
  Class1,
  Class3,
  cls,
  dict,
  document,
  float,
  GeneratedAnswer,
  int,
  list,
  nullable,
  optional,
  str,
  union,
  verdict,
} from './fixtures.js';

type Case = [label: string, sender: z.ZodType, receiver: z.ZodType, expected: string];

describe('strict pairs need no conversion', () => {
  it.each<Case>([
    ['str → Optional[str]', str(), optional(str()), 'strict'],
    ['str → str | None', str(), nullable(str()), 'strict'],
    ['str → Union[str, int]', str(), union(str(), int()), 'strict'],
    ['list[str] → list[str]', list(str()), list(str()), 'strict'],
  ])('%s', (_l, s, r, expected) => {
    expect(verdict(s, r)).toBe(expected);
  });

  it('returns conversion: undefined, as a present key, for strict pairs', () => {
    const result = typesAreCompatible(str(), str());
    expect(result).toStrictEqual({ compatible: true, conversion: undefined });
    expect('conversion' in result).toBe(true);
  });
});

describe('direct conversions', () => {
  it.each<Case>([
    ['ChatMessage → str', chatMessage(), str(), 'chat_message_to_str'],
    ['str → ChatMessage', str(), chatMessage(), 'str_to_chat_message'],
    ['str → list[str]', str(), list(str()), 'wrap'],
    ['ChatMessage → list[str]', chatMessage(), list(str()), 'wrap_chat_message_to_str'],
    ['str → list[ChatMessage]', str(), list(chatMessage()), 'wrap_str_to_chat_message'],
    ['list[str] → str', list(str()), str(), 'unwrap'],
    ['list[ChatMessage] → ChatMessage', list(chatMessage()), chatMessage(), 'unwrap'],
    ['list[ChatMessage] → str', list(chatMessage()), str(), 'unwrap_chat_message_to_str'],
    ['list[str] → ChatMessage', list(str()), chatMessage(), 'unwrap_str_to_chat_message'],
    ['list[str] → Optional[str]', list(str()), optional(str()), 'unwrap'],
    ['list[ChatMessage] → Optional[ChatMessage]', list(chatMessage()), optional(chatMessage()), 'unwrap'],
    ['ChatMessage → list[str | None]', chatMessage(), list(nullable(str())), 'wrap_chat_message_to_str'],
    ['str → list[ChatMessage | None]', str(), list(nullable(chatMessage())), 'wrap_str_to_chat_message'],
    ['Document → list[Document]', document(), list(document()), 'wrap'],
    ['Class3 → list[Class1] (wrap needs only strict compatibility with the element)', cls(Class3), list(cls(Class1)), 'wrap'],
    ['str | int → list[str | int]', union(str(), int()), list(union(str(), int())), 'wrap'],
    ['int → list[float] (an int is a number)', int(), list(float()), 'wrap'],
  ])('%s', (_l, s, r, expected) => {
    expect(verdict(s, r)).toBe(expected);
  });

  it('recognises subclasses of ChatMessage as ChatMessage', () => {
    class TracedMessage extends ChatMessage {}
    expect(verdict(z.instanceof(TracedMessage), str())).toBe('chat_message_to_str');
    expect(verdict(list(z.instanceof(TracedMessage)), str())).toBe('unwrap_chat_message_to_str');
  });

  it('looks through defaults and readonly wrappers on either side', () => {
    expect(verdict(str(), list(str()).default([]))).toBe('wrap');
    expect(verdict(list(str()).readonly(), str())).toBe('unwrap');
  });
});

describe('union receivers pick by a fixed priority (Haystack 3.x)', () => {
  it.each<Case>([
    ['ChatMessage → list[str] | list[ChatMessage]: wrap beats wrap_chat_message_to_str', chatMessage(), union(list(str()), list(chatMessage())), 'wrap'],
    ['ChatMessage → list[ChatMessage] | list[str] (member order does not matter)', chatMessage(), union(list(chatMessage()), list(str())), 'wrap'],
    ['str → list[str] | list[ChatMessage]', str(), union(list(str()), list(chatMessage())), 'wrap'],
    ['list[ChatMessage] → str | ChatMessage: unwrap beats unwrap_chat_message_to_str', list(chatMessage()), union(str(), chatMessage()), 'unwrap'],
    ['list[str] → str | ChatMessage', list(str()), union(str(), chatMessage()), 'unwrap'],
    ['list[str] → ChatMessage | str', list(str()), union(chatMessage(), str()), 'unwrap'],
    ['ChatMessage → str | int', chatMessage(), union(str(), int()), 'chat_message_to_str'],
    ['str → ChatMessage | int', str(), union(chatMessage(), int()), 'str_to_chat_message'],
    ['ChatMessage → list[ChatMessage] | None', chatMessage(), nullable(list(chatMessage())), 'wrap'],
    ['ChatMessage → Optional[list[ChatMessage]]', chatMessage(), optional(list(chatMessage())), 'wrap'],
    ['ChatMessage → str | list[str]: chat_message_to_str beats wrap_chat_message_to_str', chatMessage(), union(list(str()), str()), 'chat_message_to_str'],
    ['str → list[ChatMessage] | ChatMessage', str(), union(list(chatMessage()), chatMessage()), 'str_to_chat_message'],
    ['list[ChatMessage] → list[str] | str: only the str member converts', list(chatMessage()), union(list(str()), str()), 'unwrap_chat_message_to_str'],
  ])('%s', (_l, s, r, expected) => {
    expect(verdict(s, r)).toBe(expected);
  });
});

describe('rejected conversions', () => {
  it.each<[string, z.ZodType, z.ZodType]>([
    ['Optional[str] → str', optional(str()), str()],
    ['str | None → str', nullable(str()), str()],
    ['int → str', int(), str()],
    ['str | ChatMessage → str (its strings would need no conversion, its messages one)', union(str(), chatMessage()), str()],
    ['str | int → int', union(str(), int()), int()],
    ['int → str | ChatMessage', int(), union(str(), chatMessage())],
    ['list[list[str]] → list[str] (no multi-level unwrap)', list(list(str())), list(str())],
    ['str → list[list[str]] (no multi-level wrap)', str(), list(list(str()))],
    ['list[str | int] → ChatMessage', list(union(str(), int())), chatMessage()],
    ['list[str | int] → str', list(union(str(), int())), str()],
    ['list[str | ChatMessage] → ChatMessage', list(union(str(), chatMessage())), chatMessage()],
    ['list[str | ChatMessage] → str', list(union(str(), chatMessage())), str()],
    ['list[str | None] → str', list(nullable(str())), str()],
    ['list[Optional[str]] → str', list(optional(str())), str()],
    ['list[str | None] → ChatMessage', list(nullable(str())), chatMessage()],
    ['list[ChatMessage | None] → str', list(nullable(chatMessage())), str()],
    ['Optional[list[str]] → str (the missing list has no strategy)', optional(list(str())), str()],
    ['list[ChatMessage] → list[str]', list(chatMessage()), list(str())],
    ["Literal['a'] → ChatMessage (only plain strings become messages)", z.literal('a'), chatMessage()],
  ])('%s', (_l, s, r) => {
    expect(typesAreCompatible(s, r)).toStrictEqual({ compatible: false });
  });

  it.each<[string, z.ZodType, z.ZodType]>([
    ['list[Document] → Document', list(document()), document()],
    ['list[GeneratedAnswer] → GeneratedAnswer', list(cls(GeneratedAnswer)), cls(GeneratedAnswer)],
    ['list[ByteStream] → ByteStream', list(cls(ByteStream)), cls(ByteStream)],
    ['list[int] → int', list(int()), int()],
    ['list[float] → float', list(float()), float()],
    ['list[bytes] → bytes', list(z.instanceof(Uint8Array)), z.instanceof(Uint8Array)],
    ['list[dict] → dict', list(dict()), dict()],
    ['list[Class1] → Class1', list(cls(Class1)), cls(Class1)],
    ['list[Class3] → Class1', list(cls(Class3)), cls(Class1)],
    ['list[Document] → Optional[Document]', list(document()), optional(document())],
    ['list[Document] → Document | None', list(document()), nullable(document())],
    ['list[Document] → Union[Document, int]', list(document()), union(document(), int())],
    ['list[Any] → str', list(any()), str()],
    ['list[list[str]] → str', list(list(str())), str()],
  ])('never unwraps anything but strings and ChatMessages: %s', (_l, s, r) => {
    expect(typesAreCompatible(s, r)).toStrictEqual({ compatible: false });
  });
});
