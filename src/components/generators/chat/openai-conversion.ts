/**
 * ChatMessage ↔ OpenAI Chat Completions conversion (Haystack's `to_openai_dict_format` and the
 * reply/chunk converters of `openai.py` and `generators/utils.py`).
 */
import { HaystackError } from '../../../errors.js';
import type { Logger } from '../../../core/logger.js';
import { ChatMessage } from '../../../dataclasses/chat-message.js';
import { toolCall, type ToolCall } from '../../../dataclasses/chat-message-content.js';
import { pythonJsonDumps } from '../../../utils/templating/python-format.js';
import { StreamingChunk, toolCallDelta, type ComponentInfo, type FinishReason } from '../../../dataclasses/streaming-chunk.js';
import type { Completion, CompletionChunk } from './openai-response-schema.js';

/** An OpenAI request message, as sent on the wire. */
export type OpenAIMessage = Record<string, unknown>;

/** Converts one message to OpenAI's format (tool call ids required). */
export function toOpenAIMessage(message: ChatMessage): OpenAIMessage {
  const parts = message.content;
  const hasUsable = parts.some((p) => p.type !== 'reasoning');
  if (!hasUsable) {
    throw new HaystackError(
      'OpenAIChatGenerator: a ChatMessage must contain at least one text, tool call, tool call result, image or file part.',
    );
  }
  const out: OpenAIMessage = { role: message.role };
  if (message.name !== null) out['name'] = message.name;

  const result = message.toolCallResult;
  if (result !== undefined) {
    if (parts.length > 1) throw new HaystackError('OpenAIChatGenerator: a tool result message may contain only the tool call result.');
    if (result.origin.id === null) {
      throw new HaystackError('OpenAIChatGenerator: `ToolCall` must have a non-null `id` attribute to be used with OpenAI.');
    }
    if (typeof result.result === 'string') out['content'] = result.result;
    else {
      out['content'] = result.result.map((p) => {
        if (p.type !== 'text') throw new HaystackError('OpenAIChatGenerator: images in tool results are not supported by OpenAI chat completions.');
        return { type: 'text', text: p.text };
      });
    }
    out['tool_call_id'] = result.origin.id;
    return out;
  }

  if (message.role === 'user') {
    const usable = parts.filter((p) => p.type !== 'reasoning');
    if (usable.length === 1 && usable[0]?.type === 'text') {
      out['content'] = usable[0].text;
      return out;
    }
    out['content'] = usable.map((p) => {
      switch (p.type) {
        case 'text':
          return { type: 'text', text: p.text };
        case 'image':
          return {
            type: 'image_url',
            image_url: { url: `data:${p.mimeType ?? 'image/jpeg'};base64,${p.base64Image}`, ...(p.detail ? { detail: p.detail } : {}) },
          };
        case 'file':
          return {
            type: 'file',
            file: { file_data: `data:${p.mimeType ?? 'application/pdf'};base64,${p.base64Data}`, filename: p.filename ?? 'filename' },
          };
        default:
          throw new HaystackError(`OpenAIChatGenerator: a user message cannot contain a ${p.type} part.`);
      }
    });
    return out;
  }

  // system / assistant: the first text, then tool calls.
  const text = message.text;
  if (text !== undefined) out['content'] = text;
  const calls = message.toolCalls;
  if (calls.length > 0) {
    out['tool_calls'] = calls.map((call) => {
      if (call.id === null) {
        throw new HaystackError('OpenAIChatGenerator: `ToolCall` must have a non-null `id` attribute to be used with OpenAI.');
      }
      return { type: 'function', function: { name: call.toolName, arguments: pythonJsonDumps(call.arguments) }, id: call.id };
    });
  }
  return out;
}

function parseArguments(raw: string, logger: Logger, name: string): Record<string, unknown> | undefined {
  if (raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the warning
  }
  logger.warn(
    `OpenAIChatGenerator: OpenAI returned a malformed JSON string for tool call arguments. This tool call will be skipped. ` +
      `Tool: ${name}, arguments: ${raw}`,
  );
  return undefined;
}

