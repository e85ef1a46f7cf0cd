/**
 * `ChatMessage` and its content parts (Haystack's `haystack/dataclasses/chat_message.py`).
 *
 * Content parts are plain frozen objects with a `type` discriminant, so they narrow with a `switch`
 * and survive `structuredClone`. Field names are camelCased; `toDict()` writes Haystack 2.31's
 * snake_case layout so messages round-trip with Python Haystack.
 */
import { DeserializationError, HaystackError } from '../errors.js';
import { pythonEquals } from '../python/equals.js';

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

/** Options shared by the message factories. */
export interface ChatMessageOptions {
  readonly meta?: Record<string, unknown> | undefined;
  /** Participant name; only OpenAI uses it. */
  readonly name?: string | null | undefined;
}

/** Options of {@link ChatMessage.fromAssistant}. */
export interface AssistantMessageOptions extends ChatMessageOptions {
  readonly toolCalls?: readonly ToolCall[] | undefined;
  readonly reasoning?: string | ReasoningContent | undefined;
}

/** Options of {@link ChatMessage.fromTool}. */
export interface ToolMessageOptions {
  readonly error?: boolean | undefined;
  readonly meta?: Record<string, unknown> | undefined;
}

/** Haystack 2.31's serialized message: `{ role, meta, name, content: [...] }`. */
export interface ChatMessageDict {
  role: ChatRole;
  meta: Record<string, unknown>;
  name: string | null;
  content: Record<string, unknown>[];
}

/**
 * A message of a chat conversation: a role, an ordered list of content parts, an optional
 * participant name and free metadata. Immutable; build it with the static factories.
 *
 * @example
 * const messages = [ChatMessage.fromSystem('Be brief.'), ChatMessage.fromUser('What is Haystack?')];
 * messages[1].text; // 'What is Haystack?'
 */
export class ChatMessage {
  readonly #role: ChatRole;
  readonly #content: readonly ChatMessageContent[];
  readonly #name: string | null;
  readonly #meta: Readonly<Record<string, unknown>>;

  /** Prefer the factories; the constructor takes parts as they are (no role-specific checks). */
  constructor(init: {
    role: ChatRole;
    content: readonly ChatMessageContent[];
    name?: string | null | undefined;
    meta?: Record<string, unknown> | undefined;
  }) {
    if (!isChatRole(init.role)) {
      throw new HaystackError(
        `ChatMessage: unknown chat role '${String(init.role)}'. Supported roles are: ${CHAT_ROLES.join(', ')}.`,
      );
    }
    this.#role = init.role;
    this.#content = Object.freeze([...init.content]);
    this.#name = init.name ?? null;
    this.#meta = init.meta ?? {};
  }

  /**
   * A user message: either text or a list of parts (strings become text parts; text, image and
   * file parts are allowed).
   */
  static fromUser(
    textOrParts: string | readonly (string | TextContent | ImageContent | FileContent)[],
    options: ChatMessageOptions = {},
  ): ChatMessage {
    let content: ChatMessageContent[];
    if (typeof textOrParts === 'string') {
      content = [textContent(textOrParts)];
    } else if (Array.isArray(textOrParts)) {
      content = textOrParts.map((part: unknown) => {
        if (typeof part === 'string') return textContent(part);
        if (isPart(part) && (part.type === 'text' || part.type === 'image' || part.type === 'file')) return part;
        throw new HaystackError(
          `ChatMessage.fromUser: a user message may contain only text, image or file parts, got ${describePart(part)}.`,
        );
      });
      if (content.length === 0) {
        throw new HaystackError('ChatMessage.fromUser: the user message must contain at least one content part (text, image, file).');
      }
    } else {
      throw new HaystackError(`ChatMessage.fromUser: expected a string or a list of content parts, got ${describePart(textOrParts)}.`);
    }
    return new ChatMessage({ role: 'user', content, name: options.name, meta: { ...options.meta } });
  }

