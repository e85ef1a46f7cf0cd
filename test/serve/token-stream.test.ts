/**
 * The token path, through AsyncPipeline's own `stream()` (an async-iterable handle of
 * StreamingChunks, each naming its component, and `result` once iteration ends).
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, ChatMessage, ComponentInfo, StreamingChunk, defineComponent, type StreamingCallback } from '../../src/index.js';
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

/** Builds the messages from a question: a component before the streaming one, so its partial comes before the tokens. */
const Prompt = defineComponent({
  name: 'Prompt',
  inputs: { question: z.string() },
  outputs: { messages: z.array(z.instanceof(ChatMessage)) },
  run: async ({ question }) => ({ messages: [ChatMessage.fromUser(question)] }),
});

let served: Served;
beforeAll(async () => {
  const pipeline = new AsyncPipeline().addComponent('llm', new WordLlm());
  const rag = new AsyncPipeline().addComponent('prompt', new Prompt()).addComponent('llm', new WordLlm()).connect('prompt.messages', 'llm.messages');
  served = await serveOnLoopback({ chat: { pipeline, chat: { messages: 'llm.messages', replies: 'llm.replies' } }, rag });
});
afterAll(() => served.close());

describe('token events from pipeline.stream()', () => {
  it('/stream sends one token event per chunk, with its component, then the final outputs', async () => {
    const response = await fetch(`${served.url}/chat/stream`, { method: 'POST', body: JSON.stringify({ data: { llm: { messages: [ChatMessage.fromUser('hi you').toDict()] } } }) });
    const events = await readSse(response);
    expect(events.map((e) => e.event)).toEqual(['token', 'token', 'token', 'partial', 'final']);
    expect(events.slice(0, 3).map((e) => JSON.parse(e.data))).toEqual([
      { component: 'llm', content: 'echo:', finishReason: null },
      { component: 'llm', content: ' hi', finishReason: null },
      { component: 'llm', content: ' you', finishReason: null },
    ]);
    expect(JSON.parse(events[3]!.data)).toMatchObject({ component: 'llm', outputs: { replies: [{ role: 'assistant' }] } });
    expect(JSON.parse(events[4]!.data).result.llm.replies[0]).toMatchObject({ role: 'assistant' });
  });

  it('/stream sends partial outputs and tokens in the order they happened, then the final event', async () => {
    const response = await fetch(`${served.url}/rag/stream`, { method: 'POST', body: JSON.stringify({ data: { prompt: { question: 'why not' } } }) });
    const events = await readSse(response);
    const seen = events.map((e) => {
      const data = JSON.parse(e.data);
      return e.event === 'token' ? `token ${data.content}` : e.event === 'partial' ? `partial ${data.component}` : e.event;
    });
    expect(seen).toEqual(['partial prompt', 'token echo:', 'token  why', 'token  not', 'partial llm', 'final']);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(JSON.parse(events[0]!.data).outputs.messages[0]).toMatchObject({ role: 'user' });
    // The final event is /run's result: the consumed prompt output is not in it unless asked for.
    expect(Object.keys(JSON.parse(events[5]!.data).result)).toEqual(['llm']);
  });

  it('/stream on the token path sends only the partials the request includes', async () => {
    const response = await fetch(`${served.url}/rag/stream`, { method: 'POST', body: JSON.stringify({ data: { prompt: { question: 'x' } }, includeOutputsFrom: ['prompt'] }) });
    const events = await readSse(response);
    expect(events.map((e) => e.event)).toEqual(['partial', 'token', 'token', 'partial', 'final']);
    expect(Object.keys(JSON.parse(events[4]!.data).result).sort()).toEqual(['llm', 'prompt']);
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
