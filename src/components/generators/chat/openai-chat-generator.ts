/**
 * OpenAIChatGenerator (Haystack's `haystack/components/generators/chat/openai.py`) on the official
 * `openai` SDK: chat completions with streaming, tools, retries, timeouts and cancellation.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import { Component, type ComponentDict, type RunContext } from '../../../core/component/component.js';
import { ComponentError, DeserializationError, SerializationError } from '../../../errors.js';
import { importOptional } from '../../../core/optional-package.js';
import { getLogger } from '../../../core/logger.js';
import type { FromDictContext, ToDictContext } from '../../../core/serialization/component-dict.js';
import { snakeToCamel } from '../../../core/serialization/casing.js';
import { ChatMessage } from '../../../dataclasses/chat-message.js';
import {
  ComponentInfo,
  StreamingChunk,
  selectStreamingCallback,
  type StreamingCallback,
} from '../../../dataclasses/streaming-chunk.js';
import { Secret } from '../../../dataclasses/secret.js';
import {
  ChatGeneratorAuthenticationError,
  ChatGeneratorBadRequestError,
  ChatGeneratorConnectionError,
  ChatGeneratorError,
  ChatGeneratorRateLimitError,
  ChatGeneratorResponseError,
  ChatGeneratorServerError,
  ChatGeneratorTimeoutError,
  redact,
} from '../errors.js';
import {
  envNumber,
  validateOpenAIChatGeneratorOptions,
  validateTools,
  type HttpClientKwargs,
  type OpenAIChatGeneratorOptions,
  type ToolDefinition,
} from './openai-chat-generator-options.js';
import { abortableSleep } from '../http/abortable-sleep.js';
import { Attempt, MAX_TIMER_MS } from '../http/attempt.js';
import { BodyTooLargeError, boundedBody, boundedText } from '../http/bounded-body.js';
import { backoffSeconds, retryAfterSeconds, serverRetryVerdict } from '../http/retry-policy.js';
import { SseDecoder } from '../http/sse-decoder.js';
import { messageFromChunks, repliesFromCompletion, streamingChunkFrom, toOpenAIMessage } from './openai-conversion.js';
import { completionChunkSchema, completionSchema, describeIssues, errorBodySchema } from './openai-response-schema.js';

const chatMessages = z.array(z.instanceof(ChatMessage));
export const inputs = {
  messages: z.union([chatMessages, z.string()]),
  // Named, so that diagrams and messages show the socket's type rather than zod's 'custom'.
  streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function', 'expected a function').meta({ typeName: 'StreamingCallback' }).optional(),
  generationKwargs: z.record(z.string(), z.unknown()).optional(),
  tools: z.array(z.custom<ToolDefinition>((v) => typeof v === 'object' && v !== null, 'expected a tool definition').meta({ typeName: 'ToolDefinition' })).optional(),
  toolsStrict: z.boolean().optional(),
};
export const outputs = { replies: chatMessages };

export type Inputs = typeof inputs;
export type Outputs = typeof outputs;
type OpenAIModule = typeof import('openai');

/** What `run`/`runAsync` take (a type alias, not an interface, so it fits `AnyComponent`'s index signature). */
export type OpenAIChatGeneratorInput = {
  messages: readonly ChatMessage[] | string;
  streamingCallback?: StreamingCallback | undefined;
  generationKwargs?: Record<string, unknown> | undefined;
  tools?: readonly ToolDefinition[] | undefined;
  toolsStrict?: boolean | undefined;
};

let sdk: Promise<OpenAIModule> | undefined;
function loadSdk(): Promise<OpenAIModule> {
  sdk ??= importOptional<OpenAIModule>(
    {
      name: 'openai',
      where: 'OpenAIChatGenerator',
      notInstalled:
        "OpenAIChatGenerator: the 'openai' package cannot be found, though haystack-ts depends on it (an install with --omit or a pruned node_modules?). Reinstall with: npm install openai",
      reinstall: 'npm install openai',
    },
    () => import('openai'),
    (message, cause) => new ComponentError(message, { cause }),
  ).catch((error: unknown) => {
    // Not cached: installing the package must not need a restart to be seen.
    sdk = undefined;
    throw error;
  });
  return sdk;
}

