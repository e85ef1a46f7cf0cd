/**
 * Streaming dataclasses (Haystack's `haystack/dataclasses/streaming_chunk.py`): what a chat
 * generator hands to a streaming callback, one chunk at a time.
 */
import { DeserializationError, HaystackError } from '../errors.js';
import { reasoningContent, type ReasoningContent, type ToolCallResult } from './chat-message-content.js';
import { deserializePart, serializePart } from './chat-message-codec.js';

/** Why generation stopped; OpenAI's values plus Haystack's `tool_call_results`. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'tool_call_results';

const FINISH_REASONS: readonly string[] = ['stop', 'length', 'tool_calls', 'content_filter', 'tool_call_results'];

/** A (partial) tool call inside a streamed chunk; `arguments` is a JSON fragment. */
export interface ToolCallDelta {
  readonly index: number;
  readonly toolName: string | null;
  readonly arguments: string | null;
  readonly id: string | null;
  readonly extra: Readonly<Record<string, unknown>> | null;
}

/** Builds a {@link ToolCallDelta}. */
export function toolCallDelta(init: {
  index: number;
  toolName?: string | null | undefined;
  arguments?: string | null | undefined;
  id?: string | null | undefined;
  extra?: Record<string, unknown> | null | undefined;
}): ToolCallDelta {
  return Object.freeze({
    index: init.index,
    toolName: init.toolName ?? null,
    arguments: init.arguments ?? null,
    id: init.id ?? null,
    extra: init.extra ?? null,
  });
}

/** Which component produced a chunk: its type name and its name in the pipeline (null outside one). */
export class ComponentInfo {
  constructor(
    readonly type: string,
    readonly name: string | null = null,
  ) {}

  /** From a component instance and the name the pipeline gave it (`RunContext.componentName`). */
  static fromComponent(component: { readonly typeName: string }, name?: string | null): ComponentInfo {
    return new ComponentInfo(component.typeName, name ?? null);
  }

  toDict(): { type: string; name: string | null } {
    return { type: this.type, name: this.name };
  }

  static fromDict(data: unknown): ComponentInfo {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') {
      throw new DeserializationError(`ComponentInfo.fromDict: expected { type: string, name?: string }, got ${JSON.stringify(data)}.`);
    }
    const { type, name } = data as { type: string; name?: unknown };
    return new ComponentInfo(type, typeof name === 'string' ? name : null);
  }
}

/** Init fields of a {@link StreamingChunk}. */
export interface StreamingChunkInit {
  readonly content: string;
  readonly meta?: Record<string, unknown> | undefined;
  readonly componentInfo?: ComponentInfo | null | undefined;
  /** Which content block the chunk belongs to; required with tool calls, a tool result or reasoning. */
  readonly index?: number | null | undefined;
  readonly toolCalls?: readonly ToolCallDelta[] | null | undefined;
  readonly toolCallResult?: ToolCallResult | null | undefined;
  /** True on the first chunk of a content block. */
  readonly start?: boolean | undefined;
  readonly finishReason?: FinishReason | null | undefined;
  readonly reasoning?: ReasoningContent | null | undefined;
}

/**
 * One piece of streamed output. At most one of `content` (non-empty), `toolCalls`,
 * `toolCallResult`, `reasoning` is set, as Haystack enforces.
 */
export class StreamingChunk {
  readonly content: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly componentInfo: ComponentInfo | null;
  readonly index: number | null;
  readonly toolCalls: readonly ToolCallDelta[] | null;
  readonly toolCallResult: ToolCallResult | null;
  readonly start: boolean;
  readonly finishReason: FinishReason | null;
  readonly reasoning: ReasoningContent | null;

  constructor(init: StreamingChunkInit) {
    const toolCalls = init.toolCalls && init.toolCalls.length > 0 ? Object.freeze([...init.toolCalls]) : null;
    const set = [init.content.length > 0, toolCalls !== null, init.toolCallResult != null, init.reasoning != null].filter(Boolean);
    if (set.length > 1) {
      throw new HaystackError(
        'StreamingChunk: only one of `content`, `toolCalls`, `toolCallResult` or `reasoning` may be set in a chunk; ' +
          'split the data into several chunks.',
      );
    }
    if ((toolCalls !== null || init.toolCallResult != null || init.reasoning != null) && init.index == null) {
      throw new HaystackError('StreamingChunk: when `toolCalls`, `toolCallResult` or `reasoning` is set, `index` must be set too.');
    }
    this.content = init.content;
    this.meta = init.meta ?? {};
    this.componentInfo = init.componentInfo ?? null;
    this.index = init.index ?? null;
    this.toolCalls = toolCalls;
    this.toolCallResult = init.toolCallResult ?? null;
    this.start = init.start ?? false;
    this.finishReason = init.finishReason ?? null;
    this.reasoning = init.reasoning ?? null;
  }

