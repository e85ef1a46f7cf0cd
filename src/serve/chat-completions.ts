import { PipelineValidationError } from '../errors.js';
import { ChatMessage } from '../dataclasses/chat-message.js';
import { errorResponse } from './error-response.js';
import { errorJson, jsonResponse } from './json-response.js';
import { readJson, runOptions } from './pipeline-routes.js';
import { isPlainObject, toRunData } from './request-data.js';
import { admit, type Admission } from './run-admission.js';
import type { RunGate } from './run-gate.js';
import type { ChatMapping, ResolvedEntry } from './serve-options.js';
import type { ServerState } from './server-state.js';
import { SSE_HEADERS } from './sse.js';
import { streamMethodOf } from './token-stream.js';

/**
 * `POST /v1/chat/completions` and `GET /v1/models`, as OpenAI's API has them, for pipelines
 * given a `chat` mapping (Hayhooks' OpenAI compatibility): `model` names the pipeline, the
 * request's messages enter at `chat.messages`, the reply is the first of `chat.replies`. Chat
 * UIs and OpenAI SDKs talk to a pipeline as to a model. Sampling fields (`temperature`, ...)
 * are accepted and ignored: the pipeline's generator has its own settings.
 */

/** The Fetch handlers of the OpenAI-compatible routes. */
export interface ChatHandlers {
  models(): Response;
  completions(request: Request, requestId: string): Promise<Response>;
}

interface ChatModel {
  readonly entry: ResolvedEntry;
  readonly chat: ChatMapping;
  readonly gate: RunGate;
}

const WHERE = 'POST /v1/chat/completions';
const encoder = new TextEncoder();
const ROLES = new Set(['system', 'developer', 'user', 'assistant']);

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
  return messages.map((message: unknown, i) => {
    if (!isPlainObject(message) || typeof message['role'] !== 'string' || !ROLES.has(message['role'])) {
      throw new PipelineValidationError(`${WHERE}: messages[${i}] needs a role of system, developer, user or assistant.`, { socket: 'messages' });
    }
    const text = contentText(message['content'], i);
    const role = message['role'];
    if (role === 'user') return ChatMessage.fromUser(text);
    if (role === 'assistant') return ChatMessage.fromAssistant(text);
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
  return jsonResponse({ error: { message, type: 'invalid_request_error', param, code, requestId } }, status);
}

export function chatHandlers(entries: readonly ResolvedEntry[], gates: ReadonlyMap<string, RunGate>, state: ServerState): ChatHandlers {
  const models = new Map<string, ChatModel>();
  for (const entry of entries) if (entry.chat !== undefined) models.set(entry.name, { entry, chat: entry.chat, gate: gates.get(entry.name)! });

  const completions = async (request: Request, requestId: string): Promise<Response> => {
    let body: unknown;
    let model: ChatModel | undefined;
    let data: Record<string, Record<string, unknown>>;
    let stream: boolean;
    try {
      body = await readJson(request, WHERE);
      if (!isPlainObject(body)) throw new PipelineValidationError(`${WHERE}: expected a JSON object.`);
      const name = body['model'];
      model = typeof name === 'string' ? models.get(name) : undefined;
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
    const reply = (result: Readonly<Record<string, unknown>>): string => replyText((result[repliesComponent] as Record<string, unknown> | undefined)?.[repliesSocket]);

    if (!stream) {
      try {
        const result = await chosen.entry.pipeline.runAsync(data, options);
        return jsonResponse({
          id,
          object: 'chat.completion',
          created,
          model: chosen.entry.name,
          choices: [{ index: 0, message: { role: 'assistant', content: reply(result), refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        });
      } catch (error) {
        return errorJson(error, requestId, state, chosen.entry.name);
      } finally {
        admission.done();
      }
    }
    return streamCompletion(chosen, data, options, admission, { id, created, requestId, reply, repliesComponent }, state);
  };

  return {
    models: () => jsonResponse({ object: 'list', data: [...models.keys()].map((id) => ({ id, object: 'model', created: 0, owned_by: 'haystack-ts' })) }),
    completions,
  };
}

/**
 * The streamed form: a role chunk, content chunks, a finish chunk, then `[DONE]`. With the
 * pipeline's `stream()` the content chunks are the tokens of the replies component as they come;
 * without it the whole reply is one chunk once the run is over.
 */
function streamCompletion(
  model: ChatModel,
  data: Record<string, Record<string, unknown>>,
  options: ReturnType<typeof runOptions>,
  admission: Admission,
  meta: { id: string; created: number; requestId: string; reply: (result: Readonly<Record<string, unknown>>) => string; repliesComponent: string },
  state: ServerState,
): Response {
  const chunk = (delta: Record<string, unknown>, finish: string | null): Uint8Array =>
    encoder.encode(
      `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: model.entry.name, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`,
    );
  const tokens = streamMethodOf(model.entry.pipeline);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(chunk({ role: 'assistant', content: '' }, null));
      try {
        if (tokens !== undefined) {
          const handle = tokens(data, options);
          for await (const token of handle) {
            if (token.componentInfo?.name !== undefined && token.componentInfo.name !== null && token.componentInfo.name !== meta.repliesComponent) continue;
            if (token.content.length > 0) controller.enqueue(chunk({ content: token.content }, null));
          }
          await handle.result;
        } else {
          const result = await model.entry.pipeline.runAsync(data, options);
          controller.enqueue(chunk({ content: meta.reply(result) }, null));
        }
        controller.enqueue(chunk({}, 'stop'));
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
  return new Response(body, { headers: SSE_HEADERS });
}