/**
 * Generates chat replies with OpenAI's Chat Completions API (or any compatible server).
 * The client is created on first use (or in `warmUp()`): construction never touches the network
 * or the key.
 *
 * @example
 * const llm = new OpenAIChatGenerator({ model: 'gpt-4o-mini', generationKwargs: { temperature: 0 } });
 * const { replies } = await llm.run({ messages: [ChatMessage.fromUser('Hello!')] });
 * replies[0].text;
 */
export class OpenAIChatGenerator extends Component<Inputs, Outputs> {
  static override readonly typeName = 'haystack.components.generators.chat.openai.OpenAIChatGenerator';

  readonly apiKey: Secret;
  readonly model: string;
  readonly streamingCallback: StreamingCallback | undefined;
  readonly apiBaseUrl: string | undefined;
  readonly organization: string | undefined;
  readonly generationKwargs: Readonly<Record<string, unknown>>;
  /** Effective timeout in seconds (option, else OPENAI_TIMEOUT, else 30). */
  readonly timeout: number;
  /** Effective retries (option, else OPENAI_MAX_RETRIES, else 5). */
  readonly maxRetries: number;
  /** The longest wait between attempts, in seconds (default 60). */
  readonly maxRetryDelay: number;
  /** The most bytes one response body may have (default 64 MiB). */
  readonly maxResponseBytes: number;
  readonly tools: readonly ToolDefinition[] | undefined;
  readonly toolsStrict: boolean;
  readonly httpClientKwargs: HttpClientKwargs | undefined;
  readonly #options: OpenAIChatGeneratorOptions;
  #client: Promise<{ client: OpenAI; key: string | undefined }> | undefined;

  constructor(options: OpenAIChatGeneratorOptions = {}) {
    const valid = validateOpenAIChatGeneratorOptions(options);
    super({ inputs, outputs });
    this.#options = valid;
    this.apiKey = valid.apiKey ?? Secret.fromEnvVar(['OPENAI_API_KEY']);
    this.model = valid.model ?? 'gpt-4o-mini';
    this.streamingCallback = valid.streamingCallback ?? undefined;
    this.apiBaseUrl = valid.apiBaseUrl ?? undefined;
    this.organization = valid.organization ?? undefined;
    this.generationKwargs = { ...valid.generationKwargs };
    this.timeout = valid.timeout ?? envNumber('OPENAI_TIMEOUT', 30);
    this.maxRetries = valid.maxRetries ?? envNumber('OPENAI_MAX_RETRIES', 5);
    this.maxRetryDelay = valid.maxRetryDelay ?? 60;
    this.maxResponseBytes = valid.maxResponseBytes ?? 64 * 1024 * 1024;
    this.tools = valid.tools ?? undefined;
    this.toolsStrict = valid.toolsStrict ?? false;
    this.httpClientKwargs = valid.httpClientKwargs ?? undefined;
  }

  /** Creates the SDK client (resolving the key). Idempotent; runs call it too. */
  override async warmUp(): Promise<void> {
    await this.#getClient();
  }

  /**
   * Releases the SDK client (Haystack 3.x's `close()`); idempotent, and the next run or `warmUp()`
   * creates a new one. Calls in flight keep the client they started with. With Node's built-in
   * fetch, the connection pool is the process-wide one, which needs no closing; a `dispatcher`
   * given in `httpClientKwargs.fetchOptions` is the caller's to close.
   */
  override close(): void {
    this.#client = undefined;
  }

  override async closeAsync(): Promise<void> {
    this.close();
  }

  run(input: OpenAIChatGeneratorInput, context?: RunContext): Promise<{ replies: ChatMessage[] }> {
    return this.#generate(input, context);
  }

  override runAsync(input: OpenAIChatGeneratorInput, context?: RunContext): Promise<{ replies: ChatMessage[] }> {
    return this.#generate(input, context);
  }

