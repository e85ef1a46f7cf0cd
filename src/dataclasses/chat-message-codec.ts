/**
 * How `ChatMessage` content parts are written to and read from Haystack 2.31's snake_case layout,
 * with the validation and the value descriptions its errors use.
 */
import { DeserializationError } from '../errors.js';
import { type ChatMessageContent, type TextContent, type ToolCall, type ImageContent, textContent, toolCall, imageContent, fileContent, reasoningContent, toolCallResult } from './chat-message-content.js';

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

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPart(value: unknown): value is ChatMessageContent {
  return isRecord(value) && typeof value['type'] === 'string';
}

export function describePart(value: unknown): string {
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

export function structuredCloneJson<T>(value: T): T {
  // Serialized dicts must not alias the message's own objects; values that cannot be cloned
  // (functions in meta) are passed through rather than failing serialization of the whole message.
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
