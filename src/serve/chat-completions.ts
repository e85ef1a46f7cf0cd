import { PipelineValidationError } from '../errors.js';
import { ChatMessage } from '../dataclasses/chat-message.js';
import { errorResponse } from './error-response.js';
import { errorJson, idHeader, jsonResponse, stamped } from './json-response.js';
import { readJson, runOptions } from './pipeline-routes.js';
import { isPlainObject, toRunData } from './request-data.js';
import { admit, type Admission } from './run-admission.js';
import type { RunGate } from './run-gate.js';
import type { ChatMapping, ResolvedEntry } from './serve-options.js';
import type { ServerState } from './server-state.js';
import { SSE_HEADERS } from './sse.js';
import { streamMethodOf } from './token-stream.js';
import type { ToolCall } from '../dataclasses/chat-message-content.js';
import { replyToolCalls, requestToolCalls, toolCallDeltaJson, toolResultMessage, toolSocketsOf, withTools, type ToolSockets } from './chat-tools.js';

/**
 * `POST /v1/chat/completions` and `GET /v1/models`, as OpenAI's API has them, for pipelines
 * given a `chat` mapping (Hayhooks' OpenAI compatibility): `model` names the pipeline, the
 * request's messages enter at `chat.messages`, the reply is the first of `chat.replies`. Chat
 * UIs and OpenAI SDKs talk to a pipeline as to a model. Sampling fields (`temperature`, ...)
 * are accepted and ignored: the pipeline's generator has its own settings. `tools` and
 * `tool_choice` reach the generator when it has a tools socket (chat-tools.ts); a reply carrying
 * tool calls is answered with `tool_calls` and `finish_reason: 'tool_calls'`.
 */

/** The Fetch handlers of the OpenAI-compatible routes. */
export interface ChatHandlers {
  models(): Response;
  /** `onModel` learns the served pipeline the request names, once it is known (for the request span). */
  completions(request: Request, requestId: string, onModel?: (model: string | undefined) => void): Promise<Response>;
}

interface ChatModel {
  readonly entry: ResolvedEntry;
  readonly chat: ChatMapping;
  readonly gate: RunGate;
  readonly tools: ToolSockets;
  /** The pipeline's `stream()`, when a component can stream (looked up once). */
  readonly tokens: ReturnType<typeof streamMethodOf>;
}

const WHERE = 'POST /v1/chat/completions';
const encoder = new TextEncoder();
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);

function split(address: string): [string, string] {
  const dot = address.indexOf('.');
  return [address.slice(0, dot), address.slice(dot + 1)];
}

/** An OpenAI message's text: a string, or its text parts joined. */
function contentText(content: unknown, index: number): string {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => {
        if (isPlainObject(part) && part['type'] === 'text' && typeof part['text'] === 'string') return part['text'];
        throw new PipelineValidationError(`${WHERE}: messages[${index}] has a content part other than text; only text parts are supported.`, { socket: 'messages' });
      })
      .join('');
  }
  throw new PipelineValidationError(`${WHERE}: expected messages[${index}].content to be a string or a list of text parts.`, { socket: 'messages' });
}

/** OpenAI messages as `ChatMessage`s. */
export function toChatMessages(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new PipelineValidationError(`${WHERE}: expected 'messages' to be a non-empty array.`, { socket: 'messages' });
  }
  // Tool results name the call they answer; the calls are those of earlier assistant messages.
  const calls = new Map<string, ToolCall>();
  return messages.map((message: unknown, i) => {
    if (!isPlainObject(message) || typeof message['role'] !== 'string' || !ROLES.has(message['role'])) {
      throw new PipelineValidationError(`${WHERE}: messages[${i}] needs a role of system, developer, user, assistant or tool.`, { socket: 'messages' });
    }
    const text = contentText(message['content'], i);
    const role = message['role'];
    if (role === 'user') return ChatMessage.fromUser(text);
    if (role === 'tool') return toolResultMessage(message, text, calls, i);
    if (role === 'assistant') {
      const toolCalls = message['tool_calls'] === undefined || message['tool_calls'] === null ? [] : requestToolCalls(message['tool_calls'], i);
      for (const call of toolCalls) calls.set(call.id!, call);
      return toolCalls.length > 0 ? ChatMessage.fromAssistant(text.length > 0 ? text : null, { toolCalls }) : ChatMessage.fromAssistant(text);
    }
    return ChatMessage.fromSystem(text);
  });
}

