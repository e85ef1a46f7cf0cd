/** What each conversion strategy does to a value at run time, and how it fails (Haystack's `_convert_value`). */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { ConversionError, convertValue, PipelineRuntimeError, type ConversionStrategy } from '../../../src/index.js';
import { CONVERSION_STRATEGIES, isConversionStrategy } from '../../../src/core/types/conversion.js';

const asMessage = (value: unknown): ChatMessage => {
  expect(value).toBeInstanceOf(ChatMessage);
  return value as ChatMessage;
};

describe('convertValue', () => {
  it('wraps any value in a one-element list', () => {
    expect(convertValue('Hello', 'wrap')).toEqual(['Hello']);
    const message = ChatMessage.fromAssistant('Hello');
    const wrapped = convertValue(message, 'wrap') as unknown[];
    expect(wrapped).toHaveLength(1);
    expect(wrapped[0]).toBe(message);
    expect(convertValue(['already', 'a list'], 'wrap')).toEqual([['already', 'a list']]);
  });

  it('unwraps the only item of a one-element list', () => {
    expect(convertValue(['only'], 'unwrap')).toBe('only');
    const message = ChatMessage.fromAssistant('Hello');
    expect(convertValue([message], 'unwrap')).toBe(message);
  });

  it('turns a ChatMessage into its text', () => {
    expect(convertValue(ChatMessage.fromAssistant('Hello'), 'chat_message_to_str')).toBe('Hello');
    expect(convertValue(ChatMessage.fromAssistant('Hello'), 'wrap_chat_message_to_str')).toEqual(['Hello']);
    expect(convertValue([ChatMessage.fromUser('Hi')], 'unwrap_chat_message_to_str')).toBe('Hi');
  });

  it('turns a string into a user ChatMessage', () => {
    const direct = asMessage(convertValue('Hello', 'str_to_chat_message'));
    expect([direct.role, direct.text]).toEqual(['user', 'Hello']);

    const wrapped = convertValue('Hello', 'wrap_str_to_chat_message') as unknown[];
    expect(wrapped).toHaveLength(1);
    expect([asMessage(wrapped[0]).role, asMessage(wrapped[0]).text]).toEqual(['user', 'Hello']);

    const unwrapped = asMessage(convertValue(['Hello'], 'unwrap_str_to_chat_message'));
    expect([unwrapped.role, unwrapped.text]).toEqual(['user', 'Hello']);
  });

  it('rejects a ChatMessage without text', () => {
    for (const strategy of ['chat_message_to_str', 'wrap_chat_message_to_str'] as const) {
      expect(() => convertValue(ChatMessage.fromAssistant(), strategy)).toThrow(
        /Cannot convert `ChatMessage` to `string` because it has no text/,
      );
    }
    expect(() => convertValue([ChatMessage.fromAssistant()], 'unwrap_chat_message_to_str')).toThrow(ConversionError);
  });

  it.each(['unwrap', 'unwrap_str_to_chat_message', 'unwrap_chat_message_to_str'] as const)(
    '%s rejects an empty list',
    (strategy) => {
      expect(() => convertValue([], strategy)).toThrow(ConversionError);
      expect(() => convertValue([], strategy)).toThrow(/Cannot get first item of an empty list/);
    },
  );

  it.each(['unwrap', 'unwrap_str_to_chat_message', 'unwrap_chat_message_to_str'] as const)(
    '%s rejects a list of more than one item instead of dropping items',
    (strategy) => {
      const two = strategy === 'unwrap_chat_message_to_str' ? [ChatMessage.fromAssistant('x'), ChatMessage.fromAssistant('y')] : ['a', 'b'];
      expect(() => convertValue(two, strategy)).toThrow(
        'Cannot unwrap a list of 2 items to a single value: a list-to-scalar connection only accepts one-element lists',
      );
    },
  );

  it('names the count of items it refused to unwrap', () => {
    expect(() => convertValue([1, 2, 3], 'unwrap')).toThrow(/Cannot unwrap a list of 3 items to a single value/);
  });

  it('prefixes its messages with the API location and says what to do', () => {
    const error = (() => {
      try {
        convertValue(['a', 'b'], 'unwrap');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConversionError);
    expect(error).not.toBeInstanceOf(PipelineRuntimeError);
    expect((error as Error).message).toMatch(/^convertValue: /);
    expect((error as Error).message).toMatch(/Connect the sender to a list input instead/);
  });

  it('rejects values of the wrong kind for the strategy instead of guessing', () => {
    expect(() => convertValue('not a list', 'unwrap')).toThrow(/expected a list, got 'not a list'/);
    expect(() => convertValue('not a message', 'chat_message_to_str')).toThrow(/expected a ChatMessage, got 'not a message'/);
    expect(() => convertValue(42, 'str_to_chat_message')).toThrow(/expected a string, got 42/);
    expect(() => convertValue([42], 'unwrap_str_to_chat_message')).toThrow(/expected a string, got 42/);
  });

  it('rejects an unknown strategy', () => {
    expect(() => convertValue('x', 'explode' as ConversionStrategy)).toThrow(/unknown conversion strategy "explode"/);
  });
});

describe('ConversionStrategy', () => {
  it('lists the eight strategies in the priority a union receiver uses', () => {
    expect(CONVERSION_STRATEGIES).toEqual([
      'wrap',
      'unwrap',
      'chat_message_to_str',
      'str_to_chat_message',
      'wrap_chat_message_to_str',
      'wrap_str_to_chat_message',
      'unwrap_chat_message_to_str',
      'unwrap_str_to_chat_message',
    ]);
    expect(Object.isFrozen(CONVERSION_STRATEGIES)).toBe(true);
    expect(CONVERSION_STRATEGIES.every(isConversionStrategy)).toBe(true);
    expect(isConversionStrategy('WRAP')).toBe(false);
  });

  it('is a union of string literals', () => {
    expectTypeOf<'wrap'>().toExtend<ConversionStrategy>();
    expectTypeOf<'unwrap_str_to_chat_message'>().toExtend<ConversionStrategy>();
    expectTypeOf<'WRAP'>().not.toExtend<ConversionStrategy>();
    expectTypeOf(convertValue).returns.toEqualTypeOf<unknown>();
  });
});