  /** A system message with one text part. */
  static fromSystem(text: string, options: ChatMessageOptions = {}): ChatMessage {
    return new ChatMessage({ role: 'system', content: [textContent(text)], name: options.name, meta: { ...options.meta } });
  }

  /**
   * An assistant message. Parts are ordered reasoning, text, tool calls; `text` may be null (a
   * message with only tool calls), and an empty message is allowed, as in Haystack.
   */
  static fromAssistant(text?: string | null, options: AssistantMessageOptions = {}): ChatMessage {
    const content: ChatMessageContent[] = [];
    const { reasoning, toolCalls } = options;
    if (typeof reasoning === 'string' ? reasoning.length > 0 : reasoning !== undefined) {
      content.push(typeof reasoning === 'string' ? reasoningContent(reasoning) : (reasoning as ReasoningContent));
    }
    if (text !== undefined && text !== null) content.push(textContent(text));
    if (toolCalls !== undefined) content.push(...toolCalls);
    return new ChatMessage({ role: 'assistant', content, name: options.name, meta: { ...options.meta } });
  }

  /** A tool message carrying the result of the tool call `origin`. */
  static fromTool(
    result: string | readonly (TextContent | ImageContent)[],
    origin: ToolCall,
    options: ToolMessageOptions = {},
  ): ChatMessage {
    return new ChatMessage({
      role: 'tool',
      content: [toolCallResult(result, origin, options.error ?? false)],
      meta: { ...options.meta },
    });
  }

  get role(): ChatRole {
    return this.#role;
  }
  get meta(): Readonly<Record<string, unknown>> {
    return this.#meta;
  }
  get name(): string | null {
    return this.#name;
  }
  /** All parts, in order. */
  get content(): readonly ChatMessageContent[] {
    return this.#content;
  }
  /** Number of content parts (Python's `len(message)`). */
  get length(): number {
    return this.#content.length;
  }
  /** Every text part's text. */
  get texts(): string[] {
    return this.#ofType('text').map((p) => p.text);
  }
  /** The first text, or undefined. */
  get text(): string | undefined {
    return this.#ofType('text')[0]?.text;
  }
  get toolCalls(): ToolCall[] {
    return this.#ofType('tool_call');
  }
  get toolCall(): ToolCall | undefined {
    return this.toolCalls[0];
  }
  get toolCallResults(): ToolCallResult[] {
    return this.#ofType('tool_call_result');
  }
  get toolCallResult(): ToolCallResult | undefined {
    return this.toolCallResults[0];
  }
  get images(): ImageContent[] {
    return this.#ofType('image');
  }
  get image(): ImageContent | undefined {
    return this.images[0];
  }
  get files(): FileContent[] {
    return this.#ofType('file');
  }
  get file(): FileContent | undefined {
    return this.files[0];
  }
  get reasonings(): ReasoningContent[] {
    return this.#ofType('reasoning');
  }
  get reasoning(): ReasoningContent | undefined {
    return this.reasonings[0];
  }

  /** True if the message has the given role. */
  isFrom(role: ChatRole): boolean {
    return this.#role === role;
  }