  #getClient(): Promise<{ client: OpenAI; key: string | undefined }> {
    this.#client ??= (async () => {
      const { OpenAI: Client } = await loadSdk();
      const key = this.apiKey.resolveValue();
      const http = this.httpClientKwargs ?? {};
      const client = new Client({
        // The SDK insists on a key; an OpenAI-compatible local server may not need one.
        apiKey: key ?? '',
        ...(this.apiBaseUrl !== undefined ? { baseURL: this.apiBaseUrl } : {}),
        ...(this.organization !== undefined ? { organization: this.organization } : {}),
        timeout: this.#sdkTimeoutMs(),
        // Retries are the generator's own (#withRetries): the SDK's sleeps cannot be capped or aborted.
        maxRetries: 0,
        ...(http.fetch !== undefined ? { fetch: http.fetch } : {}),
        ...(http.fetchOptions !== undefined ? { fetchOptions: http.fetchOptions as never } : {}),
        ...(http.defaultHeaders !== undefined ? { defaultHeaders: { ...http.defaultHeaders } } : {}),
        ...(http.defaultQuery !== undefined ? { defaultQuery: { ...http.defaultQuery } } : {}),
      });
      return { client, key };
    })();
    // A failed creation (missing key) must not be cached: the user may set the variable and retry.
    this.#client.catch(() => {
      this.#client = undefined;
    });
    return this.#client;
  }

  async #generate(input: OpenAIChatGeneratorInput, context?: RunContext): Promise<{ replies: ChatMessage[] }> {
    const signal = context?.signal;
    signal?.throwIfAborted();
    const messages = normalizeMessages(input.messages);
    if (messages.length === 0) return { replies: [] };
    const callback = selectStreamingCallback(this.streamingCallback, input.streamingCallback);

    const kwargs: Record<string, unknown> = { ...this.generationKwargs, ...input.generationKwargs };
    const n = kwargs['n'] ?? 1;
    delete kwargs['n'];
    if (callback !== undefined && n !== 1) {
      throw new ComponentError('OpenAIChatGenerator: cannot stream multiple responses, please set n=1.', {
        component: context?.componentName,
      });
    }
    const tools = validateTools('OpenAIChatGenerator.run', input.tools ?? this.tools);
    const strict = input.toolsStrict ?? this.toolsStrict;
    const body: Record<string, unknown> = {
      model: this.model,
      messages: messages.map(toOpenAIMessage),
      n,
      ...(tools !== undefined && tools.length > 0 ? { tools: tools.map((t) => openAITool(t, strict)) } : {}),
      ...kwargs,
      stream: callback !== undefined,
    };

    const { client, key } = await this.#getClient();
    signal?.throwIfAborted();
    const module = await loadSdk();
    const call: Call = { key, module, signal, where: whereOf(context), component: context?.componentName };
    const replies = await this.#withRetries(call, (attempt) =>
      callback === undefined ? this.#complete(client, body, attempt, call) : this.#stream(client, body, attempt, call, callback, context),
    );
    for (const reply of replies) warnOnFinishReason(reply);
    return { replies };
  }

  /**
   * Runs `attempt` up to 1 + maxRetries times. The SDK's own loop is off (`maxRetries: 0`): its
   * sleeps honour neither the signal nor a cap, and its timers outlive abandoned calls.
   */
  async #withRetries<T>(call: Call, run: (attempt: Attempt) => Promise<T>): Promise<T> {
    for (let retry = 0; ; retry++) {
      const attempt = new Attempt(call.signal, this.timeout * 1000);
      let failure: ChatGeneratorError;
      let headers: Headers | undefined;
      try {
        return await run(attempt);
      } catch (error) {
        if (call.signal?.aborted) throw call.signal.reason;
        if (error instanceof Final) throw error.error;
        headers = error instanceof call.module.APIError ? error.headers : undefined;
        failure = this.#mapError(error, attempt, call, retry + 1, headers);
      } finally {
        attempt.dispose();
      }
      const verdict = serverRetryVerdict(headers);
      const wanted = verdict ?? failure.retryable;
      if (!wanted || retry >= this.maxRetries || failure instanceof ChatGeneratorResponseError) throw failure;
      const asked = failure.retryAfter;
      if (asked !== undefined && asked > this.maxRetryDelay) {
        throw withMessage(
          failure,
          `${failure.message} The server asked to retry after ${asked}s, more than maxRetryDelay (${this.maxRetryDelay}s), so no retry was made; ` +
            `try again later (error.retryAfter) or raise 'maxRetryDelay'.`,
        );
      }
      const delay = asked ?? Math.min(backoffSeconds(retry), this.maxRetryDelay);
      getLogger().info?.(`${call.where}: attempt ${retry + 1} failed (${failure.name}); retrying in ${delay.toFixed(3)}s.`, {
        component: call.component,
        status: failure.status,
        retriesLeft: this.maxRetries - retry - 1,
      });
      await abortableSleep(delay * 1000, call.signal);
    }
  }

  /** One non-streamed attempt: the whole body is read, parsed and validated within the attempt's countdown. */
  async #complete(client: OpenAI, body: Record<string, unknown>, attempt: Attempt, call: Call): Promise<ChatMessage[]> {
    const response = await this.#send(client, body, attempt);
    const text = await boundedText(response, attempt, this.maxResponseBytes).catch((error: unknown) => {
      throw this.#bodyFailure(error, attempt, call, response);
    });
    const completion = this.#parseJson(text, response, call, 'the response body');
    const parsed = completionSchema.safeParse(completion);
    if (!parsed.success) throw this.#shapeFailure(completion, parsed.error, response, call, 'the completion');
    return repliesFromCompletion(parsed.data, getLogger());
  }

  /**
   * One streamed attempt. Failures before the headers are retried; once they arrive, chunks reach
   * the callback, so any later failure ends the call (wrapped in {@link Final}).
   */
  async #stream(client: OpenAI, body: Record<string, unknown>, attempt: Attempt, call: Call, callback: StreamingCallback, context?: RunContext): Promise<ChatMessage[]> {
    const response = await this.#send(client, body, attempt);
    try {
      return await this.#consumeStream(response, attempt, callback, call, context);
    } catch (error) {
      throw new Final(error);
    }
  }

  async #consumeStream(response: Response, attempt: Attempt, callback: StreamingCallback, call: Call, context?: RunContext): Promise<ChatMessage[]> {
    // From here the countdown runs only while waiting on the server: an inactivity timeout.
    attempt.disarm();
    const info = new ComponentInfo(this.typeName, context?.componentName ?? null);
    const chunks: StreamingChunk[] = [];
    const decoder = new SseDecoder();
    const body = boundedBody(response, attempt, { maxBytes: this.maxResponseBytes, inactivity: true });
    let done = false;
    let events = 0;
    // The first bytes, to describe a body that holds no events at all (a JSON answer to a stream request).
    let head = '';
    try {
      while (!done) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await body.next();
        } catch (error) {
          if (call.signal?.aborted) throw call.signal.reason;
          throw this.#bodyFailure(error, attempt, call, response, chunks.length);
        }
        if (next.done !== true && head.length < 80) head += new TextDecoder().decode(next.value.subarray(0, 80));
        const decoded = next.done === true ? decoder.end() : decoder.push(next.value);
        if (next.done === true && events === 0 && decoded.length === 0 && head.trim() !== '') {
          throw new ChatGeneratorResponseError(
            `${call.where}: the API answered ${response.status} to a streaming request without any server-sent event ` +
              `(content-type ${JSON.stringify(response.headers.get('content-type'))}, starts with ${JSON.stringify(redact(head.slice(0, 80), call.key))}). ` +
              "Check that 'apiBaseUrl' points at an OpenAI-compatible API that streams.",
            responseDetails(response, call),
          );
        }
        for (const event of decoded) {
          events++;
          if (event.data === '[DONE]') {
            done = true;
            break;
          }
          const data = this.#parseJson(event.data, response, call, `streamed event #${events}`);
          const parsed = completionChunkSchema.safeParse(data);
          if (!parsed.success) throw this.#shapeFailure(data, parsed.error, response, call, `streamed event #${events}`);
          if (parsed.data.choices.length > 1) {
            throw new ChatGeneratorResponseError(`${call.where}: streaming received a chunk with more than one choice; set n=1.`, {
              ...responseDetails(response, call),
            });
          }
          const converted = streamingChunkFrom(parsed.data, chunks.length, info);
          chunks.push(converted);
          await callback(converted);
          // Chunks already decoded would otherwise still be delivered after a cancel.
          call.signal?.throwIfAborted();
        }
        if (next.done === true) break;
      }
    } finally {
      // Cuts the response when the callback threw, the run was cancelled or [DONE] came early.
      await body.return();
    }
    let reply = messageFromChunks(chunks, getLogger());
    // Raw reasons: a reason Haystack does not map (a local server's 'eos') still finished the stream.
    if (!chunks.some((c) => c.meta['finish_reason'] !== null && c.meta['finish_reason'] !== undefined)) {
      reply = reply.with({ meta: { ...reply.meta, incomplete: true } });
      getLogger().warn(
        `${call.where}: the stream ended ${done ? 'with [DONE] but' : 'without [DONE] and'} without a finish reason after ${chunks.length} chunks; ` +
          'the reply may be cut short (meta.incomplete = true).',
        { component: call.component, requestId: requestIdOf(response) },
      );
    }
    return [reply];
  }

  /**
   * The SDK's own timer, a backstop one second behind the attempt's: the attempt's countdown fires
   * first and also covers the body, which the SDK's timer does not.
   */
  #sdkTimeoutMs(): number {
    return Math.min(Math.ceil(this.timeout * 1000) + 1000, MAX_TIMER_MS);
  }

  /** Sends the request through the SDK (headers, auth, error statuses) and returns the unread 2xx response. */
  #send(client: OpenAI, body: Record<string, unknown>, attempt: Attempt): Promise<Response> {
    const request = client.chat.completions.create(body as never, {
      signal: attempt.signal,
      maxRetries: 0,
      timeout: this.#sdkTimeoutMs(),
    }) as unknown as { asResponse(): Promise<Response> };
    return request.asResponse();
  }

  #parseJson(text: string, response: Response, call: Call, what: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ChatGeneratorResponseError(
        `${call.where}: the API answered ${response.status} but ${what} is not JSON (starts with ${JSON.stringify(redact(text.slice(0, 80), call.key))}). ` +
          "Check that 'apiBaseUrl' points at an OpenAI-compatible API.",
        responseDetails(response, call),
      );
    }
  }

  #shapeFailure(value: unknown, error: z.ZodError, response: Response, call: Call, what: string): ChatGeneratorError {
    const apiError = errorBodySchema.safeParse(value);
    if (apiError.success) {
      const e = apiError.data.error;
      const message = typeof e === 'string' ? e : (e.message ?? 'no message');
      const code = typeof e === 'string' || e.code === null || e.code === undefined ? undefined : String(e.code);
      return new ChatGeneratorResponseError(
        `${call.where}: the API answered ${response.status} with an error instead of ${what}: ${redact(message, call.key)}.`,
        { ...responseDetails(response, call), code },
      );
    }
    return new ChatGeneratorResponseError(
      `${call.where}: the API answered ${response.status} but ${what} has an unexpected shape (${describeIssues(error)}). ` +
        "Check that 'apiBaseUrl' points at an OpenAI-compatible API.",
      responseDetails(response, call),
    );
  }

  /** A failure while reading a 2xx body: the countdown, the size limit, or a lost connection. */
  #bodyFailure(error: unknown, attempt: Attempt, call: Call, response: Response, chunks?: number): unknown {
    if (call.signal?.aborted) return call.signal.reason;
    const details = responseDetails(response, call);
    const during = chunks === undefined ? 'while reading the response body' : `mid-stream after ${chunks} chunks`;
    if (attempt.timedOut) {
      return new ChatGeneratorTimeoutError(
        `${call.where}: the server sent no data for ${this.timeout}s ${during}. Raise 'timeout' (seconds) or check the server.`,
        details,
      );
    }
    if (error instanceof BodyTooLargeError) {
      return new ChatGeneratorResponseError(
        `${call.where}: the response exceeded maxResponseBytes (${error.limit} bytes). Raise 'maxResponseBytes' or ask for less (max_completion_tokens, n).`,
        details,
      );
    }
    const reason = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
    return new ChatGeneratorConnectionError(`${call.where}: the connection was lost ${during} (${redact(reason, call.key)}).`, details);
  }

  #mapError(error: unknown, attempt: Attempt, call: Call, attempts: number, headers: Headers | undefined): ChatGeneratorError {
    const { module, where } = call;
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    if (error instanceof ChatGeneratorError) return error;
    if (attempt.timedOut || error instanceof module.APIConnectionTimeoutError) {
      return new ChatGeneratorTimeoutError(
        `${where}: the request timed out after ${this.timeout}s (${tries}). Raise 'timeout' (seconds) or check the server.`,
        { component: call.component },
      );
    }
    if (!(error instanceof module.APIError)) {
      const detail = error instanceof Error ? error.message : String(error);
      return new ChatGeneratorError(`${where}: the request failed (${tries}): ${redact(detail, call.key)}.`, { component: call.component });
    }
    const detail = redact(error.message, call.key);
    const status = typeof error.status === 'number' ? error.status : undefined;
    const code = typeof error.code === 'string' ? error.code : undefined;
    const requestId = typeof error.requestID === 'string' ? error.requestID : undefined;
    const details = { status, code, requestId, retryAfter: retryAfterSeconds(headers), component: call.component };
    if (error instanceof module.APIConnectionError) {
      return new ChatGeneratorConnectionError(`${where}: could not reach the API (${tries}): ${detail}. Check 'apiBaseUrl' and the network.`, details);
    }
    const prefix = `${where}: the API answered ${status ?? 'an error'} for model '${this.model}' (${tries}): ${detail}.`;
    if (status === 401 || status === 403) {
      return new ChatGeneratorAuthenticationError(`${prefix} Check the API key (${this.apiKey.envVars.join(', ') || 'token secret'}).`, details);
    }
    if (status === 429) return new ChatGeneratorRateLimitError(`${prefix} Rate limit or quota exceeded; slow down or raise 'maxRetries'.`, details);
    if (status !== undefined && status >= 500) return new ChatGeneratorServerError(`${prefix} The provider failed; try again later.`, details);
    if (status !== undefined && status >= 400) return new ChatGeneratorBadRequestError(`${prefix} Check the model name and generationKwargs.`, details);
    return new ChatGeneratorError(prefix, details);
  }

  /** Haystack's layout; the key serializes as its env-var reference (a token secret cannot be saved). */
  toDict(context?: ToDictContext): ComponentDict {
    const o = this.#options;
    let callbackName: string | null = null;
    if (this.streamingCallback !== undefined) {
      const name = context?.registry?.callableName(this.streamingCallback);
      if (name === undefined) {
        throw new SerializationError(
          'OpenAIChatGenerator.toDict: the streaming callback cannot be serialized; register it with registry.registerCallable(name, fn) and pass the registry.',
          { component: context?.componentName },
        );
      }
      callbackName = name;
    }
    if (this.httpClientKwargs?.fetch !== undefined) {
      throw new SerializationError('OpenAIChatGenerator.toDict: a custom fetch in httpClientKwargs cannot be serialized.', {
        component: context?.componentName,
      });
    }
    return {
      type: OpenAIChatGenerator.typeName,
      init_parameters: {
        api_key: this.apiKey.toDict(),
        model: this.model,
        organization: this.organization ?? null,
        streaming_callback: callbackName,
        api_base_url: this.apiBaseUrl ?? null,
        generation_kwargs: structuredClone({ ...this.generationKwargs }),
        tools: this.tools ? structuredClone(this.tools.map((t) => ({ ...t }))) : null,
        tools_strict: this.toolsStrict,
        max_retries: o.maxRetries ?? null,
        timeout: o.timeout ?? null,
        // Not Haystack parameters: written only when set, so default dicts still load in Haystack.
        ...(o.maxRetryDelay !== undefined && o.maxRetryDelay !== null ? { max_retry_delay: o.maxRetryDelay } : {}),
        ...(o.maxResponseBytes !== undefined && o.maxResponseBytes !== null ? { max_response_bytes: o.maxResponseBytes } : {}),
        http_client_kwargs: this.httpClientKwargs ? structuredClone({ ...this.httpClientKwargs }) : null,
      },
    };
  }

  /** Rebuilds the generator; a named streaming callback is resolved through the registry. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): OpenAIChatGenerator {
    const params = (data['init_parameters'] ?? {}) as Record<string, unknown>;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new DeserializationError("OpenAIChatGenerator.fromDict: 'init_parameters' must be a mapping.");
    }
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (v !== null) options[snakeToCamel(k)] = v;
    if (options['apiKey'] !== undefined) options['apiKey'] = Secret.fromDict(options['apiKey']);
    const callback = options['streamingCallback'];
    if (typeof callback === 'string') {
      const fn = context?.registry.callable(callback);
      if (typeof fn !== 'function') {
        throw new DeserializationError(
          `OpenAIChatGenerator.fromDict: streaming callback '${callback}' is not registered; register it with registry.registerCallable('${callback}', fn).`,
          { component: context?.componentName },
        );
      }
      options['streamingCallback'] = fn;
    }
    return new OpenAIChatGenerator(options as OpenAIChatGeneratorOptions);
  }

  /** Never prints the key. */
  override toString(): string {
    return `OpenAIChatGenerator(model=${this.model}, apiKey=${this.apiKey.toString()})`;
  }
}

