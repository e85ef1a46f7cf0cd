import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { OpenAIChatGenerator, strictSchema } from '../../../src/components/generators/chat/openai-chat-generator.js';
import {
  ChatGeneratorAuthenticationError,
  ChatGeneratorBadRequestError,
  ChatGeneratorConnectionError,
  ChatGeneratorError,
  ChatGeneratorRateLimitError,
  ChatGeneratorServerError,
  ChatGeneratorTimeoutError,
  redact,
} from '../../../src/components/generators/errors.js';
import { describeInputs } from '../../../src/core/component/sockets.js';
import { ComponentError, DeserializationError, HaystackError, SerializationError } from '../../../src/errors.js';
import { setLogger, type Logger } from '../../../src/core/logger.js';
import { ComponentRegistry } from '../../../src/core/serialization/registry.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { toolCall } from '../../../src/dataclasses/chat-message-content.js';
import type { StreamingChunk } from '../../../src/dataclasses/streaming-chunk.js';
import { Secret } from '../../../src/dataclasses/secret.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';

const KEY = 'sk-test-0123456789abcdefSECRET';
let server: FakeOpenAIServer;
let warnings: string[];
let previousLogger: Logger;

beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
  server.latencyMs = 0;
  server.chunkDelayMs = 0;
  server.reply = (req) => {
    const users = (req.body.messages ?? []).filter((m) => m.role === 'user');
    return { content: `Echo: ${String(users[users.length - 1]?.content ?? '')}` };
  };
  warnings = [];
  previousLogger = setLogger({ warn: (m) => warnings.push(m) });
});
afterEach(() => setLogger(previousLogger));

const make = (options: ConstructorParameters<typeof OpenAIChatGenerator>[0] = {}): OpenAIChatGenerator =>
  new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY), apiBaseUrl: server.baseUrl, maxRetries: 0, ...options });

const ctx = (signal = new AbortController().signal) => ({ signal, componentName: 'llm' });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function assertNoKey(error: unknown): void {
  const text = [String(error), (error as Error).message, (error as Error).stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(KEY.slice(3, 20));
}

describe('OpenAIChatGenerator: construction', () => {
  it('applies Haystack defaults and never touches the network or the key', () => {
    delete process.env['OPENAI_API_KEY'];
    const llm = new OpenAIChatGenerator();
    expect(llm.model).toBe('gpt-4o-mini');
    expect(llm.apiKey.envVars).toEqual(['OPENAI_API_KEY']);
    expect(llm.timeout).toBe(30);
    expect(llm.maxRetries).toBe(5);
    expect(server.requests).toHaveLength(0);
    expect(describeInputs(llm.inputSchemas).map((i) => [i.name, i.isMandatory])).toEqual([
      ['messages', true],
      ['streamingCallback', false],
      ['generationKwargs', false],
      ['tools', false],
      ['toolsStrict', false],
    ]);
  });

  it('reads OPENAI_TIMEOUT and OPENAI_MAX_RETRIES', () => {
    process.env['OPENAI_TIMEOUT'] = '12.5';
    process.env['OPENAI_MAX_RETRIES'] = '2';
    try {
      const llm = new OpenAIChatGenerator();
      expect([llm.timeout, llm.maxRetries]).toEqual([12.5, 2]);
    } finally {
      delete process.env['OPENAI_TIMEOUT'];
      delete process.env['OPENAI_MAX_RETRIES'];
    }
  });

  it('fails on first use, not at construction, when the key is missing; and recovers once it is set', async () => {
    delete process.env['HAYSTACK_TS_TEST_KEY'];
    const llm = new OpenAIChatGenerator({ apiKey: Secret.fromEnvVar('HAYSTACK_TS_TEST_KEY'), apiBaseUrl: server.baseUrl, maxRetries: 0 });
    await expect(llm.run({ messages: 'hi' })).rejects.toThrow(/HAYSTACK_TS_TEST_KEY/);
    process.env['HAYSTACK_TS_TEST_KEY'] = KEY;
    try {
      await expect(llm.run({ messages: 'hi' })).resolves.toMatchObject({ replies: [expect.any(ChatMessage)] });
    } finally {
      delete process.env['HAYSTACK_TS_TEST_KEY'];
    }
  });

  it('validates options', () => {
    expect(() => new OpenAIChatGenerator({ apiKey: KEY as never })).toThrow(ComponentError);
    expect(() => new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY), apiKeyy: KEY } as never)).toThrow(/unknown option "apiKeyy"/);
    expect(() => new OpenAIChatGenerator({ timeout: -1 })).toThrow(/positive number of seconds/);
    expect(() => new OpenAIChatGenerator({ maxRetries: 1.5 })).toThrow(/non-negative integer/);
    expect(() => new OpenAIChatGenerator({ tools: [tool('a'), tool('a')] })).toThrow(/duplicate tool names/);
    expect(String(make())).not.toContain(KEY);
    expect(inspect(make(), { depth: 5 })).not.toContain(KEY);
  });
});

