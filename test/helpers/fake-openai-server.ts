/**
 * A fake OpenAI Chat Completions server for tests, demos and benchmarks: a real `node:http`
 * server on 127.0.0.1 (random port) speaking `POST /v1/chat/completions`, JSON and SSE streaming.
 *
 * @example
 * const server = await FakeOpenAIServer.start({ latencyMs: 200 });
 * const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-test'), apiBaseUrl: server.baseUrl });
 * await llm.run({ messages: [ChatMessage.fromUser('hi')] }); // replies 'Echo: hi'
 * server.requests[0].body.messages;   // what the client sent
 * server.maxConcurrency;              // most requests in flight at once
 * await server.close();
 *
 * Behaviour:
 * - Replies echo the last user message (`Echo: <text>`) unless `reply` returns something else
 *   (`{ content }`, `{ toolCalls: [{ id, name, arguments }] }`, `{ finishReason }`, `{ usage }`).
 * - `latencyMs` delays every response (before the first byte); `chunkDelayMs` spaces SSE chunks.
 * - `hold()` keeps every response (before the first byte) until the returned release is called:
 *   tests that need requests to overlap wait for `inFlight` instead of hoping a delay is long enough.
 * - `failNext(n, { status, headers })` answers the next n requests with an error (with `retry-after-ms: 1`
 *   so retries are instant, unless `headers` sets `retry-after`/`retry-after-ms` itself), then succeeds;
 *   `hangNext(n)` never answers n requests (timeouts).
 * - `misbehaveNext(kind, n)` answers the next n requests as a server on a bad day: see {@link FakeMisbehaviour}.
 * - Every answer carries `x-request-id: req_fake_<n>`.
 * - `requests` records every request (body, headers, time); `maxConcurrency`/`inFlight` track load.
 * - Streams split content into word chunks after a role chunk, end with a finish chunk, a usage chunk
 *   when `stream_options.include_usage` is set, and `data: [DONE]`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body (`{}` if it was not JSON). */
  readonly body: ChatCompletionRequestBody;
  readonly receivedAt: number;
}

/** The part of the request body the fake reads. */
export interface ChatCompletionRequestBody {
  model?: string;
  messages?: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string; name?: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  n?: number;
  tools?: unknown[];
  [key: string]: unknown;
}