  /** Haystack's layout: all nine keys, `null` for absent ones. */
  toDict(): Record<string, unknown> {
    return {
      content: this.content,
      meta: { ...this.meta },
      component_info: this.componentInfo?.toDict() ?? null,
      index: this.index,
      tool_calls:
        this.toolCalls?.map((d) => ({ index: d.index, tool_name: d.toolName, arguments: d.arguments, id: d.id, extra: d.extra })) ??
        null,
      tool_call_result: this.toolCallResult ? serializePart(this.toolCallResult)['tool_call_result'] : null,
      start: this.start,
      finish_reason: this.finishReason,
      reasoning: this.reasoning ? { reasoning_text: this.reasoning.reasoningText, extra: { ...this.reasoning.extra } } : null,
    };
  }

  static fromDict(data: unknown): StreamingChunk {
    if (typeof data !== 'object' || data === null || typeof (data as { content?: unknown }).content !== 'string') {
      throw new DeserializationError('StreamingChunk.fromDict: missing required string field `content`.');
    }
    const d = data as Record<string, unknown>;
    const finish = d['finish_reason'];
    if (finish != null && (typeof finish !== 'string' || !FINISH_REASONS.includes(finish))) {
      throw new DeserializationError(`StreamingChunk.fromDict: unknown finish_reason ${JSON.stringify(finish)}.`);
    }
    const rawCalls = d['tool_calls'];
    const rawResult = d['tool_call_result'];
    const rawReasoning = d['reasoning'] as { reasoning_text?: unknown; extra?: unknown } | null | undefined;
    const toolCallResultPart = rawResult ? deserializePart({ tool_call_result: rawResult }) : null;
    return new StreamingChunk({
      content: d['content'] as string,
      meta: (d['meta'] as Record<string, unknown> | undefined) ?? {},
      componentInfo: d['component_info'] ? ComponentInfo.fromDict(d['component_info']) : null,
      index: typeof d['index'] === 'number' ? d['index'] : null,
      toolCalls: Array.isArray(rawCalls)
        ? rawCalls.map((c: Record<string, unknown>) =>
            toolCallDelta({
              index: Number(c['index']),
              toolName: (c['tool_name'] as string | null | undefined) ?? null,
              arguments: (c['arguments'] as string | null | undefined) ?? null,
              id: (c['id'] as string | null | undefined) ?? null,
              extra: (c['extra'] as Record<string, unknown> | null | undefined) ?? null,
            }),
          )
        : null,
      toolCallResult: toolCallResultPart?.type === 'tool_call_result' ? toolCallResultPart : null,
      start: d['start'] === true,
      finishReason: (finish as FinishReason | null | undefined) ?? null,
      reasoning:
        rawReasoning && typeof rawReasoning.reasoning_text === 'string'
          ? reasoningContent(rawReasoning.reasoning_text, (rawReasoning.extra as Record<string, unknown> | undefined) ?? {})
          : null,
    });
  }
}

/**
 * Receives every chunk, in order. May return a promise: generators await it before reading the
 * next chunk, in `run` and `runAsync` alike (Haystack 2.31 splits sync and async callbacks; JS
 * needs no such split).
 */
export type StreamingCallback = (chunk: StreamingChunk) => void | Promise<void>;

/** The runtime callback wins over the one given at construction (Haystack's `select_streaming_callback`). */
export function selectStreamingCallback(
  initCallback: StreamingCallback | null | undefined,
  runtimeCallback: StreamingCallback | null | undefined,
): StreamingCallback | undefined {
  const chosen = runtimeCallback ?? initCallback ?? undefined;
  if (chosen !== undefined && typeof chosen !== 'function') {
    throw new HaystackError(`selectStreamingCallback: expected the streaming callback to be a function, got ${typeof chosen}.`);
  }
  return chosen;
}