function tool(name: string) {
  return { name, description: `${name} tool`, parameters: { type: 'object', properties: { q: { type: 'string' } } } };
}

describe('OpenAIChatGenerator: requests and replies', () => {
  it('sends the converted messages with the key and returns replies with meta', async () => {
    const llm = make({ generationKwargs: { temperature: 0, seed: 1 } });
    const { replies } = await llm.run(
      { messages: [ChatMessage.fromSystem('be nice'), ChatMessage.fromUser('hello')], generationKwargs: { temperature: 0.5 } },
      ctx(),
    );
    expectTypeOf(replies).toEqualTypeOf<ChatMessage[]>();
    expect(replies).toHaveLength(1);
    expect(replies[0]?.role).toBe('assistant');
    expect(replies[0]?.text).toBe('Echo: hello');
    expect(replies[0]?.meta).toEqual({
      model: 'gpt-4o-mini',
      index: 0,
      finish_reason: 'stop',
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    const request = server.requests[0];
    expect(request?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(request?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'user', content: 'hello' },
      ],
      n: 1,
      temperature: 0.5,
      seed: 1,
      stream: false,
    });
  });

  it('accepts a string, returns [] for no messages without calling the API, and rejects other input', async () => {
    const llm = make();
    expect((await llm.run({ messages: 'plain' })).replies[0]?.text).toBe('Echo: plain');
    expect(await llm.run({ messages: [] })).toEqual({ replies: [] });
    expect(server.requests).toHaveLength(1);
    await expect(llm.run({ messages: [{ role: 'user' }] as never })).rejects.toThrow(/invalid messages type/);
  });

  it('returns n replies', async () => {
    const { replies } = await make().run({ messages: 'x', generationKwargs: { n: 2 } });
    expect(replies.map((r) => r.meta['index'])).toEqual([0, 1]);
  });

  it('warns when a completion was truncated', async () => {
    server.reply = () => ({ content: 'cut', finishReason: 'length' });
    await make().run({ messages: 'x' });
    expect(warnings.some((w) => /truncated before reaching a natural stopping point/.test(w))).toBe(true);
  });

  it('honours OPENAI_BASE_URL when apiBaseUrl is not given', async () => {
    process.env['OPENAI_BASE_URL'] = server.baseUrl;
    try {
      const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY), maxRetries: 0 });
      expect((await llm.run({ messages: 'env' })).replies[0]?.text).toBe('Echo: env');
    } finally {
      delete process.env['OPENAI_BASE_URL'];
    }
  });

  it('sends httpClientKwargs headers and organization', async () => {
    await make({ organization: 'org-1', httpClientKwargs: { defaultHeaders: { 'x-trace': 'abc' } } }).run({ messages: 'x' });
    expect(server.requests[0]?.headers['x-trace']).toBe('abc');
    expect(server.requests[0]?.headers['openai-organization']).toBe('org-1');
  });
});