/** What a reply contains; anything left out gets a default. */
export interface FakeReply {
  content?: string | null;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

/** Options of {@link FakeOpenAIServer.start}. */
export interface FakeOpenAIServerOptions {
  /** Delay before every response, in ms. @default 0 */
  latencyMs?: number;
  /** Delay between SSE chunks, in ms. @default 0 */
  chunkDelayMs?: number;
  /** Builds the reply from the request. @default echo of the last user message */
  reply?: (request: RecordedRequest) => FakeReply;
  /** The model name reported back. @default the requested model, or 'gpt-4o-mini' */
  model?: string;
  /** Content length of a `huge` reply. @default 1_000_000 */
  hugeBytes?: number;
}

/** An injected failure: status code and optional error body/headers. */
export interface FakeFailure {
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

/**
 * Ways the server misbehaves (each for one request, queued by `misbehaveNext`):
 * - `stall-after-headers`: 200 and headers, then (non-streamed) half a JSON body, or (streamed) nothing, forever;
 * - `stall-mid-stream`: a role chunk and one content chunk, then nothing, forever;
 * - `garbage-json`: 200 with a body that is not JSON (echoing the Authorization header, as hostile proxies do);
 * - `no-choices`: 200 with a completion object without `choices`;
 * - `malformed-choices`: 200 with `choices: [{ message: 42 }]`;
 * - `error-body`: 200 with `{ error: { message, code } }` (echoing the Authorization header) instead of a
 *   completion, or as an SSE event after a role chunk;
 * - `garbage-sse`: a valid chunk, then `data: {not json <Authorization header>`;
 * - `truncated-stream`: content chunks, then the response ends cleanly without a finish chunk or `[DONE]`;
 * - `reset-before-headers`: the socket is destroyed before any byte is sent;
 * - `reset-mid-body`: headers and part of the body (or two chunks), then the socket is destroyed;
 * - `huge`: a valid reply of `hugeBytes` characters of content (streamed in 1000-character chunks).
 */
export type FakeMisbehaviour =
  | 'stall-after-headers'
  | 'stall-mid-stream'
  | 'garbage-json'
  | 'no-choices'
  | 'malformed-choices'
  | 'error-body'
  | 'garbage-sse'
  | 'truncated-stream'
  | 'reset-before-headers'
  | 'reset-mid-body'
  | 'huge';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Default reply: `Echo: <text of the last user message>`. */
export function echoReply(request: RecordedRequest): FakeReply {
  const users = (request.body.messages ?? []).filter((m) => m.role === 'user');
  const last = users[users.length - 1]?.content;
  const text = typeof last === 'string' ? last : Array.isArray(last) ? last.map((p: { text?: string }) => p.text ?? '').join(' ') : '';
  return { content: `Echo: ${text}` };
}

export class FakeOpenAIServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/v1`: pass it as `apiBaseUrl`. */
  readonly baseUrl: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  chunkDelayMs: number;
  reply: (request: RecordedRequest) => FakeReply;
  #inFlight = 0;
  #maxConcurrency = 0;
  readonly #failures: FakeFailure[] = [];
  #hangs = 0;
  #held: Promise<void> | undefined;
  readonly #misbehaviours: FakeMisbehaviour[] = [];
  /** Content length of a `huge` reply. */
  hugeBytes: number;
  readonly #sockets = new Set<Socket>();
  readonly #model: string | undefined;
  #counter = 0;

  private constructor(
    private readonly server: Server,
    options: FakeOpenAIServerOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.url}/v1`;
    this.latencyMs = options.latencyMs ?? 0;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.reply = options.reply ?? echoReply;
    this.#model = options.model;
    this.hugeBytes = options.hugeBytes ?? 1_000_000;
  }

