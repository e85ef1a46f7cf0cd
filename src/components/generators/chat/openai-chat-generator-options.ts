import { ComponentError } from '../../../errors.js';
import type { StreamingCallback } from '../../../dataclasses/streaming-chunk.js';
import { Secret } from '../../../dataclasses/secret.js';
import { describeValue } from '../../../describe.js';

/** A function tool the model may call (Haystack's `Tool` without the Python function). */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the arguments object. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Options of the underlying HTTP client (Haystack's `http_client_kwargs`), passed to the `openai` SDK. */
export interface HttpClientKwargs {
  /** A custom fetch (proxies, instrumentation). */
  readonly fetch?: typeof fetch | undefined;
  /** Extra `RequestInit` fields for every request (e.g. an undici `dispatcher`). */
  readonly fetchOptions?: Readonly<Record<string, unknown>> | undefined;
  /** Headers added to every request. */
  readonly defaultHeaders?: Readonly<Record<string, string>> | undefined;
  /** Query parameters added to every request. */
  readonly defaultQuery?: Readonly<Record<string, string>> | undefined;
}

/** Options of {@link OpenAIChatGenerator} (Haystack's `OpenAIChatGenerator.__init__`). */
export interface OpenAIChatGeneratorOptions {
  /**
   * The API key. Resolved when the client is created (first run or `warmUp()`), not at construction.
   * @default Secret.fromEnvVar(['OPENAI_API_KEY'])
   */
  readonly apiKey?: Secret | undefined;
  /**
   * The model name.
   * @default 'gpt-4o-mini'
   * @example 'gpt-4.1'
   */
  readonly model?: string | undefined;
  /**
   * Called with every streamed chunk, in order; enables streaming. A run-time callback replaces it.
   * @default undefined (no streaming)
   */
  readonly streamingCallback?: StreamingCallback | null | undefined;
  /**
   * Base URL of an OpenAI-compatible API.
   * @default undefined (the SDK then reads OPENAI_BASE_URL, else https://api.openai.com/v1)
   * @example 'http://127.0.0.1:8080/v1'
   */
  readonly apiBaseUrl?: string | null | undefined;
  /**
   * OpenAI organization id.
   * @default undefined (the SDK then reads OPENAI_ORG_ID)
   */
  readonly organization?: string | null | undefined;
  /**
   * Request parameters sent as they are (`temperature`, `max_completion_tokens`, `response_format`,
   * `stream_options`, `n`, ...); merged per key with run-time ones, run-time winning.
   * @default {}
   * @example { temperature: 0, max_completion_tokens: 256 }
   */
  readonly generationKwargs?: Readonly<Record<string, unknown>> | null | undefined;
  /**
   * Timeout of one attempt in **seconds**, as in Haystack. It keeps running after the response
   * headers arrive: a non-streamed attempt must deliver its whole body within it; a stream must
   * deliver its headers within it and then never go longer than it between two reads (an
   * inactivity timeout, like httpx's read timeout). Expiry raises `ChatGeneratorTimeoutError`
   * (after the retries).
   * @default Number(process.env.OPENAI_TIMEOUT ?? 30)
   * @example 10
   */
  readonly timeout?: number | null | undefined;
  /**
   * Retries of failed attempts (408, 409, 429, 5xx, timeouts, connection errors; a server's
   * `x-should-retry` header overrides), with exponential backoff and jitter (0.5 s doubling, at
   * most 8 s) or the server's `retry-after-ms`/`Retry-After`. A stream is not retried once its
   * headers have arrived.
   * @default Number(process.env.OPENAI_MAX_RETRIES ?? 5)
   */
  readonly maxRetries?: number | null | undefined;
  /**
   * The longest wait between two attempts, in **seconds**. When the server asks for a longer wait
   * (`Retry-After: 3600`), the generator does not retry: it raises the error at once with its
   * `retryAfter` field set, so the caller can schedule the next try. Waits honour the run's signal.
   * @default 60
   * @example 5
   */
  readonly maxRetryDelay?: number | null | undefined;
  /**
   * The most bytes one response body may have (a non-streamed completion, or a whole stream).
   * Beyond it the call fails with `ChatGeneratorResponseError` instead of buffering without bound.
   * @default 67108864 (64 MiB)
   * @example 1_000_000
   */
  readonly maxResponseBytes?: number | null | undefined;
  /**
   * Function tools the model may call. Names must be unique.
   * @default undefined
   */
  readonly tools?: readonly ToolDefinition[] | null | undefined;
  /**
   * Send tools with `strict: true` and their schemas made strict (no extra properties, all required).
   * @default false
   */
  readonly toolsStrict?: boolean | undefined;
  /**
   * HTTP client settings (custom fetch, fetch options, headers).
   * @default undefined
   */
  readonly httpClientKwargs?: HttpClientKwargs | null | undefined;
}

/** Validates tool definitions: objects with a string name and description, unique names. */
export function validateTools(where: string, tools: unknown): readonly ToolDefinition[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new ComponentError(`${where}: expected 'tools' to be a list of tool definitions, got ${describeValue(tools)}.`);
  const names = new Set<string>();
  for (const tool of tools as unknown[]) {
    const t = tool as Partial<ToolDefinition> | null;
    if (typeof t !== 'object' || t === null || typeof t.name !== 'string' || typeof t.parameters !== 'object' || t.parameters === null) {
      throw new ComponentError(`${where}: expected each tool to be { name, description, parameters }, got ${JSON.stringify(tool)}.`);
    }
    if (names.has(t.name)) throw new ComponentError(`${where}: duplicate tool names are not allowed: '${t.name}'.`);
    names.add(t.name);
  }
  return tools as readonly ToolDefinition[];
}

/** Every option name, to refuse unknown (misspelled) ones. */
const OPTION_NAMES: ReadonlySet<string> = new Set<keyof OpenAIChatGeneratorOptions>([
  'apiKey',
  'model',
  'streamingCallback',
  'apiBaseUrl',
  'organization',
  'generationKwargs',
  'timeout',
  'maxRetries',
  'maxRetryDelay',
  'maxResponseBytes',
  'tools',
  'toolsStrict',
  'httpClientKwargs',
]);

/** Validates the options once, with "expected X, got Y" messages; unknown options are errors. */
export function validateOpenAIChatGeneratorOptions(options: unknown): OpenAIChatGeneratorOptions {
  const where = 'OpenAIChatGenerator';
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ComponentError(`${where}: expected an options object, got ${describeValue(options)}.`);
  }
  const o = options as Record<string, unknown>;
  for (const name of Object.keys(o)) {
    if (!OPTION_NAMES.has(name)) {
      throw new ComponentError(`${where}: unknown option ${JSON.stringify(name)}; expected one of ${[...OPTION_NAMES].join(', ')}.`);
    }
  }
  if (o['apiKey'] !== undefined && !(o['apiKey'] instanceof Secret)) {
    throw new ComponentError(`${where}: expected 'apiKey' to be a Secret (Secret.fromEnvVar / Secret.fromToken), got ${describeValue(o['apiKey'], { hideText: true })}.`);
  }
  if (o['model'] !== undefined && (typeof o['model'] !== 'string' || o['model'] === '')) {
    throw new ComponentError(`${where}: expected 'model' to be a non-empty string, got ${describeValue(o['model'])}.`);
  }
  for (const key of ['apiBaseUrl', 'organization'] as const) {
    if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') {
      throw new ComponentError(`${where}: expected '${key}' to be a string, got ${describeValue(o[key])}.`);
    }
  }
  if (o['streamingCallback'] !== undefined && o['streamingCallback'] !== null && typeof o['streamingCallback'] !== 'function') {
    throw new ComponentError(`${where}: expected 'streamingCallback' to be a function, got ${describeValue(o['streamingCallback'])}.`);
  }
  const kwargs = o['generationKwargs'];
  if (kwargs !== undefined && kwargs !== null && (typeof kwargs !== 'object' || Array.isArray(kwargs))) {
    throw new ComponentError(`${where}: expected 'generationKwargs' to be an object, got ${describeValue(kwargs)}.`);
  }
  const timeout = o['timeout'];
  if (timeout !== undefined && timeout !== null && (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0)) {
    throw new ComponentError(`${where}: expected 'timeout' to be a positive number of seconds, got ${String(timeout)}.`);
  }
  const retries = o['maxRetries'];
  if (retries !== undefined && retries !== null && (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0)) {
    throw new ComponentError(`${where}: expected 'maxRetries' to be a non-negative integer, got ${String(retries)}.`);
  }
  const delay = o['maxRetryDelay'];
  if (delay !== undefined && delay !== null && (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0)) {
    throw new ComponentError(`${where}: expected 'maxRetryDelay' to be a non-negative number of seconds, got ${String(delay)}.`);
  }
  const bytes = o['maxResponseBytes'];
  if (bytes !== undefined && bytes !== null && (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes <= 0)) {
    throw new ComponentError(`${where}: expected 'maxResponseBytes' to be a positive integer, got ${String(bytes)}.`);
  }
  if (o['toolsStrict'] !== undefined && typeof o['toolsStrict'] !== 'boolean') {
    throw new ComponentError(`${where}: expected 'toolsStrict' to be a boolean, got ${describeValue(o['toolsStrict'])}.`);
  }
  const http = o['httpClientKwargs'];
  if (http !== undefined && http !== null && (typeof http !== 'object' || Array.isArray(http))) {
    throw new ComponentError(`${where}: expected 'httpClientKwargs' to be an object, got ${describeValue(http)}.`);
  }
  validateTools(where, o['tools']);
  return options as OpenAIChatGeneratorOptions;
}

/** Reads a number from the environment, falling back when unset or not a number. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  return Number.isFinite(value) ? value : fallback;
}