  /** A copy with some fields replaced (messages are immutable). */
  with(changes: {
    content?: readonly ChatMessageContent[];
    name?: string | null;
    meta?: Record<string, unknown>;
  }): ChatMessage {
    return new ChatMessage({
      role: this.#role,
      content: changes.content ?? this.#content,
      name: changes.name === undefined ? this.#name : changes.name,
      meta: changes.meta ?? { ...this.#meta },
    });
  }

  /** Deep equality on role, content, name and meta (Haystack's dataclass equality). */
  equals(other: unknown): boolean {
    return other instanceof ChatMessage && pythonEquals(this.toDict(), other.toDict());
  }

  /** Haystack 2.31's serialized layout: `{ role, meta, name, content }`. */
  toDict(): ChatMessageDict {
    return {
      role: this.#role,
      meta: structuredCloneJson(this.#meta),
      name: this.#name,
      content: this.#content.map(serializePart),
    };
  }

  /** `JSON.stringify(message)` writes the serialized layout. */
  toJSON(): ChatMessageDict {
    return this.toDict();
  }

  /**
   * Reads the current layout, the pre-2.9 one (`content` is a string) and the 2.9–2.12 one
   * (`_role`, `_content`, `_name`, `_meta`).
   */
  static fromDict(data: unknown): ChatMessage {
    if (!isRecord(data)) {
      throw new DeserializationError(`ChatMessage.fromDict: expected an object, got ${describePart(data)}.`);
    }
    if (!('role' in data) && !('_role' in data)) {
      throw new DeserializationError(
        `ChatMessage.fromDict: the \`role\` field is required in the message dictionary; expected one of: ${CHAT_ROLES.join(', ')}. ` +
          `Received keys: ${Object.keys(data).join(', ') || '(none)'}.`,
      );
    }
    const legacy = !('content' in data) && '_content' in data;
    const role = legacy ? data['_role'] : data['role'];
    if (!isChatRole(role)) {
      throw new DeserializationError(
        `ChatMessage.fromDict: unknown chat role '${String(role)}'. Supported roles are: ${CHAT_ROLES.join(', ')}.`,
      );
    }
    const rawContent = legacy ? data['_content'] : data['content'];
    const rawName = legacy ? data['_name'] : data['name'];
    const rawMeta = legacy ? data['_meta'] : data['meta'];
    if (!legacy && !('content' in data)) {
      throw new DeserializationError("ChatMessage.fromDict: missing 'content' or '_content' in the serialized ChatMessage.");
    }
    let content: ChatMessageContent[];
    if (Array.isArray(rawContent)) content = rawContent.map(deserializePart);
    else if (typeof rawContent === 'string') content = [textContent(rawContent)];
    else {
      throw new DeserializationError(
        `ChatMessage.fromDict: unsupported content type in the serialized ChatMessage: expected a list or a string, got ${describePart(rawContent)}.`,
      );
    }
    if (rawName !== undefined && rawName !== null && typeof rawName !== 'string') {
      throw new DeserializationError(`ChatMessage.fromDict: expected 'name' to be a string or null, got ${describePart(rawName)}.`);
    }
    if (rawMeta !== undefined && rawMeta !== null && !isRecord(rawMeta)) {
      throw new DeserializationError(`ChatMessage.fromDict: expected 'meta' to be an object, got ${describePart(rawMeta)}.`);
    }
    return new ChatMessage({ role, content, name: rawName ?? null, meta: rawMeta ?? {} });
  }

  toString(): string {
    return `ChatMessage(role=${this.#role}, content=${JSON.stringify(this.toDict().content)}, name=${this.#name ?? 'null'})`;
  }

  #ofType<T extends ChatMessageContent['type']>(type: T): Extract<ChatMessageContent, { type: T }>[] {
    return this.#content.filter((p): p is Extract<ChatMessageContent, { type: T }> => p.type === type);
  }
}

/** Writes one content part in Haystack's layout (flat `{ text }`, or wrapped `{ tool_call: {...} }`). */
export function serializePart(part: ChatMessageContent): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'tool_call':
      return { tool_call: toolCallToDict(part) };
    case 'tool_call_result':
      return {
        tool_call_result: {
          result: typeof part.result === 'string' ? part.result : part.result.map(serializePart),
          origin: toolCallToDict(part.origin),
          error: part.error,
        },
      };
    case 'image':
      return {
        image: {
          base64_image: part.base64Image,
          mime_type: part.mimeType,
          detail: part.detail,
          meta: structuredCloneJson(part.meta),
          validation: true,
        },
      };
    case 'reasoning':
      return { reasoning: { reasoning_text: part.reasoningText, extra: structuredCloneJson(part.extra) } };
    case 'file':
      return {
        file: {
          base64_data: part.base64Data,
          mime_type: part.mimeType,
          filename: part.filename,
          extra: structuredCloneJson(part.extra),
          validation: true,
        },
      };
  }
}

