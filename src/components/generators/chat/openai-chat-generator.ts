/**
 * OpenAIChatGenerator (Haystack's `haystack/components/generators/chat/openai.py`) on the official
 * `openai` SDK: chat completions with streaming, tools, retries, timeouts and cancellation.
 */
import type OpenAI from 'openai';
import { z } from 'zod';
import { Component, type ComponentDict, type RunContext } from '../../../core/component/component.js';
import { ComponentError, DeserializationError, HaystackError, SerializationError } from '../../../core/errors.js';
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
import { Secret } from '../../../utils/secret.js';
import {
  ChatGeneratorAuthenticationError,
  ChatGeneratorBadRequestError,
  ChatGeneratorConnectionError,
  ChatGeneratorError,
  ChatGeneratorRateLimitError,
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
import { messageFromChunks, repliesFromCompletion, streamingChunkFrom, toOpenAIMessage } from './openai-conversion.js';

const chatMessages = z.array(z.instanceof(ChatMessage));
const inputs = {
  messages: z.union([chatMessages, z.string()]),
  streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function', 'expected a function').optional(),
  generationKwargs: z.record(z.string(), z.unknown()).optional(),
  tools: z.array(z.custom<ToolDefinition>((v) => typeof v === 'object' && v !== null, 'expected a tool definition')).optional(),
  toolsStrict: z.boolean().optional(),
};
const outputs = { replies: chatMessages };

type Inputs = typeof inputs;
type Outputs = typeof outputs;
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
  sdk ??= import('openai');
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
    this.tools = valid.tools ?? undefined;
    this.toolsStrict = valid.toolsStrict ?? false;
    this.httpClientKwargs = valid.httpClientKwargs ?? undefined;
  }

  /** Creates the SDK client (resolving the key). Idempotent; runs call it too. */
  override async warmUp(): Promise<void> {
    await this.#getClient();
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
        timeout: this.timeout * 1000,
        maxRetries: this.maxRetries,
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
    const logger = getLogger();
    let replies: ChatMessage[];
    if (callback === undefined) {
      let completion: unknown;
      try {
        completion = await client.chat.completions.create(body as never, signal ? { signal } : {});
      } catch (error) {
        throw this.#mapError(error, module, key, signal, context);
      }
      replies = repliesFromCompletion(completion as Parameters<typeof repliesFromCompletion>[0], logger);
    } else {
      const info = new ComponentInfo(this.typeName, context?.componentName ?? null);
      const chunks: StreamingChunk[] = [];
      let stream: AsyncIterable<unknown> & { controller: AbortController };
      try {
        stream = (await client.chat.completions.create(body as never, signal ? { signal } : {})) as unknown as typeof stream;
      } catch (error) {
        throw this.#mapError(error, module, key, signal, context);
      }
      let finished = false;
      try {
        for await (const raw of stream) {
          const chunk = raw as Parameters<typeof streamingChunkFrom>[0];
          if (chunk.choices.length > 1) {
            throw new HaystackError('OpenAIChatGenerator: streaming received a chunk with more than one choice; set n=1.');
          }
          const converted = streamingChunkFrom(chunk, chunks.length, info);
          chunks.push(converted);
          await callback(converted);
          // Chunks already buffered by the SDK would otherwise still be delivered after a cancel.
          signal?.throwIfAborted();
        }
        finished = true;
      } catch (error) {
        if (error instanceof module.APIError || signal?.aborted) throw this.#mapError(error, module, key, signal, context);
        throw error;
      } finally {
        // Stop the HTTP response when the callback threw or the run was cancelled.
        if (!finished) stream.controller.abort();
      }
      replies = [messageFromChunks(chunks, logger)];
    }
    for (const reply of replies) warnOnFinishReason(reply);
    return { replies };
  }

  #mapError(error: unknown, module: OpenAIModule, key: string | undefined, signal: AbortSignal | undefined, context?: RunContext): unknown {
    if (signal?.aborted) return signal.reason;
    if (error instanceof module.APIUserAbortError) return new DOMException('The operation was aborted.', 'AbortError');
    if (!(error instanceof module.APIError)) return error;
    const where = `OpenAIChatGenerator${context?.componentName ? ` '${context.componentName}'` : ''}`;
    const detail = redact(error.message, key);
    const status = typeof error.status === 'number' ? error.status : undefined;
    const code = typeof error.code === 'string' ? error.code : undefined;
    const requestId = typeof error.requestID === 'string' ? error.requestID : undefined;
    const details = { status, code, requestId, component: context?.componentName };
    if (error instanceof module.APIConnectionTimeoutError) {
      return new ChatGeneratorTimeoutError(
        `${where}: the request timed out after ${this.timeout}s (${this.maxRetries} retries). Raise 'timeout' (seconds) or check the server.`,
        details,
      );
    }
    if (error instanceof module.APIConnectionError) {
      return new ChatGeneratorConnectionError(`${where}: could not reach the API: ${detail}. Check 'apiBaseUrl' and the network.`, details);
    }
    const prefix = `${where}: the API answered ${status ?? 'an error'} for model '${this.model}': ${detail}.`;
    if (status === 401 || status === 403) {
      return new ChatGeneratorAuthenticationError(`${prefix} Check the API key (${this.apiKey.envVars.join(', ') || 'token secret'}).`, details);
    }
    if (status === 429) {
      return new ChatGeneratorRateLimitError(`${prefix} Rate limit or quota exceeded after ${this.maxRetries} retries; slow down or raise 'maxRetries'.`, details);
    }
    if (status !== undefined && status >= 500) {
      return new ChatGeneratorServerError(`${prefix} The provider failed after ${this.maxRetries} retries; try again later.`, details);
    }
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
