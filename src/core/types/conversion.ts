import { ConversionError } from '../../errors.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { describeValue } from '../../describe.js';

/**
 * How a value is converted when it crosses a connection whose types are not strictly compatible
 * but convertible (Haystack's `ConversionStrategy`). The strings are Haystack's enum values.
 *
 * - `wrap`: `T` → `T[]`, the value becomes a one-element list.
 * - `unwrap`: `string[]` → `string` or `ChatMessage[]` → `ChatMessage`, the only element is taken.
 * - `chat_message_to_str` / `str_to_chat_message`: `ChatMessage.text` / `ChatMessage.fromUser(value)`.
 * - `wrap_*` and `unwrap_*`: the same conversions combined with a wrap or an unwrap.
 */
export type ConversionStrategy =
  | 'wrap'
  | 'unwrap'
  | 'chat_message_to_str'
  | 'str_to_chat_message'
  | 'wrap_chat_message_to_str'
  | 'wrap_str_to_chat_message'
  | 'unwrap_chat_message_to_str'
  | 'unwrap_str_to_chat_message';

/**
 * Every strategy, in the order a union receiver picks one when several of its members admit a
 * conversion (Haystack 3.x's fixed priority: plain wrap/unwrap before any ChatMessage conversion).
 */
export const CONVERSION_STRATEGIES: readonly ConversionStrategy[] = Object.freeze([
  'wrap',
  'unwrap',
  'chat_message_to_str',
  'str_to_chat_message',
  'wrap_chat_message_to_str',
  'wrap_str_to_chat_message',
  'unwrap_chat_message_to_str',
  'unwrap_str_to_chat_message',
] as const);

/** True if `value` is one of the {@link ConversionStrategy} strings. */
export function isConversionStrategy(value: unknown): value is ConversionStrategy {
  return typeof value === 'string' && (CONVERSION_STRATEGIES as readonly string[]).includes(value);
}

/**
 * Applies a conversion strategy to one value crossing a connection (Haystack's `_convert_value`).
 * The engine calls it when it delivers a sender's value to a receiver connected with a strategy.
 *
 * @throws ConversionError when the value cannot be converted: an empty list or a list of more
 *   than one item to unwrap, a `ChatMessage` without text to turn into a string, or a value of the
 *   wrong kind for the strategy.
 * @example
 * convertValue('hi', 'wrap');       // ['hi']
 * convertValue(['hi'], 'unwrap');   // 'hi'
 * convertValue('hi', 'str_to_chat_message'); // ChatMessage.fromUser('hi')
 */
export function convertValue(value: unknown, strategy: ConversionStrategy): unknown {
  switch (strategy) {
    case 'wrap':
      return [value];
    case 'unwrap':
      return onlyItem(value, strategy);
    case 'chat_message_to_str':
      return chatMessageText(value, strategy);
    case 'str_to_chat_message':
      return toChatMessage(value, strategy);
    case 'wrap_chat_message_to_str':
      return [chatMessageText(value, strategy)];
    case 'wrap_str_to_chat_message':
      return [toChatMessage(value, strategy)];
    case 'unwrap_chat_message_to_str':
      return chatMessageText(onlyItem(value, strategy), strategy);
    case 'unwrap_str_to_chat_message':
      return toChatMessage(onlyItem(value, strategy), strategy);
    default:
      throw new ConversionError(
        `convertValue: unknown conversion strategy ${JSON.stringify(strategy as unknown)}; expected one of ${CONVERSION_STRATEGIES.join(', ')}.`,
      );
  }
}

function onlyItem(value: unknown, strategy: ConversionStrategy): unknown {
  if (!Array.isArray(value)) {
    throw new ConversionError(
      `convertValue: the '${strategy}' conversion expected a list, got ${describeValue(value)}. The sender declared a list output but returned something else.`,
    );
  }
  if (value.length === 0) {
    throw new ConversionError(
      `convertValue: Cannot get first item of an empty list. The '${strategy}' conversion (list to single value) needs exactly one item; connect the sender to a list input to pass empty lists.`,
    );
  }
  if (value.length > 1) {
    throw new ConversionError(
      `convertValue: Cannot unwrap a list of ${value.length} items to a single value: a list-to-scalar connection only accepts one-element lists; otherwise items would be silently dropped. Connect the sender to a list input instead.`,
    );
  }
  return value[0];
}

function chatMessageText(value: unknown, strategy: ConversionStrategy): string {
  if (!(value instanceof ChatMessage)) {
    throw new ConversionError(
      `convertValue: the '${strategy}' conversion expected a ChatMessage, got ${describeValue(value)}.`,
    );
  }
  const text = value.text;
  if (text === undefined) {
    throw new ConversionError(
      `convertValue: Cannot convert \`ChatMessage\` to \`string\` because it has no text (role '${value.role}'). Connect it to a ChatMessage input, or make sure the message carries text.`,
    );
  }
  return text;
}

function toChatMessage(value: unknown, strategy: ConversionStrategy): ChatMessage {
  if (typeof value !== 'string') {
    throw new ConversionError(`convertValue: the '${strategy}' conversion expected a string, got ${describeValue(value)}.`);
  }
  return ChatMessage.fromUser(value);
}

