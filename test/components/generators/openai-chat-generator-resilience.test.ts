/**
 * addComponent's timeout / retry / concurrencyLimit around a real OpenAIChatGenerator talking to
 * the local fake server: 429s, server errors, a hung response, refused connections, and a limit
 * shared by many concurrent requests. The generator's own retries are off (maxRetries: 0), so
 * every request the server sees is one pipeline-level attempt.
 */
import { describe, expect, it } from 'vitest';
import {
  ChatGeneratorBadRequestError,
  ChatGeneratorConnectionError,
  ChatGeneratorServerError,
  ComponentAttemptTimeoutError,
  ComponentRetryError,
  OpenAIChatGenerator,
  Pipeline,
  PipelineRuntimeError,
  Secret,
} from '../../../src/index.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';
import { KEY, assertNoKey, generatorFor, useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();
const quick = { initialInterval: 1, jitter: false } as const;

function pipelineWith(llm: OpenAIChatGenerator, options: Parameters<Pipeline['addComponent']>[2]) {
  return new Pipeline().addComponent('llm', llm, options);
}

describe('OpenAIChatGenerator under pipeline-level resilience', { timeout: 20_000 }, () => {
  it('retries 429s and succeeds', async () => {
    env.server.failNext(2, { status: 429 });
    const result = await pipelineWith(generatorFor(env.server, { timeout: 5 }), { retry: { maxAttempts: 3, ...quick } }).runAsync({ llm: { messages: 'hi' } });
    expect(result.llm?.replies?.[0]?.text).toBe('Echo: hi');
    expect(env.server.requests).toHaveLength(3);
  });

  it('gives up after maxAttempts on 5xx with the typed errors of every attempt, never the key', async () => {
    env.server.failNext(5, { status: 503, message: `overloaded ${KEY}` });
    const error = await pipelineWith(generatorFor(env.server, { timeout: 5 }), { retry: { maxAttempts: 3, ...quick } })
      .runAsync({ llm: { messages: 'hi' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    const retry = (error as Error).cause as ComponentRetryError;
    expect(retry).toBeInstanceOf(ComponentRetryError);
    expect(retry.attempts).toBe(3);
    expect(retry.errors.every((e) => e instanceof ChatGeneratorServerError && e.status === 503)).toBe(true);
    expect(env.server.requests).toHaveLength(3);
    assertNoKey(error);
  });

  it('does not retry a 400', async () => {
    env.server.failNext(1, { status: 400 });
    const error = await pipelineWith(generatorFor(env.server, { timeout: 5 }), { retry: { maxAttempts: 3, ...quick } })
      .runAsync({ llm: { messages: 'hi' } })
      .catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(ChatGeneratorBadRequestError);
    expect(env.server.requests).toHaveLength(1);
  });

  it('abandons a hung response at the attempt timeout and retries it', async () => {
    env.server.hangNext(1);
    // The attempt timeout also bounds the second, answered attempt: 2 s leaves a loaded machine room.
    const result = await pipelineWith(generatorFor(env.server, { timeout: 30 }), { timeout: 2000, retry: { maxAttempts: 2, ...quick } }).runAsync({
      llm: { messages: 'slow' },
    });
    expect(result.llm?.replies?.[0]?.text).toBe('Echo: slow');
    expect(env.server.requests).toHaveLength(2);
  });

  it('a hung response without retry fails with the attempt timeout', async () => {
    env.server.hangNext(1);
    const error = await pipelineWith(generatorFor(env.server, { timeout: 30 }), { timeout: 200 })
      .runAsync({ llm: { messages: 'slow' } })
      .catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(ComponentAttemptTimeoutError);
  });

  it('retries refused connections as retryable', async () => {
    const gone = await FakeOpenAIServer.start();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY), apiBaseUrl: baseUrl, maxRetries: 0, timeout: 5 });
    const error = await pipelineWith(llm, { retry: { maxAttempts: 2, ...quick } })
      .runAsync({ llm: { messages: 'hi' } })
      .catch((e: unknown) => e);
    const retry = (error as Error).cause as ComponentRetryError;
    expect(retry).toBeInstanceOf(ComponentRetryError);
    expect(retry.errors.map((e) => e instanceof ChatGeneratorConnectionError)).toEqual([true, true]);
  });

  it('concurrencyLimit: at most N requests in flight across many concurrent runs', async () => {
    // Answers are held until three requests are in flight, so the limit is shown to let exactly N
    // through (not fewer, which an empty-latency server could hide, and not more).
    const release = env.server.hold();
    const pipeline = pipelineWith(generatorFor(env.server, { timeout: 5 }), { concurrencyLimit: 3 });
    const pending = Promise.all(Array.from({ length: 12 }, (_, i) => pipeline.runAsync({ llm: { messages: `m${i}` } })));
    while (env.server.inFlight < 3) await new Promise((r) => setTimeout(r, 5));
    release();
    const results = await pending;
    expect(results.map((r) => r.llm?.replies?.[0]?.text)).toEqual(Array.from({ length: 12 }, (_, i) => `Echo: m${i}`));
    expect(env.server.requests).toHaveLength(12);
    expect(env.server.maxConcurrency).toBe(3);
  });

  it('concurrencyLimit and retry together: 429 retries wait for a slot again', async () => {
    // The first answers are held until two requests are in flight, and a little longer, so a limit
    // that let a third request through would show in maxConcurrency (a bare `<= 2` passed when the
    // requests merely happened not to overlap).
    const release = env.server.hold();
    env.server.failNext(4, { status: 429 });
    const pipeline = pipelineWith(generatorFor(env.server, { timeout: 5 }), { concurrencyLimit: 2, retry: { maxAttempts: 5, ...quick } });
    const pending = Promise.all(Array.from({ length: 6 }, (_, i) => pipeline.runAsync({ llm: { messages: `m${i}` } })));
    while (env.server.inFlight < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(env.server.inFlight).toBe(2);
    release();
    const results = await pending;
    expect(results.map((r) => r.llm?.replies?.[0]?.text)).toEqual(Array.from({ length: 6 }, (_, i) => `Echo: m${i}`));
    expect(env.server.requests).toHaveLength(10);
    expect(env.server.maxConcurrency).toBe(2);
  });
});
