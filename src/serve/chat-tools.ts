import { PipelineValidationError, named } from '../errors.js';
import { ChatMessage } from '../dataclasses/chat-message.js';
import { toolCall, type ToolCall } from '../dataclasses/chat-message-content.js';
import type { ToolCallDelta } from '../dataclasses/streaming-chunk.js';
import { isPlainObject } from './request-data.js';
import type { ResolvedEntry } from './serve-options.js';

/**
 * Tools on the OpenAI-compatible endpoint: the request's `tools` become `ToolDefinition`s on the
 * pipeline's tools socket (as Haystack's `OpenAIChatGenerator.run(tools=...)` takes them),
 * `tool_choice` goes into the same component's `generationKwargs`, and the reply's tool calls
 * go back as OpenAI `tool_calls` with `finish_reason: 'tool_calls'`. Executing the tools is the
 * client's job, as with OpenAI's own API: it sends the results back as `tool` messages.
 */

const WHERE = 'POST /v1/chat/completions';

/** The request asked for tools (or a tool choice) that the served pipeline has no socket for. */
export class ChatToolsNotSupportedError extends PipelineValidationError {
  static {
    named(this, 'ChatToolsNotSupportedError');
  }
  /** The served pipeline's name (the request's `model`). */
  readonly pipeline: string;
  constructor(message: string, details: { pipeline: string; socket: string }) {
    super(message, { socket: details.socket });
    this.pipeline = details.pipeline;
  }
}