/** One reply per choice of a non-streamed completion. */
export function repliesFromCompletion(completion: Completion, logger: Logger): ChatMessage[] {
  return completion.choices.map((choice, position) => {
    const calls: ToolCall[] = [];
    for (const raw of choice.message.tool_calls ?? []) {
      if (raw.type !== 'function' || raw.function === undefined) continue;
      const args = parseArguments(raw.function.arguments, logger, raw.function.name);
      if (args !== undefined) calls.push(toolCall({ toolName: raw.function.name, arguments: args, id: raw.id }));
    }
    const meta: Record<string, unknown> = {
      model: completion.model ?? null,
      index: choice.index ?? position,
      finish_reason: choice.finish_reason ?? null,
      usage: completion.usage ?? null,
    };
    if (choice.logprobs !== undefined && choice.logprobs !== null) meta['logprobs'] = choice.logprobs;
    return ChatMessage.fromAssistant(choice.message.content ?? null, { meta, toolCalls: calls });
  });
}

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
};

/** Converts one validated chunk to a StreamingChunk; `previous` is how many chunks came before it. */
export function streamingChunkFrom(chunk: CompletionChunk, previous: number, componentInfo: ComponentInfo | null): StreamingChunk {
  const receivedAt = new Date().toISOString();
  const choice = chunk.choices[0];
  if (choice === undefined) {
    return new StreamingChunk({
      content: '',
      index: null,
      componentInfo,
      meta: { model: chunk.model ?? null, received_at: receivedAt, usage: chunk.usage ?? null },
    });
  }
  const finishReason = choice.finish_reason ? (FINISH_REASONS[choice.finish_reason] ?? null) : null;
  const meta: Record<string, unknown> = {
    model: chunk.model ?? null,
    index: choice.index ?? 0,
    tool_calls: choice.delta?.tool_calls ?? null,
    finish_reason: choice.finish_reason ?? null,
    received_at: receivedAt,
    usage: chunk.usage ?? null,
  };
  const rawCalls = choice.delta?.tool_calls ?? [];
  if (rawCalls.length > 0) {
    const deltas = rawCalls.map((d) =>
      toolCallDelta({ index: d.index, id: d.id ?? null, toolName: d.function?.name ?? null, arguments: d.function?.arguments || null }),
    );
    return new StreamingChunk({
      content: '',
      index: rawCalls[0]?.index ?? 0,
      toolCalls: deltas,
      start: Boolean(rawCalls[0]?.function?.name),
      finishReason,
      componentInfo,
      meta,
    });
  }
  if (choice.logprobs !== undefined && choice.logprobs !== null) meta['logprobs'] = choice.logprobs;
  const content = choice.delta?.content ?? '';
  const hasRole = choice.delta?.role !== undefined && choice.delta.role !== null;
  return new StreamingChunk({
    content,
    index: !content || hasRole ? null : 0,
    start: previous === 1,
    finishReason,
    componentInfo,
    meta,
  });
}

/** Assembles the single reply of a streamed completion from its chunks. */
export function messageFromChunks(chunks: readonly StreamingChunk[], logger: Logger): ChatMessage {
  const text = chunks.map((c) => c.content).join('');
  const byIndex = new Map<number, { id: string | null; name: string; args: string }>();
  for (const chunk of chunks) {
    for (const delta of chunk.toolCalls ?? []) {
      const entry = byIndex.get(delta.index) ?? { id: null, name: '', args: '' };
      if (delta.id !== null) entry.id = delta.id;
      if (delta.toolName !== null) entry.name += delta.toolName;
      if (delta.arguments !== null) entry.args += delta.arguments;
      byIndex.set(delta.index, entry);
    }
  }
  const calls: ToolCall[] = [];
  for (const [, entry] of [...byIndex].sort(([a], [b]) => a - b)) {
    const args = parseArguments(entry.args, logger, entry.name);
    if (args !== undefined) calls.push(toolCall({ toolName: entry.name, arguments: args, id: entry.id }));
  }
  const last = <T>(pick: (c: StreamingChunk) => T | null | undefined): T | null => {
    for (let i = chunks.length - 1; i >= 0; i--) {
      const v = pick(chunks[i] as StreamingChunk);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  const meta: Record<string, unknown> = {
    model: chunks[chunks.length - 1]?.meta['model'] ?? null,
    index: 0,
    finish_reason: last((c) => c.finishReason),
    completion_start_time: chunks[0]?.meta['received_at'] ?? null,
    usage: last((c) => c.meta['usage'] as unknown),
  };
  const logprobs = chunks.map((c) => c.meta['logprobs']).filter((l) => l !== undefined && l !== null);
  if (logprobs.length > 0) meta['logprobs'] = logprobs;
  return ChatMessage.fromAssistant(text.length > 0 ? text : null, { meta, toolCalls: calls });
}