function normalizeMessages(messages: unknown): ChatMessage[] {
  if (typeof messages === 'string') return [ChatMessage.fromUser(messages)];
  if (Array.isArray(messages) && messages.every((m) => m instanceof ChatMessage)) return messages as ChatMessage[];
  throw new ComponentError('OpenAIChatGenerator: invalid messages type; expected a list of ChatMessage or a string.', { socket: 'messages' });
}

function openAITool(tool: ToolDefinition, strict: boolean): Record<string, unknown> {
  const fn: Record<string, unknown> = {
    name: tool.name,
    description: tool.description,
    parameters: strict ? strictSchema(tool.parameters) : tool.parameters,
  };
  if (strict) fn['strict'] = true;
  return { type: 'function', function: fn };
}

/** OpenAI's strict mode: closed objects, every property required, applied recursively. */
export function strictSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && typeof v === 'object' && v !== null) {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, strictSchema(sub)]));
    } else if (['items', '$defs', 'definitions', 'anyOf', 'oneOf', 'allOf'].includes(k)) {
      out[k] =
        k === '$defs' || k === 'definitions'
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, sub]) => [name, strictSchema(sub)]))
          : strictSchema(v);
    } else out[k] = v;
  }
  if (out['type'] === 'object' || out['properties'] !== undefined) {
    out['additionalProperties'] = false;
    out['required'] = Object.keys((out['properties'] as Record<string, unknown> | undefined) ?? {});
  }
  return out;
}

