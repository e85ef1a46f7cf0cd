/**
 * The token path, against a pipeline that has `stream()` with the contract of issue 11 (an
 * async-iterable handle of StreamingChunks, each naming its component, and `result` once
 * iteration ends). AsyncPipeline gains its own `stream()` on another branch; this subclass
 * implements the same contract with the generator's streamingCallback, so the path is tested now.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, ChatMessage, ComponentInfo, StreamingChunk, defineComponent, type AsyncRunOptions, type StreamingCallback } from '../../src/index.js';
import { readSse, serveOnLoopback, type Served } from './helpers.js';

const WordLlm = defineComponent({
  name: 'WordLlm',
  inputs: {
    messages: z.array(z.instanceof(ChatMessage)),
    streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function').optional(),
  },
  outputs: { replies: z.array(z.instanceof(ChatMessage)) },
  run: async ({ messages, streamingCallback }, context) => {
    const words = `echo: ${messages.at(-1)!.text ?? ''}`.split(' ');
    for (const [i, word] of words.entries()) {
      await streamingCallback?.(new StreamingChunk({ content: i === 0 ? word : ` ${word}`, componentInfo: new ComponentInfo('WordLlm', context?.componentName ?? null) }));
    }
    return { replies: [ChatMessage.fromAssistant(words.join(' '))] };
  },
});

class StreamingPipeline extends AsyncPipeline {
  stream(data: Record<string, Record<string, unknown>>, options: AsyncRunOptions) {
    const chunks: StreamingChunk[] = [];
    let wake: (() => void) | undefined;
    let settled: { error?: unknown } | undefined;
    const handle = {
      result: undefined as Record<string, unknown> | undefined,
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (chunks.length > 0) yield chunks.shift()!;
          else if (settled !== undefined) {
            if ('error' in settled) throw settled.error;
            return;
          } else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
    const callback: StreamingCallback = (chunk) => {
      chunks.push(chunk);
      wake?.();
    };
    this.runAsync({ ...data, llm: { ...(data['llm'] ?? {}), streamingCallback: callback } }, options).then(
      (result) => {
        handle.result = result;
        settled = {};
        wake?.();
      },
      (error: unknown) => {
        settled = { error };
        wake?.();
      },
    );
    return handle;
  }
}

let served: Served;
beforeAll(async () => {
  const pipeline = new StreamingPipeline().addComponent('llm', new WordLlm());
  served = await serveOnLoopback({ chat: { pipeline, chat: { messages: 'llm.messages', replies: 'llm.replies' } } });
});
afterAll(() => served.close());

describe('token events from pipeline.stream()', () => {
  it('/stream sends one token event per chunk, with its component, then the final outputs', async () => {
    const response = await fetch(`${served.url}/chat/stream`, { method: 'POST', body: JSON.stringify({ data: { llm: { messages: [ChatMessage.fromUser('hi you').toDict()] } } }) });
    const events = await readSse(response);
    expect(events.map((e) => e.event)).toEqual(['token', 'token', 'token', 'final']);
    expect(events.slice(0, 3).map((e) => JSON.parse(e.data))).toEqual([
      { component: 'llm', content: 'echo:', finishReason: null },
      { component: 'llm', content: ' hi', finishReason: null },
      { component: 'llm', content: ' you', finishReason: null },
    ]);
    expect(JSON.parse(events[3]!.data).result.llm.replies[0]).toMatchObject({ role: 'assistant' });
  });

  it('a streamed chat completion carries the tokens as deltas', async () => {
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const deltas: string[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'a b' }], stream: true })) {
      const content = chunk.choices[0]?.delta.content;
      if (content) deltas.push(content);
    }
    expect(deltas).toEqual(['echo:', ' a', ' b']);
  });
});
