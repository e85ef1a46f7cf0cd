/**
 * A server that answers, but badly: every case ends in the ChatGeneratorError family (status,
 * request id, a message saying what happened) or, for a stream cut without a finish reason, in a
 * reply flagged `meta.incomplete`. The fake echoes the Authorization header into its garbage, so
 * each case also proves the key is redacted.
 */
import { describe, expect, it } from 'vitest';
import {
  ChatGeneratorConnectionError,
  ChatGeneratorError,
  ChatGeneratorResponseError,
} from '../../../src/components/generators/errors.js';
import type { StreamingChunk } from '../../../src/dataclasses/streaming-chunk.js';
import type { FakeMisbehaviour } from '../../helpers/fake-openai-server.js';
import { assertNoKey, caught, ctx, generatorFor, waitFor, useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();

describe('OpenAIChatGenerator: unusable 200 responses', { timeout: 10_000 }, () => {
  it.each<[FakeMisbehaviour, boolean, RegExp]>([
    ['garbage-json', false, /^OpenAIChatGenerator 'llm': the API answered 200 but the response body is not JSON \(starts with "<html>Bearer <redacted>/],
    ['no-choices', false, /the API answered 200 but the completion has an unexpected shape \(choices: /],
    ['malformed-choices', false, /the completion has an unexpected shape \(choices\.0\.message: /],
    ['error-body', false, /the API answered 200 with an error instead of the completion: The server had an error \(Bearer <redacted>\)/],
    ['garbage-json', true, /the API answered 200 to a streaming request without any server-sent event \(content-type "application\/json", starts with "<html>Bearer <redacted>/],
    ['no-choices', true, /the API answered 200 to a streaming request without any server-sent event/],
    ['garbage-sse', true, /the API answered 200 but streamed event #2 is not JSON/],
    ['error-body', true, /the API answered 200 with an error instead of streamed event #2: The server had an error/],
  ])('%s (streamed: %s) is a ChatGeneratorResponseError with status and request id', async (kind, streamed, message) => {
    env.server.misbehaveNext(kind);
    const llm = generatorFor(env.server, { maxRetries: 2 });
    const err = await caught(llm.run({ messages: 'x', ...(streamed ? { streamingCallback: () => undefined } : {}) }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorResponseError);
    expect(err).toBeInstanceOf(ChatGeneratorError);
    expect(err).toMatchObject({ status: 200, requestId: 'req_fake_1', component: 'llm', retryable: false });
    expect((err as Error).message).toMatch(message);
    expect(env.server.requests).toHaveLength(1); // a malformed answer is not retried
    assertNoKey(err, env.logs.lines.join('\n'), String(llm));
  });

  it('carries the code of an error body', async () => {
    env.server.misbehaveNext('error-body');
    expect(await caught(generatorFor(env.server).run({ messages: 'x' }))).toMatchObject({ code: 'server_error' });
  });
});

describe('OpenAIChatGenerator: streams that end badly', { timeout: 10_000 }, () => {
  it('flags a stream that ends without a finish reason in meta and logs it', async () => {
    env.server.misbehaveNext('truncated-stream');
    const chunks: StreamingChunk[] = [];
    const { replies } = await generatorFor(env.server).run({ messages: 'x', streamingCallback: (c) => void chunks.push(c) }, ctx());
    expect(replies[0]?.text).toBe('Cut short');
    expect(replies[0]?.meta).toMatchObject({ finish_reason: null, incomplete: true });
    expect(env.logs.lines.filter((l) => l.startsWith('warn '))).toEqual([
      expect.stringMatching(/^warn OpenAIChatGenerator 'llm': the stream ended without \[DONE\] and without a finish reason after 3 chunks; .*meta\.incomplete = true/),
    ]);
    assertNoKey(env.logs.lines.join('\n'));
  });

  it('does not flag a complete stream', async () => {
    const { replies } = await generatorFor(env.server).run({ messages: 'x', streamingCallback: () => undefined });
    expect(replies[0]?.meta['finish_reason']).toBe('stop');
    expect(replies[0]?.meta).not.toHaveProperty('incomplete');
  });

  it('rejects a connection reset mid-stream with a ChatGeneratorConnectionError, without retrying', async () => {
    env.server.misbehaveNext('reset-mid-body');
    const chunks: StreamingChunk[] = [];
    const err = await caught(generatorFor(env.server, { maxRetries: 2 }).run({ messages: 'x', streamingCallback: (c) => void chunks.push(c) }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorConnectionError);
    expect(err).toMatchObject({ status: 200, requestId: 'req_fake_1' });
    expect((err as Error).message).toMatch(/^OpenAIChatGenerator 'llm': the connection was lost mid-stream after 2 chunks/);
    expect(chunks).toHaveLength(2);
    expect(env.server.requests).toHaveLength(1);
    assertNoKey(err);
  });
});

describe('OpenAIChatGenerator: a reset while reading a non-streamed body', { timeout: 10_000 }, () => {
  it('is a ChatGeneratorConnectionError', async () => {
    env.server.misbehaveNext('reset-mid-body');
    const err = await caught(generatorFor(env.server).run({ messages: 'x' }, ctx()));
    expect(err).toBeInstanceOf(ChatGeneratorConnectionError);
    expect((err as Error).message).toMatch(/the connection was lost while reading the response body/);
    expect(err).toMatchObject({ status: 200, requestId: 'req_fake_1', retryable: true });
  });

  it('is retried', async () => {
    env.server.misbehaveNext('reset-mid-body');
    const { replies } = await generatorFor(env.server, { maxRetries: 1, maxRetryDelay: 0 }).run({ messages: 'x' });
    expect(replies[0]?.text).toBe('Echo: x');
  });
});

describe('OpenAIChatGenerator: huge responses', { timeout: 10_000 }, () => {
  it.each([false, true])('stops reading past maxResponseBytes (streamed: %s) with a ChatGeneratorResponseError', async (streamed) => {
    env.server.hugeBytes = 500_000;
    env.server.misbehaveNext('huge');
    const err = await caught(
      generatorFor(env.server, { maxResponseBytes: 50_000, timeout: 5 }).run({ messages: 'x', ...(streamed ? { streamingCallback: () => undefined } : {}) }, ctx()),
    );
    expect(err).toBeInstanceOf(ChatGeneratorResponseError);
    expect((err as Error).message).toMatch(/the response exceeded maxResponseBytes \(50000 bytes\)\. Raise 'maxResponseBytes'/);
    expect(err).toMatchObject({ status: 200, requestId: 'req_fake_1' });
    await waitFor(() => env.server.inFlight === 0); // the rest of the body is not downloaded
  });

  it.each([false, true])('reads a large response within the limit (streamed: %s)', async (streamed) => {
    env.server.hugeBytes = 300_000;
    env.server.misbehaveNext('huge');
    const { replies } = await generatorFor(env.server, { timeout: 5 }).run({ messages: 'x', ...(streamed ? { streamingCallback: () => undefined } : {}) });
    expect(replies[0]?.text).toHaveLength(300_000);
  });
});
