/**
 * `ChatMessage` (Haystack's `haystack/dataclasses/chat_message.py`). Its content parts are in
 * `chat-message-content.ts` and their serialized layout in `chat-message-codec.ts`. Field names are
 * camelCased; `toDict()` writes Haystack 2.31's snake_case layout so messages round-trip with Python
 * Haystack.
 */
import { DeserializationError, HaystackError } from '../errors.js';
import { pythonEquals } from '../python/equals.js';
import {
  type ChatMessageContent,
  type TextContent,
  type ToolCall,
  type ImageContent,
  type FileContent,
  type ToolCallResult,
  type ReasoningContent,
  type ChatRole,
  CHAT_ROLES,
  isChatRole,
  textContent,
  toolCall,
  reasoningContent,
  toolCallResult,
} from './chat-message-content.js';
import { serializePart, deserializePart, isRecord, describePart, structuredCloneJson, isPart } from './chat-message-codec.js';

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
