/**
 * The content parts of a `ChatMessage` (text, tool calls and results, images, files, reasoning)
 * and their factories: plain frozen objects with a `type` discriminant, so they narrow with a
 * `switch` and survive `structuredClone`.
 */

/** The four chat roles. */
export const CHAT_ROLES = ['user', 'system', 'assistant', 'tool'] as const;
/** A chat role (Haystack's `ChatRole`). */
export type ChatRole = (typeof CHAT_ROLES)[number];

/** True if `value` is one of {@link CHAT_ROLES}. */
export function isChatRole(value: unknown): value is ChatRole {
  return typeof value === 'string' && (CHAT_ROLES as readonly string[]).includes(value);
}

/** Plain text. */
export interface TextContent {
  readonly type: 'text';
  readonly text: string;
}

/** A tool call prepared by the model. */
export interface ToolCall {
  readonly type: 'tool_call';
  readonly toolName: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** Provider id of the call; OpenAI requires it to match a tool result to its call. */
  readonly id: string | null;
  readonly extra: Readonly<Record<string, unknown>> | null;
}

/** An image, base64-encoded. */
export interface ImageContent {
  readonly type: 'image';
  readonly base64Image: string;
  readonly mimeType: string | null;
  /** OpenAI only: `auto`, `high` or `low`. */
  readonly detail: 'auto' | 'high' | 'low' | null;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A file (e.g. PDF), base64-encoded. */
export interface FileContent {
  readonly type: 'file';
  readonly base64Data: string;
  readonly mimeType: string | null;
  readonly filename: string | null;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** The result of a tool invocation. */
export interface ToolCallResult {
  readonly type: 'tool_call_result';
  readonly result: string | readonly (TextContent | ImageContent)[];
  readonly origin: ToolCall;
  readonly error: boolean;
}

/** Reasoning text produced by a model. */
export interface ReasoningContent {
  readonly type: 'reasoning';
  readonly reasoningText: string;
  readonly extra: Readonly<Record<string, unknown>>;
}

/** Any content part of a message. */
export type ChatMessageContent =
  | TextContent
  | ToolCall
  | ToolCallResult
  | ImageContent
  | ReasoningContent
  | FileContent;

/** Builds a {@link TextContent}. */
export function textContent(text: string): TextContent {
  return Object.freeze({ type: 'text', text });
}

/** Builds a {@link ToolCall}. */
export function toolCall(init: {
  toolName: string;
  arguments?: Record<string, unknown>;
  id?: string | null;
  extra?: Record<string, unknown> | null;
}): ToolCall {
  return Object.freeze({
    type: 'tool_call',
    toolName: init.toolName,
    arguments: init.arguments ?? {},
    id: init.id ?? null,
    extra: init.extra ?? null,
  });
}

/** Builds an {@link ImageContent}. */
export function imageContent(init: {
  base64Image: string;
  mimeType?: string | null;
  detail?: 'auto' | 'high' | 'low' | null;
  meta?: Record<string, unknown>;
}): ImageContent {
  return Object.freeze({
    type: 'image',
    base64Image: init.base64Image,
    mimeType: init.mimeType ?? null,
    detail: init.detail ?? null,
    meta: init.meta ?? {},
  });
}

/** Builds a {@link FileContent}. */
export function fileContent(init: {
  base64Data: string;
  mimeType?: string | null;
  filename?: string | null;
  extra?: Record<string, unknown>;
}): FileContent {
  return Object.freeze({
    type: 'file',
    base64Data: init.base64Data,
    mimeType: init.mimeType ?? null,
    filename: init.filename ?? null,
    extra: init.extra ?? {},
  });
}

/** Builds a {@link ReasoningContent}. */
export function reasoningContent(reasoningText: string, extra: Record<string, unknown> = {}): ReasoningContent {
  return Object.freeze({ type: 'reasoning', reasoningText, extra });
}

/** Builds a {@link ToolCallResult}. */
export function toolCallResult(
  result: string | readonly (TextContent | ImageContent)[],
  origin: ToolCall,
  error = false,
): ToolCallResult {
  return Object.freeze({ type: 'tool_call_result', result, origin, error });
}