describe('OpenAIChatGenerator: streaming', () => {
  it('calls the callback with every chunk in order and assembles one reply', async () => {
    server.reply = () => ({ content: 'one two three' });
    const seen: StreamingChunk[] = [];
    const llm = make({ streamingCallback: (c) => void seen.push(c) });
    const { replies } = await llm.run({ messages: 'x', generationKwargs: { stream_options: { include_usage: true } } }, ctx());
    expect(seen.map((c) => c.content)).toEqual(['', 'one ', 'two ', 'three', '', '']);
    expect(seen.map((c) => c.start)).toEqual([false, true, false, false, false, false]);
    expect(seen[4]?.finishReason).toBe('stop');
    expect(seen.every((c) => c.componentInfo?.name === 'llm' && c.componentInfo.type === OpenAIChatGenerator.typeName)).toBe(true);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe('one two three');
    expect(replies[0]?.meta).toMatchObject({
      model: 'gpt-4o-mini',
      index: 0,
      finish_reason: 'stop',
      usage: { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 },
      completion_start_time: seen[0]?.meta['received_at'],
    });
    expect(server.requests[0]?.body.stream).toBe(true);
  });

  it('awaits async callbacks before the next chunk; the run-time callback wins', async () => {
    server.reply = () => ({ content: 'a b c' });
    const order: string[] = [];
    const init = (): void => void order.push('init');
    const runtime = async (c: StreamingChunk): Promise<void> => {
      order.push(`start ${c.content}`);
      await new Promise((r) => setTimeout(r, 1));
      order.push(`end ${c.content}`);
    };
    await make({ streamingCallback: init }).runAsync({ messages: 'x', streamingCallback: runtime });
    expect(order).not.toContain('init');
    for (let i = 0; i < order.length; i += 2) {
      expect(order[i]?.replace('start', '')).toBe(order[i + 1]?.replace('end', ''));
    }
  });

  it('refuses n > 1 when streaming', async () => {
    await expect(make({ streamingCallback: () => {} }).run({ messages: 'x', generationKwargs: { n: 2 } })).rejects.toThrow(
      /cannot stream multiple responses/,
    );
  });

  it('propagates a callback error and stops the stream', async () => {
    server.reply = () => ({ content: 'a b c d e f' });
    const boom = new Error('callback failed');
    let calls = 0;
    const err = await caught(
      make().run({
        messages: 'x',
        streamingCallback: () => {
          calls++;
          if (calls === 2) throw boom;
        },
      }),
    );
    expect(err).toBe(boom);
    expect(calls).toBe(2);
  });
});

describe('OpenAIChatGenerator: tools', () => {
  it('round-trips a tool call and its result', async () => {
    server.reply = (req) => {
      const last = req.body.messages?.[req.body.messages.length - 1];
      if (last?.role === 'tool') return { content: `The weather is ${String(last.content)}` };
      return { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city": "Paris"}' }] };
    };
    const llm = make({ tools: [tool('weather')] });
    const first = await llm.run({ messages: [ChatMessage.fromUser('Weather in Paris?')] });
    const call = first.replies[0]?.toolCall;
    expect(call).toEqual(toolCall({ toolName: 'weather', arguments: { city: 'Paris' }, id: 'call_1' }));
    expect(first.replies[0]?.meta['finish_reason']).toBe('tool_calls');
    expect(server.requests[0]?.body.tools).toEqual([{ type: 'function', function: tool('weather') }]);

    const history = [ChatMessage.fromUser('Weather in Paris?'), first.replies[0] as ChatMessage, ChatMessage.fromTool('sunny', call!)];
    const second = await llm.run({ messages: history });
    expect(second.replies[0]?.text).toBe('The weather is sunny');
    expect(server.requests[1]?.body.messages?.slice(1)).toEqual([
      { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'weather', arguments: '{"city": "Paris"}' }, id: 'call_1' }] },
      { role: 'tool', content: 'sunny', tool_call_id: 'call_1' },
    ]);
  });

  it('streams tool calls and assembles them', async () => {
    server.reply = () => ({ toolCalls: [{ id: 'c9', name: 'search', arguments: '{"q": "haystack"}' }] });
    const seen: StreamingChunk[] = [];
    const { replies } = await make().run({ messages: 'x', streamingCallback: (c) => void seen.push(c), tools: [tool('search')] });
    expect(replies[0]?.toolCalls).toEqual([toolCall({ toolName: 'search', arguments: { q: 'haystack' }, id: 'c9' })]);
    expect(seen.filter((c) => c.toolCalls !== null).length).toBeGreaterThan(1);
  });

  it('sends strict tools with strict schemas; run-time tools replace init tools', async () => {
    await make({ tools: [tool('a')] }).run({ messages: 'x', tools: [tool('b')], toolsStrict: true });
    expect(server.requests[0]?.body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'b',
          description: 'b tool',
          parameters: { type: 'object', properties: { q: { type: 'string' } }, additionalProperties: false, required: ['q'] },
          strict: true,
        },
      },
    ]);
    expect(strictSchema({ type: 'object', properties: { o: { type: 'object', properties: { x: {} } } } })).toEqual({
      type: 'object',
      properties: { o: { type: 'object', properties: { x: {} }, additionalProperties: false, required: ['x'] } },
      additionalProperties: false,
      required: ['o'],
    });
    await expect(make().run({ messages: 'x', tools: [tool('d'), tool('d')] })).rejects.toThrow(/duplicate tool names/);
  });
});