function replyText(value: unknown): string {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first === 'string') return first;
  if (first instanceof ChatMessage) return first.text ?? '';
  return '';
}

function openAiError(status: number, message: string, param: string | null, code: string, requestId: string): Response {
  return stamped(jsonResponse({ error: { message, type: 'invalid_request_error', param, code, requestId } }, status, idHeader(requestId)));
}

export function chatHandlers(entries: readonly ResolvedEntry[], gates: ReadonlyMap<string, RunGate>, state: ServerState): ChatHandlers {
  const models = new Map<string, ChatModel>();
  for (const entry of entries) if (entry.chat !== undefined) models.set(entry.name, { entry, chat: entry.chat, gate: gates.get(entry.name)!, tools: toolSocketsOf(entry), tokens: streamMethodOf(entry.pipeline) });

  const completions = async (request: Request, requestId: string, onModel?: (model: string | undefined) => void): Promise<Response> => {
    let body: unknown;
    let model: ChatModel | undefined;
    let data: Record<string, Record<string, unknown>>;
    let stream: boolean;
    try {
      body = await readJson(request, WHERE, state.options.maxBodyBytes);
      if (!isPlainObject(body)) throw new PipelineValidationError(`${WHERE}: expected a JSON object.`);
      const name = body['model'];
      model = typeof name === 'string' ? models.get(name) : undefined;
      onModel?.(model?.entry.name);
      if (model === undefined) {
        return openAiError(404, `The model '${String(name).slice(0, 80)}' does not exist; models: ${[...models.keys()].join(', ') || '(none)'}.`, 'model', 'model_not_found', requestId);
      }
      const messages = toChatMessages(body['messages']);
      stream = body['stream'] === true;
      const last = [...messages].reverse().find((m) => m.role === 'user');
      const extra = model.chat.extraData?.(last?.text ?? '') ?? {};
      let given: Record<string, Record<string, unknown>> = extra;
      if (model.chat.messages !== undefined) {
        const [component, socket] = split(model.chat.messages);
        given = { ...extra, [component]: { ...(extra[component] ?? {}), [socket]: messages } };
      }
      given = withTools(given, body, model.tools, model.entry.name);
      // The same checks as /run: the mapping's sockets must exist and take what is given.
      data = toRunData(given, model.entry.pipeline, WHERE);
    } catch (error) {
      return errorJson(error, requestId, state, model?.entry.name);
    }
    const chosen = model;
    let admission: Admission | Response;
    try {
      admission = await admit(state, chosen.gate, request.signal, requestId);
    } catch (error) {
      return errorJson(error, requestId, state, chosen.entry.name);
    }
    if (admission instanceof Response) return admission;
    const [repliesComponent, repliesSocket] = split(chosen.chat.replies);
    const options = runOptions(state, admission.signal, [repliesComponent]);
    const id = `chatcmpl-${requestId}`;
    const created = Math.floor(Date.now() / 1000);
    const replies = (result: Readonly<Record<string, unknown>>): unknown => (result[repliesComponent] as Record<string, unknown> | undefined)?.[repliesSocket];
    const reply = (result: Readonly<Record<string, unknown>>): string => replyText(replies(result));
    const toolCalls = (result: Readonly<Record<string, unknown>>) => replyToolCalls(replies(result), requestId);

    if (!stream) {
      try {
        const result = await chosen.entry.pipeline.runAsync(data, options);
        const calls = toolCalls(result);
        const text = reply(result);
        const message =
          calls.length > 0 ? { role: 'assistant', content: text.length > 0 ? text : null, refusal: null, tool_calls: calls } : { role: 'assistant', content: text, refusal: null };
        const completion = {
          id,
          object: 'chat.completion',
          created,
          model: chosen.entry.name,
          choices: [{ index: 0, message, finish_reason: calls.length > 0 ? 'tool_calls' : 'stop', logprobs: null }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        };
        return stamped(jsonResponse(completion, 200, idHeader(requestId)));
      } catch (error) {
        return errorJson(error, requestId, state, chosen.entry.name);
      } finally {
        admission.done();
      }
    }
    return streamCompletion(chosen, data, options, admission, { id, created, requestId, reply, toolCalls, repliesComponent }, state);
  };

  return {
    models: () => jsonResponse({ object: 'list', data: [...models.keys()].map((id) => ({ id, object: 'model', created: 0, owned_by: 'haystack-ts' })) }),
    completions,
  };
}

/**
 * The streamed form: a role chunk, content (and tool-call) chunks, a finish chunk, then `[DONE]`.
 * With the pipeline's `stream()` the chunks are the tokens and tool-call fragments of the replies
 * component as they come; without it the whole reply is one chunk once the run is over. Tool calls
 * of the reply that were not streamed as fragments are sent whole before the finish chunk, whose
 * reason is `tool_calls` when the reply has any, else the last chunk's reason, else `stop`.
 */
function streamCompletion(
  model: ChatModel,
  data: Record<string, Record<string, unknown>>,
  options: ReturnType<typeof runOptions>,
  admission: Admission,
  meta: {
    id: string;
    created: number;
    requestId: string;
    reply: (result: Readonly<Record<string, unknown>>) => string;
    toolCalls: (result: Readonly<Record<string, unknown>>) => ReturnType<typeof replyToolCalls>;
    repliesComponent: string;
  },
  state: ServerState,
): Response {
  const chunk = (delta: Record<string, unknown>, finish: string | null): Uint8Array =>
    encoder.encode(
      `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: model.entry.name, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`,
    );
  const tokens = model.tokens;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }, null));
      try {
        let result: Readonly<Record<string, unknown>>;
        let streamedCalls = false;
        let lastReason: string | null = null;
        if (tokens !== undefined) {
          const handle = tokens(data, options);
          for await (const token of handle) {
            if (token.componentInfo?.name !== undefined && token.componentInfo.name !== null && token.componentInfo.name !== meta.repliesComponent) continue;
            if (token.finishReason != null) lastReason = token.finishReason;
            if (token.toolCalls !== null && token.toolCalls !== undefined && token.toolCalls.length > 0) {
              streamedCalls = true;
              controller.enqueue(chunk({ tool_calls: token.toolCalls.map(toolCallDeltaJson) }, null));
            } else if (token.content.length > 0) controller.enqueue(chunk({ content: token.content }, null));
          }
          result = (await handle.result) ?? {};
        } else {
          result = await model.entry.pipeline.runAsync(data, options);
          const text = meta.reply(result);
          if (text.length > 0) controller.enqueue(chunk({ content: text }, null));
        }
        const calls = meta.toolCalls(result);
        if (calls.length > 0 && !streamedCalls) controller.enqueue(chunk({ tool_calls: calls.map((call, index) => ({ index, ...call })) }, null));
        const finish = calls.length > 0 ? 'tool_calls' : lastReason === null || lastReason === 'tool_call_results' ? 'stop' : lastReason;
        controller.enqueue(chunk({}, finish));
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
      } catch (error) {
        const { status, body: errorBody } = errorResponse(error, meta.requestId);
        if (status !== 499) errorJson(error, meta.requestId, state, model.entry.name);
        try {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(errorBody)}\n\n`));
        } catch {
          // The client is gone.
        }
      } finally {
        admission.done();
        try {
          controller.close();
        } catch {
          // Already cancelled by the client.
        }
      }
    },
    cancel() {
      admission.abort();
    },
  });
  return stamped(new Response(body, { headers: { ...SSE_HEADERS, ...idHeader(meta.requestId) } }));
}