function toolCallToDict(call: ToolCall): Record<string, unknown> {
  return {
    tool_name: call.toolName,
    arguments: structuredCloneJson(call.arguments),
    id: call.id,
    extra: call.extra === null ? null : structuredCloneJson(call.extra),
  };
}

/** Reads one serialized content part (Haystack's flat text form or a wrapped part). */
export function deserializePart(raw: unknown): ChatMessageContent {
  if (!isRecord(raw)) throw unsupportedPart(raw);
  if ('text' in raw) {
    if (typeof raw['text'] !== 'string') throw unsupportedPart(raw);
    return textContent(raw['text']);
  }
  const inner = (key: string): Record<string, unknown> | undefined => {
    const v = raw[key];
    return isRecord(v) ? v : undefined;
  };
  const call = inner('tool_call');
  if (call) return toolCallFromDict(call);
  const result = inner('tool_call_result');
  if (result) {
    if (!('result' in result) || !('origin' in result) || !('error' in result)) {
      throw new DeserializationError(
        `ChatMessage.fromDict: fields 'result', 'origin', 'error' are required for a tool call result; got keys ${Object.keys(result).join(', ')}.`,
      );
    }
    const origin = result['origin'];
    if (!isRecord(origin)) throw unsupportedPart(raw);
    const value = result['result'];
    let parsed: string | (TextContent | ImageContent)[];
    if (typeof value === 'string') parsed = value;
    else if (Array.isArray(value)) {
      parsed = value.map((p) => {
        const part = deserializePart(p);
        if (part.type !== 'text' && part.type !== 'image') throw unsupportedPart(p);
        return part;
      });
    } else throw unsupportedPart(raw);
    return toolCallResult(parsed, toolCallFromDict(origin), result['error'] === true);
  }
  const image = inner('image');
  if (image && typeof image['base64_image'] === 'string') {
    return imageContent({
      base64Image: image['base64_image'],
      mimeType: optionalString(image['mime_type']),
      detail: optionalString(image['detail']) as ImageContent['detail'],
      meta: isRecord(image['meta']) ? image['meta'] : {},
    });
  }
  const reasoning = inner('reasoning');
  if (reasoning && typeof reasoning['reasoning_text'] === 'string') {
    return reasoningContent(reasoning['reasoning_text'], isRecord(reasoning['extra']) ? reasoning['extra'] : {});
  }
  const file = inner('file');
  if (file && typeof file['base64_data'] === 'string') {
    return fileContent({
      base64Data: file['base64_data'],
      mimeType: optionalString(file['mime_type']),
      filename: optionalString(file['filename']),
      extra: isRecord(file['extra']) ? file['extra'] : {},
    });
  }
  throw unsupportedPart(raw);
}

function toolCallFromDict(data: Record<string, unknown>): ToolCall {
  if (typeof data['tool_name'] !== 'string' || !isRecord(data['arguments'])) {
    throw new DeserializationError(
      `ChatMessage.fromDict: a tool call needs a string 'tool_name' and an object 'arguments', got ${JSON.stringify(data)}.`,
    );
  }
  return toolCall({
    toolName: data['tool_name'],
    arguments: data['arguments'],
    id: optionalString(data['id']),
    extra: isRecord(data['extra']) ? data['extra'] : null,
  });
}

function unsupportedPart(part: unknown): DeserializationError {
  return new DeserializationError(
    `ChatMessage.fromDict: unsupported content part in the serialized ChatMessage: ${safeJson(part)}. Each part must be an object ` +
      "with one of the keys 'text', 'image', 'file', 'reasoning', 'tool_call' or 'tool_call_result', e.g. [{ text: 'Hello' }].",
  );
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPart(value: unknown): value is ChatMessageContent {
  return isRecord(value) && typeof value['type'] === 'string';
}

function describePart(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return safeJson(value);
  return typeof value;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function structuredCloneJson<T>(value: T): T {
  // Serialized dicts must not alias the message's own objects; values that cannot be cloned
  // (functions in meta) are passed through rather than failing serialization of the whole message.
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