describe('OpenAIChatGenerator: failures', () => {
  it.each([
    [401, ChatGeneratorAuthenticationError, false],
    [403, ChatGeneratorAuthenticationError, false],
    [429, ChatGeneratorRateLimitError, true],
    [500, ChatGeneratorServerError, true],
    [503, ChatGeneratorServerError, true],
    [404, ChatGeneratorBadRequestError, false],
  ] as const)('maps %i to a typed error carrying the status and never the key', async (status, Type, retryable) => {
    server.failNext(1, { status, message: `Incorrect API key provided: ${KEY}. Partial: ${KEY.slice(0, 6)}***${KEY.slice(-4)}` });
    const err = await caught(make().run({ messages: 'x' }, ctx()));
    expect(err).toBeInstanceOf(Type);
    expect(err).toBeInstanceOf(ChatGeneratorError);
    expect(err).toBeInstanceOf(HaystackError);
    expect((err as ChatGeneratorError).status).toBe(status);
    expect((err as ChatGeneratorError).retryable).toBe(retryable);
    expect((err as ChatGeneratorError).component).toBe('llm');
    expect((err as Error).message).toMatch(new RegExp(`^OpenAIChatGenerator 'llm': the API answered ${status}`));
    assertNoKey(err);
  });

  it('retries up to maxRetries and counts the attempts', async () => {
    server.failNext(2, { status: 500 });
    const ok = await make({ maxRetries: 2 }).run({ messages: 'x' });
    expect(ok.replies[0]?.text).toBe('Echo: x');
    expect(server.requests).toHaveLength(3);

    server.reset();
    server.failNext(3, { status: 429 });
    const err = await caught(make({ maxRetries: 2 }).run({ messages: 'x' }));
    expect(err).toBeInstanceOf(ChatGeneratorRateLimitError);
    expect(server.requests).toHaveLength(3);

    server.reset();
    server.failNext(1, { status: 401 });
    await caught(make({ maxRetries: 3 }).run({ messages: 'x' }));
    expect(server.requests).toHaveLength(1); // auth failures are not retried
  });

  it('times out with a typed error', async () => {
    server.hangNext(1);
    const err = await caught(make({ timeout: 0.2 }).run({ messages: 'x' }));
    expect(err).toBeInstanceOf(ChatGeneratorTimeoutError);
    expect((err as ChatGeneratorTimeoutError).retryable).toBe(true);
  });

  it('reports connection failures', async () => {
    const dead = await FakeOpenAIServer.start();
    const url = dead.baseUrl;
    await dead.close();
    const err = await caught(make({ apiBaseUrl: url }).run({ messages: 'x' }));
    expect(err).toBeInstanceOf(ChatGeneratorConnectionError);
    assertNoKey(err);
  });

  it('aborts the HTTP request when the signal fires, rejecting with its reason', async () => {
    server.hangNext(1);
    const controller = new AbortController();
    const pending = make({ timeout: 30 }).run({ messages: 'x' }, ctx(controller.signal));
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    const reason = new DOMException('stop', 'AbortError');
    controller.abort(reason);
    expect(await caught(pending)).toBe(reason);
    while (server.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    expect(server.inFlight).toBe(0);
  });

  it('aborts a stream midway and rejects with the reason', async () => {
    server.reply = () => ({ content: 'a b c d e f g h' });
    server.chunkDelayMs = 5;
    const controller = new AbortController();
    let count = 0;
    const err = await caught(
      make().run(
        {
          messages: 'x',
          streamingCallback: () => {
            if (++count === 2) controller.abort();
          },
        },
        ctx(controller.signal),
      ),
    );
    expect((err as Error).name).toBe('AbortError');
    expect(count).toBeLessThan(8);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(make().run({ messages: 'x' }, ctx(controller.signal))).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('OpenAIChatGenerator: concurrency', () => {
  it('runs concurrent calls in parallel on one client', async () => {
    // Answers wait until all eight requests are in flight: a client that serialised calls never gets there.
    const release = server.hold();
    const llm = make();
    const pending = Promise.all(Array.from({ length: 8 }, (_, i) => llm.runAsync({ messages: `q${i}` })));
    while (server.inFlight < 8) await new Promise((r) => setTimeout(r, 5));
    release();
    const replies = await pending;
    expect(replies.map((r) => r.replies[0]?.text)).toEqual(Array.from({ length: 8 }, (_, i) => `Echo: q${i}`));
    expect(server.maxConcurrency).toBe(8);
  });
});

describe('OpenAIChatGenerator: serialization', () => {
  it('writes Haystack layout with the env-var key', () => {
    const llm = new OpenAIChatGenerator();
    expect(llm.toDict()).toEqual({
      type: 'haystack.components.generators.chat.openai.OpenAIChatGenerator',
      init_parameters: {
        api_key: { type: 'env_var', env_vars: ['OPENAI_API_KEY'], strict: true },
        model: 'gpt-4o-mini',
        organization: null,
        streaming_callback: null,
        api_base_url: null,
        generation_kwargs: {},
        tools: null,
        tools_strict: false,
        max_retries: null,
        timeout: null,
        http_client_kwargs: null,
      },
    });
  });

  it('refuses to serialize a token key or an unregistered callback, and reads callbacks from a registry', () => {
    expect(() => make().toDict()).toThrow(SerializationError);
    const cb = (): void => {};
    const llm = new OpenAIChatGenerator({ streamingCallback: cb, timeout: 5, generationKwargs: { temperature: 0 } });
    expect(() => llm.toDict()).toThrow(/registerCallable/);
    const registry = new ComponentRegistry().registerCallable('my.print_chunk', cb);
    const dict = llm.toDict({ componentName: 'llm', registry });
    expect(dict.init_parameters['streaming_callback']).toBe('my.print_chunk');
    const back = OpenAIChatGenerator.fromDict(JSON.parse(JSON.stringify(dict)), { componentName: 'llm', registry });
    expect(back.streamingCallback).toBe(cb);
    expect(back.timeout).toBe(5);
    expect(back.generationKwargs).toEqual({ temperature: 0 });
    expect(() =>
      OpenAIChatGenerator.fromDict({ ...dict, init_parameters: { ...dict.init_parameters, streaming_callback: 'unknown.fn' } }, {
        componentName: 'llm',
        registry,

      }),
    ).toThrow(DeserializationError);
    expect(() => OpenAIChatGenerator.fromDict({ init_parameters: { api_key: { type: 'token', token: 'x' } } })).toThrow(DeserializationError);
  });
});

describe('redact', () => {
  it('removes the key and long fragments of it', () => {
    expect(redact(`a ${KEY} b`, KEY)).toBe('a <redacted> b');
    expect(redact(`partial ${KEY.slice(2, 14)}`, KEY)).not.toContain(KEY.slice(2, 14));
    expect(redact('nothing', undefined)).toBe('nothing');
  });
});