  /** Starts a server on 127.0.0.1 with a random free port. */
  static async start(options: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
    let instance: FakeOpenAIServer | undefined;
    const server = createServer((req, res) => {
      void instance?.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const created = new FakeOpenAIServer(server, options);
    instance = created;
    server.on('connection', (socket) => {
      created.#sockets.add(socket);
      socket.on('close', () => created.#sockets.delete(socket));
    });
    return created;
  }

  /** Requests currently being answered. */
  get inFlight(): number {
    return this.#inFlight;
  }
  /** The most requests that were in flight at the same time. */
  get maxConcurrency(): number {
    return this.#maxConcurrency;
  }

  /** Answers the next `count` requests with `failure` (default 500), then behaves normally. */
  failNext(count: number, failure: FakeFailure = { status: 500 }): this {
    for (let i = 0; i < count; i++) this.#failures.push(failure);
    return this;
  }

  /** Never answers the next `count` requests (to exercise client timeouts and aborts). */
  hangNext(count = 1): this {
    this.#hangs += count;
    return this;
  }

  /**
   * Holds every response, current and later, until the returned function is called, so that a test
   * can wait for requests to be in flight together instead of relying on a delay.
   */
  hold(): () => void {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    this.#held = held;
    return () => {
      if (this.#held === held) this.#held = undefined;
      release();
    };
  }

  /** Answers the next `count` requests with `kind` of misbehaviour (see {@link FakeMisbehaviour}). */
  misbehaveNext(kind: FakeMisbehaviour, count = 1): this {
    for (let i = 0; i < count; i++) this.#misbehaviours.push(kind);
    return this;
  }

  /** Clears recorded requests, pending failures, hangs and misbehaviours, and the concurrency high-water mark. */
  reset(): void {
    this.requests.length = 0;
    this.#failures.length = 0;
    this.#misbehaviours.length = 0;
    this.#hangs = 0;
    this.#maxConcurrency = this.#inFlight;
  }

  /** Stops the server, cutting open (hanging) connections. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    this.#maxConcurrency = Math.max(this.#maxConcurrency, this.#inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        this.#inFlight--;
      }
    };
    res.on('close', finish);
    try {
      const raw = await readBody(req);
      let body: ChatCompletionRequestBody = {};
      try {
        body = JSON.parse(raw) as ChatCompletionRequestBody;
      } catch {
        body = {};
      }
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: { ...req.headers },
        body,
        receivedAt: Date.now(),
      };
      this.requests.push(request);
      if (request.method !== 'POST' || !request.path.endsWith('/chat/completions')) {
        return sendJson(res, 404, { error: { message: `No route ${request.method} ${request.path}`, type: 'invalid_request_error' } });
      }
      if (this.#hangs > 0) {
        this.#hangs--;
        return; // never answer; the client's timeout or abort ends it
      }
      if (this.latencyMs > 0) await sleep(this.latencyMs);
      if (this.#held !== undefined) await this.#held;
      if (res.destroyed) return;
      res.setHeader('x-request-id', `req_fake_${this.requests.length}`);
      const misbehaviour = this.#misbehaviours.shift();
      if (misbehaviour !== undefined) return await this.misbehave(misbehaviour, req, res, body);
      const failure = this.#failures.shift();
      if (failure !== undefined) {
        const headers = Object.fromEntries(Object.entries(failure.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        if (headers['retry-after'] === undefined && headers['retry-after-ms'] === undefined) res.setHeader('retry-after-ms', '1');
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        return sendJson(res, failure.status, {
          error: { message: failure.message ?? `Injected failure ${failure.status}`, type: 'fake_error', code: String(failure.status) },
        });
      }
      const reply = this.reply(request);
      const model = this.#model ?? body.model ?? 'gpt-4o-mini';
      const id = `chatcmpl-fake-${++this.#counter}`;
      if (body.stream === true) await this.stream(res, id, model, reply, body);
      else sendJson(res, 200, completion(id, model, reply, body.n ?? 1, body));
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: 'fake_server_error' } });
      else res.destroy();
    }
  }

  private async misbehave(kind: FakeMisbehaviour, req: IncomingMessage, res: ServerResponse, body: ChatCompletionRequestBody): Promise<void> {
    const streamed = body.stream === true;
    // Hostile servers and proxies echo request headers; the client must redact what comes back.
    const auth = String(req.headers.authorization ?? '');
    const model = this.#model ?? body.model ?? 'gpt-4o-mini';
    const id = `chatcmpl-fake-${++this.#counter}`;
    const sse = (payload: unknown): string => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): unknown => ({
      id,
      object: 'chat.completion.chunk',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    });
    const startStream = (): void => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': String(res.getHeader('x-request-id')) });
      res.flushHeaders();
    };
    switch (kind) {
      case 'reset-before-headers':
        req.socket.destroy();
        return;
      case 'stall-after-headers':
        if (streamed) startStream();
        else {
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': String(res.getHeader('x-request-id')) });
          res.write('{"id": "chatcmpl-stall", "choices": [');
        }
        return; // never ends; close() cuts it
      case 'stall-mid-stream':
        startStream();
        res.write(sse(chunk({ role: 'assistant', content: '' })) + sse(chunk({ content: 'Partial ' })));
        return;
      case 'garbage-sse':
        startStream();
        res.end(sse(chunk({ role: 'assistant', content: 'ok' })) + `data: {not json ${auth}\n\n` + sse('[DONE]'));
        return;
      case 'truncated-stream':
        startStream();
        res.end(sse(chunk({ role: 'assistant', content: '' })) + sse(chunk({ content: 'Cut ' })) + sse(chunk({ content: 'short' })));
        return;
      case 'reset-mid-body':
        if (streamed) {
          startStream();
          res.write(sse(chunk({ role: 'assistant', content: '' })) + sse(chunk({ content: 'Lost ' })));
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': String(res.getHeader('x-request-id')) });
          res.write('{"id": "chatcmpl-reset", "choices": [');
        }
        // Let the bytes leave before the reset, so the client sees a mid-body failure, not a refused request.
        await sleep(20);
        req.socket.destroy();
        return;
      case 'error-body':
        if (streamed) {
          startStream();
          res.end(sse(chunk({ role: 'assistant', content: '' })) + sse({ error: { message: `The server had an error (${auth})`, code: 'server_error' } }));
        } else sendJson(res, 200, { error: { message: `The server had an error (${auth})`, code: 'server_error' } });
        return;
      case 'huge': {
        const reply = { content: 'x'.repeat(this.hugeBytes) };
        if (!streamed) return sendJson(res, 200, completion(id, model, reply, 1, body));
        startStream();
        for (let i = 0; i < this.hugeBytes && !res.destroyed; i += 1000) {
          if (!res.write(sse(chunk({ content: 'x'.repeat(Math.min(1000, this.hugeBytes - i)) })))) {
            await new Promise<void>((resolve) => {
              const done = (): void => {
                res.off('drain', done).off('close', done);
                resolve();
              };
              res.on('drain', done).on('close', done);
            });
          }
        }
        if (!res.destroyed) res.end(sse(chunk({}, 'stop')) + sse('[DONE]'));
        return;
      }
      case 'garbage-json':
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': String(res.getHeader('x-request-id')) });
        res.end(`<html>${auth}</html>{"id": "chatcmpl-garbage", "choices": [{"message": oops`);
        return;
      case 'no-choices':
        return sendJson(res, 200, { id, object: 'chat.completion', created: 0, model });
      case 'malformed-choices':
        return sendJson(res, 200, { id, object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: 42, finish_reason: 'stop' }] });
    }
  }

  private async stream(res: ServerResponse, id: string, model: string, reply: FakeReply, body: ChatCompletionRequestBody): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const created = Math.floor(Date.now() / 1000);
    const write = async (payload: unknown): Promise<boolean> => {
      if (res.destroyed) return false;
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
      if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs);
      return !res.destroyed;
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): unknown => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    });
    const content = reply.content === undefined ? '' : reply.content;
    if (!(await write(chunk({ role: 'assistant', content: '' })))) return;
    if (reply.toolCalls && reply.toolCalls.length > 0) {
      for (const [index, call] of reply.toolCalls.entries()) {
        if (!(await write(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] })))) return;
        const mid = Math.ceil(call.arguments.length / 2);
        for (const piece of [call.arguments.slice(0, mid), call.arguments.slice(mid)]) {
          if (piece && !(await write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] })))) return;
        }
      }
    } else if (content) {
      for (const piece of content.match(/\S+\s*|\s+/g) ?? []) if (!(await write(chunk({ content: piece })))) return;
    }
    const finishReason = reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
    if (!(await write(chunk({}, finishReason)))) return;
    if (body.stream_options?.include_usage) {
      if (!(await write({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(reply, body) }))) return;
    }
    res.end('data: [DONE]\n\n');
  }
}

function usageOf(reply: FakeReply, body: ChatCompletionRequestBody): FakeReply['usage'] {
  if (reply.usage !== undefined) return reply.usage;
  const words = (s: string): number => (s.match(/\S+/g) ?? []).length;
  const prompt = (body.messages ?? []).reduce((n, m) => n + (typeof m.content === 'string' ? words(m.content) : 0), 0);
  const completionTokens = words(reply.content ?? '');
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}

function completion(id: string, model: string, reply: FakeReply, n: number, body: ChatCompletionRequestBody): unknown {
  const toolCalls = reply.toolCalls?.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: Array.from({ length: n }, (_, index) => ({
      index,
      message: {
        role: 'assistant',
        content: reply.content === undefined ? (toolCalls ? null : '') : reply.content,
        refusal: null,
        ...(toolCalls ? { tool_calls: toolCalls } : {}),
      },
      logprobs: null,
      finish_reason: reply.finishReason ?? (toolCalls ? 'tool_calls' : 'stop'),
    })),
    usage: usageOf(reply, body),
  };
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...Object.fromEntries(Object.entries(res.getHeaders()).map(([k, v]) => [k, String(v)])) });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
