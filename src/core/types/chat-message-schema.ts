import type { z } from 'zod';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { classOf, defOf, resolve } from './schema-view.js';

/**
 * The two kinds Haystack's conversion strategies know: `str` and `ChatMessage`.
 */

/** True for `z.string()` (formats such as `z.email()` included): Python's `str`. Literals are not. */
export function isStringSchema(schema: z.ZodType): boolean {
  return defOf(resolve(schema)).type === 'string';
}

/** True for `z.instanceof(ChatMessage)` or of a subclass of it. */
export function isChatMessageSchema(schema: z.ZodType): boolean {
  const cls = classOf(resolve(schema));
  return cls !== undefined && (cls === ChatMessage || cls.prototype instanceof ChatMessage);
}
