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
 * - `failNext(n, { status })` answers the next n requests with an error (with `retry-after-ms: 1`
 *   so SDK retries are instant), then succeeds; `hangNext(n)` never answers n requests (timeouts).
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
}

/** An injected failure: status code and optional error body/headers. */
export interface FakeFailure {
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

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

  /** Clears recorded requests, pending failures and hangs, and the concurrency high-water mark. */
  reset(): void {
    this.requests.length = 0;
    this.#failures.length = 0;
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
      if (res.destroyed) return;
      const failure = this.#failures.shift();
      if (failure !== undefined) {
        res.setHeader('retry-after-ms', '1');
        for (const [k, v] of Object.entries(failure.headers ?? {})) res.setHeader(k, v);
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
