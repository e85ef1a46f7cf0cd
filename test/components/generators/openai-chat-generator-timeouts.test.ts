/**
 * `timeout` keeps running after the response headers: a total deadline for a non-streamed attempt,
 * an inactivity timeout for a stream. Expiry is a ChatGeneratorTimeoutError; an abort ends the
 * same stalls with the signal's reason.
 */
import { describe, expect, it } from 'vitest';
import { ChatGeneratorError, ChatGeneratorTimeoutError } from '../../../src/components/generators/errors.js';
import type { StreamingChunk } from '../../../src/dataclasses/streaming-chunk.js';
import { assertNoKey, caught, ctx, generatorFor, STALL_TIMEOUT, waitFor, useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();

describe('OpenAIChatGenerator timeout after the headers', { timeout: 10_000 }, () => {
  it('fires when a non-streamed body stalls after the headers, and cuts the connection', async () => {
    env.server.misbehaveNext('stall-after-headers');
    const llm = generatorFor(env.server, { timeout: STALL_TIMEOUT });
    const err = await caught(llm.run({ messages: 'x' }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorTimeoutError);
    expect(err).toMatchObject({ status: 200, requestId: 'req_fake_1', component: 'llm', retryable: true });
    expect((err as Error).message).toMatch(/^OpenAIChatGenerator 'llm': the server sent no data for 2s while reading the response body/);
    await waitFor(() => env.server.inFlight === 0);
    assertNoKey(err, env.logs.lines.join('\n'), String(llm));
  });

  it('retries a non-streamed attempt whose body timed out', async () => {
    env.server.misbehaveNext('stall-after-headers');
    const { replies } = await generatorFor(env.server, { maxRetries: 1, maxRetryDelay: 0, timeout: STALL_TIMEOUT }).run({ messages: 'again' });
    expect(replies[0]?.text).toBe('Echo: again');
    expect(env.server.requests).toHaveLength(2);
  });

  it('fires when a stream stalls after its headers', async () => {
    env.server.misbehaveNext('stall-after-headers');
    const chunks: StreamingChunk[] = [];
    const err = await caught(generatorFor(env.server, { timeout: STALL_TIMEOUT }).run({ messages: 'x', streamingCallback: (c) => void chunks.push(c) }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorTimeoutError);
    expect((err as Error).message).toMatch(/no data for 2s mid-stream after 0 chunks/);
    expect(chunks).toHaveLength(0);
  });

  it('fires when a stream stalls midway, rejecting instead of resolving with the partial text', async () => {
    env.server.misbehaveNext('stall-mid-stream');
    const chunks: StreamingChunk[] = [];
    const err = await caught(generatorFor(env.server, { maxRetries: 3, timeout: STALL_TIMEOUT }).run({ messages: 'x', streamingCallback: (c) => void chunks.push(c) }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorTimeoutError);
    expect((err as ChatGeneratorError).requestId).toBe('req_fake_1');
    expect((err as Error).message).toMatch(/mid-stream after 2 chunks/);
    expect(chunks.map((c) => c.content).join('')).toBe('Partial ');
    expect(env.server.requests).toHaveLength(1); // chunks were delivered: a stream is not retried
    await waitFor(() => env.server.inFlight === 0);
    assertNoKey(err, env.logs.lines.join('\n'));
  });

  it('is an inactivity timeout for streams: a stream longer than the timeout succeeds while chunks keep coming', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    env.server.reply = () => ({ content: words });
    // At least 30 gaps of 100 ms: the whole stream outlasts the 2 s timeout (timers never fire early),
    // while every gap stays far below it.
    env.server.chunkDelayMs = 100;
    const { replies } = await generatorFor(env.server, { timeout: STALL_TIMEOUT }).run({ messages: 'x', streamingCallback: () => undefined });
    expect(replies[0]?.text).toBe(words);
  });

  it('does not count time spent in the streaming callback', async () => {
    let calls = 0;
    const { replies } = await generatorFor(env.server, { timeout: STALL_TIMEOUT }).run({
      messages: 'slow consumer',
      streamingCallback: async () => {
        // Longer than the timeout, so a countdown left running here would certainly expire.
        if (++calls === 2) await new Promise((resolve) => setTimeout(resolve, STALL_TIMEOUT * 1000 + 500));
      },
    });
    expect(replies[0]?.text).toBe('Echo: slow consumer');
  });
});

describe('OpenAIChatGenerator abort during a stall', { timeout: 10_000 }, () => {
  it.each([
    ['a non-streamed body stalled after the headers', false],
    ['a stream stalled midway', true],
  ] as const)('rejects with the signal reason for %s', async (_name, streamed) => {
    env.server.misbehaveNext(streamed ? 'stall-mid-stream' : 'stall-after-headers');
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const pending = generatorFor(env.server, { timeout: 30 }).run(
      { messages: 'x', ...(streamed ? { streamingCallback: () => controller.abort(reason) } : {}) },
      ctx(controller.signal),
    );
    if (!streamed) {
      await waitFor(() => env.server.requests.length === 1);
      controller.abort(reason);
    }
    expect(await caught(pending)).toBe(reason);
    await waitFor(() => env.server.inFlight === 0);
  });
});
