/**
 * OpenAIChatGenerator streaming for real inside a pipeline: `AsyncPipeline.stream` against the
 * fake OpenAI server on 127.0.0.1 (many SSE chunks, tool-call deltas, usage at the end).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncPipeline, ChatMessage, ChatPromptBuilder, OpenAIChatGenerator, Secret, type StreamingChunk } from '../../../src/index.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(async () => {
  await server.close();
});

const WORDS = Array.from({ length: 300 }, (_, i) => `w${i}`);
const LONG = WORDS.join(' ');

function rag(options: ConstructorParameters<typeof OpenAIChatGenerator>[0] = {}) {
  return new AsyncPipeline()
    .addComponent('prompt', new ChatPromptBuilder({ template: [ChatMessage.fromUser('{{ q }}')], requiredVariables: '*' }))
    .addComponent(
      'llm',
      new OpenAIChatGenerator({
        apiKey: Secret.fromToken('sk-stream-secret'),
        apiBaseUrl: server.baseUrl,
        maxRetries: 0,
        generationKwargs: { stream_options: { include_usage: true } },
        ...options,
      }),
    )
    .connect('prompt.prompt', 'llm.messages');
}

describe('OpenAIChatGenerator streamed through AsyncPipeline.stream', { timeout: 20_000 }, () => {
  it('delivers every content chunk, named after the pipeline component, with usage at the end', async () => {
    server.reset();
    server.reply = () => ({ content: LONG, usage: { prompt_tokens: 3, completion_tokens: 300, total_tokens: 303 } });
    const handle = rag().stream({ prompt: { q: 'talk' } });
    const chunks: StreamingChunk[] = [];
    for await (const chunk of handle) chunks.push(chunk);
    // A role chunk, one chunk per word, the finish chunk, the usage chunk.
    expect(chunks).toHaveLength(1 + WORDS.length + 2);
    expect(chunks.map((c) => c.content).join('')).toBe(LONG);
    expect(new Set(chunks.map((c) => c.componentInfo?.name))).toEqual(new Set(['llm']));
    expect(chunks[0]?.componentInfo?.type).toBe(OpenAIChatGenerator.typeName);
    expect(chunks.at(-2)?.finishReason).toBe('stop');
    expect(chunks.at(-1)?.meta['usage']).toEqual({ prompt_tokens: 3, completion_tokens: 300, total_tokens: 303 });
    const reply = handle.result.llm?.replies?.[0];
    expect(reply?.text).toBe(LONG);
    expect(reply?.meta['usage']).toEqual({ prompt_tokens: 3, completion_tokens: 300, total_tokens: 303 });
    expect(server.requests[0]?.body.stream).toBe(true);
    expect(server.requests[0]?.body.stream_options).toEqual({ include_usage: true });
  });

  it('streams tool-call deltas and assembles the tool calls in the reply', async () => {
    server.reset();
    server.reply = () => ({
      toolCalls: [
        { id: 'call_1', name: 'weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { id: 'call_2', name: 'time', arguments: '{"zone":"CET"}' },
      ],
    });
    const handle = rag().stream({ prompt: { q: 'weather and time?' } });
    const deltas: NonNullable<StreamingChunk['toolCalls']>[number][] = [];
    for await (const chunk of handle) for (const delta of chunk.toolCalls ?? []) deltas.push(delta);
    expect(deltas.filter((d) => d.toolName !== null).map((d) => [d.index, d.id, d.toolName])).toEqual([
      [0, 'call_1', 'weather'],
      [1, 'call_2', 'time'],
    ]);
    expect(deltas.filter((d) => d.index === 0).map((d) => d.arguments ?? '').join('')).toBe('{"city":"Paris","unit":"celsius"}');
    const calls = handle.result.llm?.replies?.[0]?.toolCalls;
    expect(calls?.map((c) => [c.id, c.toolName, c.arguments])).toEqual([
      ['call_1', 'weather', { city: 'Paris', unit: 'celsius' }],
      ['call_2', 'time', { zone: 'CET' }],
    ]);
    expect(handle.result.llm?.replies?.[0]?.meta['finish_reason']).toBe('tool_calls');
  });

  it('awaits an async callback given in data before reading the next event, and the handle sees the same chunks', async () => {
    server.reset();
    server.reply = () => ({ content: 'one two three four' });
    const order: string[] = [];
    const handle = rag().stream({
      prompt: { q: 'x' },
      llm: {
        streamingCallback: async (chunk) => {
          order.push(`start:${chunk.content}`);
          await new Promise((resolve) => setImmediate(resolve));
          order.push(`end:${chunk.content}`);
        },
      },
    });
    const seen: string[] = [];
    for await (const chunk of handle) seen.push(chunk.content);
    expect(seen.join('')).toBe('one two three four');
    // Strictly alternating: the generator waited for each callback before handing over the next chunk.
    for (let i = 0; i < order.length; i += 2) expect(order[i]?.replace('start:', '')).toBe(order[i + 1]?.replace('end:', ''));
    expect(order.filter((o) => o.startsWith('start:'))).toHaveLength(seen.length);
  });

  it('cancels the HTTP stream when the consumer stops reading, and never shows the key in a chunk', async () => {
    server.reset();
    server.reply = () => ({ content: LONG });
    server.chunkDelayMs = 1;
    try {
      const handle = rag().stream({ prompt: { q: 'x' } });
      let count = 0;
      for await (const chunk of handle) {
        expect(JSON.stringify(chunk.toDict())).not.toContain('sk-stream-secret');
        if (++count === 5) break;
      }
      expect(handle.done).toBe(true);
      expect(() => handle.result).toThrow(/the run was cancelled/);
      await expect(handle.completion).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      server.chunkDelayMs = 0;
    }
  });
});