/** A tool as `OpenAIChatGenerator` takes it (its `ToolDefinition`), built from the request's JSON. */
export interface RequestTool {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Where a chat pipeline takes tools, resolved once per served pipeline. */
export interface ToolSockets {
  /** `[component, socket]` receiving `ToolDefinition[]`, when the pipeline has one. */
  readonly tools: readonly [string, string] | undefined;
  /** The same component's `generationKwargs` socket, for `tool_choice`. */
  readonly generationKwargs: readonly [string, string] | undefined;
}

function split(address: string): [string, string] {
  const dot = address.indexOf('.');
  return [address.slice(0, dot), address.slice(dot + 1)];
}

/**
 * The tools socket: the mapping's `tools` address, or else a `tools` input of the replies
 * component (a chat generator's own socket).
 */
export function toolSocketsOf(entry: ResolvedEntry): ToolSockets {
  const chat = entry.chat;
  if (chat === undefined) return { tools: undefined, generationKwargs: undefined };
  const inputs = entry.pipeline.inputs(true);
  const address = chat.tools ?? `${split(chat.replies)[0]}.tools`;
  const [component, socket] = split(address);
  if (inputs[component]?.[socket] === undefined) return { tools: undefined, generationKwargs: undefined };
  const kwargs = inputs[component]?.['generationKwargs'] !== undefined ? ([component, 'generationKwargs'] as const) : undefined;
  return { tools: [component, socket], generationKwargs: kwargs };
}

/** The request's `tools` as tool definitions; a 400 for anything but function tools. */
export function requestTools(value: unknown): RequestTool[] {
  if (!Array.isArray(value)) throw new PipelineValidationError(`${WHERE}: expected 'tools' to be a list of function tools.`, { socket: 'tools' });
  return value.map((tool: unknown, i) => {
    const fn = isPlainObject(tool) && tool['type'] === 'function' ? tool['function'] : undefined;
    if (!isPlainObject(fn) || typeof fn['name'] !== 'string' || fn['name'].length === 0) {
      throw new PipelineValidationError(`${WHERE}: tools[${i}] must be { type: 'function', function: { name, description?, parameters? } }.`, { socket: 'tools' });
    }
    const parameters = fn['parameters'] ?? { type: 'object', properties: {} };
    if (!isPlainObject(parameters)) throw new PipelineValidationError(`${WHERE}: expected tools[${i}].function.parameters to be a JSON Schema object.`, { socket: 'tools' });
    return { name: fn['name'], description: typeof fn['description'] === 'string' ? fn['description'] : '', parameters };
  });
}

/**
 * The run data for the request's `tools` and `tool_choice`, merged into what is given. Asking for
 * either from a pipeline without a tools socket is a {@link ChatToolsNotSupportedError}; so is a
 * `tool_choice` other than `'auto'` (the default) when the component has no `generationKwargs`.
 */
export function withTools(
  given: Record<string, Record<string, unknown>>,
  body: Readonly<Record<string, unknown>>,
  sockets: ToolSockets,
  pipeline: string,
): Record<string, Record<string, unknown>> {
  const tools = body['tools'];
  const choice = body['tool_choice'];
  const wantsTools = tools !== undefined && tools !== null && !(Array.isArray(tools) && tools.length === 0);
  const wantsChoice = choice !== undefined && choice !== null;
  if (!wantsTools && !wantsChoice) return given;
  if (sockets.tools === undefined) {
    throw new ChatToolsNotSupportedError(
      `${WHERE}: the pipeline '${pipeline}' cannot take tools: its chat generator has no 'tools' input socket (set chat.tools to 'component.socket' if another socket takes them). Send the request without 'tools' and 'tool_choice'.`,
      { pipeline, socket: wantsTools ? 'tools' : 'tool_choice' },
    );
  }
  const out = { ...given };
  const [component, socket] = sockets.tools;
  if (wantsTools) out[component] = { ...out[component], [socket]: requestTools(tools) };
  if (wantsChoice && choice !== 'auto') {
    if (sockets.generationKwargs === undefined) {
      throw new ChatToolsNotSupportedError(
        `${WHERE}: the pipeline '${pipeline}' cannot take tool_choice: component '${component}' has no 'generationKwargs' input socket. Leave tool_choice out (or 'auto').`,
        { pipeline, socket: 'tool_choice' },
      );
    }
    const [kwComponent, kwSocket] = sockets.generationKwargs;
    const current = out[kwComponent]?.[kwSocket];
    out[kwComponent] = { ...out[kwComponent], [kwSocket]: { ...(isPlainObject(current) ? current : {}), tool_choice: choice } };
  }
  return out;
}

/** An assistant message's `tool_calls` (arguments as JSON text) as `ToolCall`s. */
export function requestToolCalls(value: unknown, index: number): ToolCall[] {
  if (!Array.isArray(value)) throw new PipelineValidationError(`${WHERE}: expected messages[${index}].tool_calls to be a list.`, { socket: 'messages' });
  return value.map((call: unknown, j) => {
    const fn = isPlainObject(call) ? call['function'] : undefined;
    if (!isPlainObject(call) || typeof call['id'] !== 'string' || !isPlainObject(fn) || typeof fn['name'] !== 'string') {
      throw new PipelineValidationError(`${WHERE}: messages[${index}].tool_calls[${j}] must be { id, type: 'function', function: { name, arguments } }.`, { socket: 'messages' });
    }
    let args: unknown = {};
    const text = fn['arguments'];
    if (typeof text === 'string' && text.length > 0) {
      try {
        args = JSON.parse(text) as unknown;
      } catch {
        throw new PipelineValidationError(`${WHERE}: messages[${index}].tool_calls[${j}].function.arguments is not valid JSON.`, { socket: 'messages' });
      }
    }
    if (!isPlainObject(args)) throw new PipelineValidationError(`${WHERE}: messages[${index}].tool_calls[${j}].function.arguments must be a JSON object.`, { socket: 'messages' });
    return toolCall({ toolName: fn['name'], arguments: args, id: call['id'] });
  });
}

/** A `tool` message: the result of the earlier call with that id. */
export function toolResultMessage(message: Readonly<Record<string, unknown>>, text: string, calls: ReadonlyMap<string, ToolCall>, index: number): ChatMessage {
  const id = message['tool_call_id'];
  const origin = typeof id === 'string' ? calls.get(id) : undefined;
  if (origin === undefined) {
    throw new PipelineValidationError(`${WHERE}: messages[${index}] is a tool result for no earlier assistant tool call (tool_call_id ${JSON.stringify(id ?? null)}).`, {
      socket: 'messages',
    });
  }
  return ChatMessage.fromTool(text, origin);
}

/** OpenAI's `tool_calls` of a reply message. Calls without an id get one, as the SDK needs it. */
export function replyToolCalls(reply: unknown, idPrefix: string): { id: string; type: 'function'; function: { name: string; arguments: string } }[] {
  const first = Array.isArray(reply) ? (reply[0] as unknown) : reply;
  if (!(first instanceof ChatMessage)) return [];
  return first.toolCalls.map((call, i) => ({
    id: call.id ?? `call_${idPrefix}_${i}`,
    type: 'function',
    function: { name: call.toolName, arguments: JSON.stringify(call.arguments) },
  }));
}

/** A streamed tool-call fragment in OpenAI's delta form. */
export function toolCallDeltaJson(delta: ToolCallDelta): Record<string, unknown> {
  const fn: Record<string, string> = {};
  if (delta.toolName !== null) fn['name'] = delta.toolName;
  if (delta.arguments !== null) fn['arguments'] = delta.arguments;
  return { index: delta.index, ...(delta.id !== null ? { id: delta.id } : {}), type: 'function', function: fn };
}