function warnOnFinishReason(reply: ChatMessage): void {
  const reason = reply.meta['finish_reason'];
  const index = reply.meta['index'] as number | undefined;
  if (reason === 'length') {
    getLogger().warn(
      `OpenAIChatGenerator: the completion for index ${String(index)} has been truncated before reaching a natural stopping point. ` +
        'Increase the max_completion_tokens parameter to allow for longer completions.',
    );
  } else if (reason === 'content_filter') {
    getLogger().warn(`OpenAIChatGenerator: the completion for index ${String(index)} has been truncated due to the content filter.`);
  }
}

/** What every step of one call needs. */
interface Call {
  readonly key: string | undefined;
  readonly module: OpenAIModule;
  readonly signal: AbortSignal | undefined;
  /** `OpenAIChatGenerator 'llm'`, the prefix of every message. */
  readonly where: string;
  readonly component: string | undefined;
}

/** A failure that must not be retried (a stream that already delivered chunks). */
class Final {
  constructor(readonly error: unknown) {}
}

function whereOf(context: RunContext | undefined): string {
  return `OpenAIChatGenerator${context?.componentName ? ` '${context.componentName}'` : ''}`;
}

function requestIdOf(response: Response): string | undefined {
  return response.headers.get('x-request-id') ?? undefined;
}

function responseDetails(response: Response, call: Call): { status: number; requestId: string | undefined; component: string | undefined } {
  return { status: response.status, requestId: requestIdOf(response), component: call.component };
}

function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}
