/**
 * The generator's own retry loop (the SDK's is off): which failures are retried, how long it waits
 * (backoff, or the server's Retry-After up to maxRetryDelay), and that the wait ends on abort,
 * standalone and inside a pipeline.
 */
import { describe, expect, it } from 'vitest';
import {
  ChatGeneratorBadRequestError,
  ChatGeneratorConnectionError,
  ChatGeneratorRateLimitError,
  ChatGeneratorServerError,
} from '../../../src/components/generators/errors.js';
import { backoffSeconds, retryAfterSeconds } from '../../../src/components/generators/http/retry-policy.js';
import { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { assertNoKey, caught, ctx, generatorFor, KEY, waitFor, useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();

const retrying = (): boolean => env.logs.lines.some((l) => l.includes('retrying in'));

describe('OpenAIChatGenerator retries', { timeout: 10_000 }, () => {
  it('retries 500s, then succeeds, logging each retry without the key', async () => {
    env.server.failNext(2, { status: 500, message: `boom for ${KEY}` });
    const { replies } = await generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' });
    expect(replies[0]?.text).toBe('Echo: x');
    expect(env.server.requests).toHaveLength(3);
    expect(env.logs.lines.filter((l) => l.includes("OpenAIChatGenerator: attempt"))).toHaveLength(2);
    assertNoKey(env.logs.lines.join('\n'));
  });

  it('gives up after maxRetries with the last typed error, counting the attempts', async () => {
    env.server.failNext(3, { status: 503 });
    const err = await caught(generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' }));
    expect(err).toBeInstanceOf(ChatGeneratorServerError);
    expect((err as Error).message).toMatch(/\(3 attempts\)/);
    expect((err as ChatGeneratorServerError).requestId).toBe('req_fake_3');
    expect(env.server.requests).toHaveLength(3);
  });

  it('honours a small Retry-After on 429 and succeeds', async () => {
    env.server.failNext(1, { status: 429, headers: { 'retry-after': '0.01' } });
    const { replies } = await generatorFor(env.server, { maxRetries: 1 }).run({ messages: 'x' });
    expect(replies[0]?.text).toBe('Echo: x');
    expect(env.server.requests).toHaveLength(2);
    expect(env.logs.lines.some((l) => l.includes('retrying in 0.010s'))).toBe(true);
  });

  it('does not sleep a Retry-After beyond maxRetryDelay: it rejects at once with retryAfter set', async () => {
    env.server.failNext(1, { status: 429, headers: { 'retry-after': '3600' }, message: `quota for ${KEY}` });
    const err = await caught(generatorFor(env.server, { maxRetries: 5, timeout: 2 }).run({ messages: 'x' }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorRateLimitError);
    expect(err).toMatchObject({ status: 429, retryAfter: 3600, requestId: 'req_fake_1' });
    expect((err as Error).message).toMatch(/asked to retry after 3600s, more than maxRetryDelay \(60s\), so no retry was made/);
    expect(env.server.requests).toHaveLength(1);
    assertNoKey(err, env.logs.lines.join('\n'));
  });

  it('applies a custom maxRetryDelay to retry-after-ms too', async () => {
    env.server.failNext(1, { status: 503, headers: { 'retry-after-ms': '5000' } });
    const err = await caught(generatorFor(env.server, { maxRetries: 1, maxRetryDelay: 1 }).run({ messages: 'x' }));
    expect(err).toMatchObject({ retryAfter: 5 });
    expect(env.server.requests).toHaveLength(1);
  });

  it('retries 408 and 409, not other 4xx', async () => {
    env.server.failNext(1, { status: 408 }).failNext(1, { status: 409 });
    const { replies } = await generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' });
    expect(replies).toHaveLength(1);
    expect(env.server.requests).toHaveLength(3);

    env.server.reset();
    env.server.failNext(1, { status: 422 });
    expect(await caught(generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' }))).toBeInstanceOf(ChatGeneratorBadRequestError);
    expect(env.server.requests).toHaveLength(1);
  });

  it("obeys the server's x-should-retry header both ways", async () => {
    env.server.failNext(1, { status: 500, headers: { 'x-should-retry': 'false' } });
    expect(await caught(generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' }))).toBeInstanceOf(ChatGeneratorServerError);
    expect(env.server.requests).toHaveLength(1);

    env.server.reset();
    env.server.failNext(1, { status: 400, headers: { 'x-should-retry': 'true' } });
    const { replies } = await generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x' });
    expect(replies).toHaveLength(1);
    expect(env.server.requests).toHaveLength(2);
  });

  it('retries a connection reset before the headers', async () => {
    env.server.misbehaveNext('reset-before-headers');
    const { replies } = await generatorFor(env.server, { maxRetries: 1, maxRetryDelay: 0 }).run({ messages: 'x' });
    expect(replies[0]?.text).toBe('Echo: x');

    env.server.reset();
    env.server.misbehaveNext('reset-before-headers');
    const err = await caught(generatorFor(env.server).run({ messages: 'x' }));
    expect(err).toBeInstanceOf(ChatGeneratorConnectionError);
    assertNoKey(err);
  });

  it('retries a stream that failed before its headers', async () => {
    env.server.failNext(1, { status: 502 });
    const { replies } = await generatorFor(env.server, { maxRetries: 1 }).run({ messages: 'x', streamingCallback: () => undefined });
    expect(replies[0]?.text).toBe('Echo: x');
    expect(env.server.requests).toHaveLength(2);
  });
});

describe('OpenAIChatGenerator abort during the retry wait', { timeout: 10_000 }, () => {
  it('rejects promptly with the signal reason (a 30 s Retry-After is pending)', async () => {
    env.server.failNext(1, { status: 503, headers: { 'retry-after': '30' } });
    const controller = new AbortController();
    const pending = generatorFor(env.server, { maxRetries: 3 }).run({ messages: 'x' }, ctx(controller.signal));
    await waitFor(retrying);
    const reason = new Error('shutting down');
    controller.abort(reason);
    expect(await caught(pending)).toBe(reason);
    expect(env.server.requests).toHaveLength(1);
  });

  it.each([
    ['Pipeline.run', () => new Pipeline()],
    ['AsyncPipeline.run', () => new AsyncPipeline()],
  ] as const)('rejects promptly with the signal reason inside %s({ signal })', async (_name, create) => {
    env.server.failNext(1, { status: 429, headers: { 'retry-after': '30' } });
    const pipeline = create().addComponent('llm', generatorFor(env.server, { maxRetries: 3 }));
    const controller = new AbortController();
    const pending = pipeline.run({ llm: { messages: 'x' } }, ctx(controller.signal));
    await waitFor(retrying);
    const reason = new Error('request cancelled');
    controller.abort(reason);
    expect(await caught(pending)).toBe(reason);
    expect(env.server.requests).toHaveLength(1);
  });
});

describe('retry policy', () => {
  it('reads retry-after-ms first, then Retry-After as seconds or an HTTP date; ignores garbage', () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(retryAfterSeconds(h({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(0.25);
    expect(retryAfterSeconds(h({ 'retry-after': '3' }))).toBe(3);
    expect(retryAfterSeconds(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6);
    expect(retryAfterSeconds(h({ 'retry-after': new Date(0).toUTCString() }), 4_000)).toBe(0);
    expect(retryAfterSeconds(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterSeconds(h({ 'retry-after': '-5' }))).toBeUndefined();
    expect(retryAfterSeconds(h({ 'retry-after-ms': 'x', 'retry-after': '2' }))).toBe(2);
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });

  it('backs off exponentially from 0.5 s up to 8 s, with up to 25 % jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((r) => backoffSeconds(r, () => 0))).toEqual([0.5, 1, 2, 4, 8, 8, 8]);
    expect(backoffSeconds(0, () => 1)).toBe(0.375);
  });
});
