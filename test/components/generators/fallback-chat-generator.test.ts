/**
 * FallbackChatGenerator (Haystack's name and behaviour): generators tried in order against two
 * local fake servers, the first success answers with Haystack's meta keys, any error falls over,
 * an abort does not, and all failing is one typed error carrying every generator's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  ChatGeneratorAuthenticationError,
  ChatGeneratorFallbackError,
  ChatGeneratorRateLimitError,
  ChatMessage,
  ComponentError,
  FallbackChatGenerator,
  Pipeline,
  PipelineRuntimeError,
  defineComponent,
  type StreamingChunk,
} from '../../../src/index.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';
import { KEY, assertNoKey, captureLogs, generatorFor, type CapturedLogs } from './misbehaving-server-kit.js';

let primary: FakeOpenAIServer;
let backup: FakeOpenAIServer;
let logs: CapturedLogs;
beforeEach(async () => {
  primary = await FakeOpenAIServer.start({ reply: () => ({ content: 'from primary' }) });
  backup = await FakeOpenAIServer.start({ reply: () => ({ content: 'from backup' }) });
  logs = captureLogs();
});
afterEach(async () => {
  logs.restore();
  await Promise.all([primary.close(), backup.close()]);
});

const chain = () => new FallbackChatGenerator({ chatGenerators: [generatorFor(primary, { timeout: 5 }), generatorFor(backup, { timeout: 5 })] });

describe('FallbackChatGenerator', { timeout: 20_000 }, () => {
  it('answers with the first generator when it succeeds, and never calls the next', async () => {
    const { replies, meta } = await chain().run({ messages: 'hi' });
    expect(replies[0]?.text).toBe('from primary');
    expect(meta).toEqual({ successful_chat_generator_index: 0, successful_chat_generator_class: 'OpenAIChatGenerator', total_attempts: 1, failed_chat_generators: [] });
    expect(backup.requests).toHaveLength(0);
  });

  it('falls over to the next generator on a 429, with the same messages', async () => {
    primary.failNext(1, { status: 429 });
    const { replies, meta } = await chain().run({ messages: [ChatMessage.fromUser('hello')], generationKwargs: { temperature: 0 } });
    expect(replies[0]?.text).toBe('from backup');
    expect(meta).toMatchObject({ successful_chat_generator_index: 1, total_attempts: 2, failed_chat_generators: ['OpenAIChatGenerator'] });
    expect(backup.requests[0]?.body.messages).toEqual(primary.requests[0]?.body.messages);
    expect(backup.requests[0]?.body['temperature']).toBe(0);
    expect(logs.lines.some((l) => l.startsWith('warn FallbackChatGenerator: chat generator 0 (OpenAIChatGenerator) failed, trying the next one'))).toBe(true);
  });

  it('falls over on a slow primary that hits its own timeout', async () => {
    primary.hangNext(1);
    const llm = new FallbackChatGenerator({ chatGenerators: [generatorFor(primary, { timeout: 0.2 }), generatorFor(backup, { timeout: 5 })] });
    const { replies } = await llm.runAsync({ messages: 'hi' });
    expect(replies[0]?.text).toBe('from backup');
  });

  it('when all fail, throws a ChatGeneratorFallbackError with every error, never the key', async () => {
    primary.failNext(1, { status: 401, message: `bad key ${KEY}` });
    backup.failNext(1, { status: 429 });
    const error = await chain().run({ messages: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatGeneratorFallbackError);
    const fallback = error as ChatGeneratorFallbackError;
    expect(fallback.errors.map((e) => (e as Error).constructor)).toEqual([ChatGeneratorAuthenticationError, ChatGeneratorRateLimitError]);
    expect(fallback.failedChatGenerators).toEqual(['OpenAIChatGenerator', 'OpenAIChatGenerator']);
    expect(fallback.cause).toBe(fallback.errors[1]);
    expect(fallback.status).toBe(429);
    expect(fallback.message).toMatch(/^FallbackChatGenerator: all 2 chat generators failed\. Last error: .*429.*Failed chat generators: \[OpenAIChatGenerator, OpenAIChatGenerator\]/);
    expect(fallback.retryable).toBe(false);
    assertNoKey(error, logs.lines.join('\n'));
  });

  it('is retryable when every generator failed retryably, so a pipeline retry repeats the chain', async () => {
    primary.failNext(1, { status: 429 });
    backup.failNext(1, { status: 503 });
    const pipeline = new Pipeline().addComponent('llm', chain(), { retry: { maxAttempts: 2, initialInterval: 1, jitter: false } });
    const result = await pipeline.runAsync({ llm: { messages: 'hi' } });
    expect(result.llm?.replies?.[0]?.text).toBe('from primary');
    expect(result.llm?.meta).toMatchObject({ successful_chat_generator_index: 0 });
    expect([primary.requests.length, backup.requests.length]).toEqual([2, 1]);
  });

  it('an abort stops at once: the next generator is not tried', async () => {
    primary.hangNext(1);
    const controller = new AbortController();
    const llm = new FallbackChatGenerator({ chatGenerators: [generatorFor(primary, { timeout: 30 }), generatorFor(backup, { timeout: 5 })] });
    const running = llm.run({ messages: 'hi' }, { signal: controller.signal, componentName: 'llm' }).catch((e: unknown) => e);
    while (primary.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await running).toBe(reason);
    expect(backup.requests).toHaveLength(0);
  });

  it('inside a pipeline, all failing is a PipelineRuntimeError whose cause is the fallback error', async () => {
    primary.failNext(1, { status: 500 });
    backup.failNext(1, { status: 500 });
    const error = await new Pipeline().addComponent('llm', chain()).run({ llm: { messages: 'hi' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as Error).cause).toBeInstanceOf(ChatGeneratorFallbackError);
    expect(((error as Error).cause as Error).message).toMatch(/^FallbackChatGenerator 'llm': all 2/);
  });

  it('forwards the streaming callback to the generator that answers', async () => {
    primary.failNext(1, { status: 503 });
    const chunks: StreamingChunk[] = [];
    const { replies } = await chain().run({ messages: 'hi', streamingCallback: (chunk) => void chunks.push(chunk) });
    expect(replies[0]?.text).toBe('from backup');
    expect(chunks.map((c) => c.content).join('')).toBe('from backup');
  });

  it('keeps the answering generator’s own meta and prefers runAsync in runAsync', async () => {
    const calls: string[] = [];
    const Echo = defineComponent({
      name: 'EchoGenerator',
      inputs: { messages: z.array(z.instanceof(ChatMessage)) },
      outputs: { replies: z.array(z.instanceof(ChatMessage)), meta: z.record(z.string(), z.unknown()) },
      run: ({ messages }) => (calls.push('run'), { replies: [ChatMessage.fromAssistant(messages[0]?.text ?? '')], meta: { model: 'echo' } }),
      runAsync: async ({ messages }) => (calls.push('runAsync'), { replies: [ChatMessage.fromAssistant(messages[0]?.text ?? '')], meta: { model: 'echo' } }),
    });
    const llm = new FallbackChatGenerator({ chatGenerators: [new Echo()] });
    const { replies, meta } = await llm.runAsync({ messages: 'ping' });
    await llm.run({ messages: 'ping' });
    expect(replies[0]?.text).toBe('ping');
    expect(meta).toEqual({ model: 'echo', successful_chat_generator_index: 0, successful_chat_generator_class: 'EchoGenerator', total_attempts: 1, failed_chat_generators: [] });
    expect(calls).toEqual(['runAsync', 'run']);
  });

  it('warms up and closes every generator', async () => {
    const a = generatorFor(primary);
    const b = generatorFor(backup);
    const spies = [vi.spyOn(a, 'warmUp'), vi.spyOn(b, 'warmUp'), vi.spyOn(a, 'closeAsync'), vi.spyOn(b, 'closeAsync'), vi.spyOn(a, 'close')];
    const pipeline = new Pipeline().addComponent('llm', new FallbackChatGenerator({ chatGenerators: [a, b] }));
    await pipeline.warmUp();
    await pipeline.closeAsync();
    expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1, 1, 1]);
    // The sync close path calls only close.
    await new FallbackChatGenerator({ chatGenerators: [a] }).close();
    expect(spies.map((s) => s.mock.calls.length)).toEqual([1, 1, 1, 1, 2]);
  });

  it.each([
    [undefined, /expected an options object \{ chatGenerators: \[\.\.\.\] \}, got undefined/],
    [{ chatGenerators: [] }, /expected 'chatGenerators' to be a non-empty list of chat generators, got an empty list/],
    [{ chatGenerators: 'gpt' }, /expected 'chatGenerators' to be a non-empty list of chat generators, got string/],
    [{ chatGenerators: [{}] }, /expected chatGenerators\[0\] to be a chat generator component, got Object/],
    [{ chat_generators: [] }, /unknown option 'chat_generators'\. Did you mean 'chatGenerators'\?/],
  ])('rejects bad options %#', (options, message) => {
    expect(() => new FallbackChatGenerator(options as never)).toThrow(ComponentError);
    expect(() => new FallbackChatGenerator(options as never)).toThrow(message);
  });

  it('rejects a component that is not a chat generator, and the same instance twice', () => {
    const NotChat = defineComponent({ name: 'NotChat', inputs: { text: z.string() }, outputs: { text: z.string() }, run: ({ text }) => ({ text }) });
    expect(() => new FallbackChatGenerator({ chatGenerators: [new NotChat()] })).toThrow(
      /expected chatGenerators\[0\] \(NotChat\) to be a chat generator, but it has no a 'messages' input and no a 'replies' output/,
    );
    const same = generatorFor(primary);
    expect(() => new FallbackChatGenerator({ chatGenerators: [same, same] })).toThrow(/the same instance twice/);
  });
});
