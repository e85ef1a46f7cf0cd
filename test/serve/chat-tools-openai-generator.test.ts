/**
 * Tools end to end with the real chat generator: the official openai SDK talks to the served
 * pipeline, whose OpenAIChatGenerator talks to the fake OpenAI server. The request's tools and
 * tool_choice reach the upstream request; the upstream tool call comes back to the client.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AsyncPipeline, OpenAIChatGenerator, Secret } from '../../src/index.js';
import { FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { serveOnLoopback, type Served } from './helpers.js';

let upstream: FakeOpenAIServer;
let served: Served;
let client: OpenAI;

beforeAll(async () => {
  upstream = await FakeOpenAIServer.start({
    reply: (request) =>
      request.body.tools !== undefined && request.body.messages?.at(-1)?.role !== 'tool'
        ? { toolCalls: [{ id: 'call_up_1', name: 'get_weather', arguments: '{"city":"Rhodes"}' }] }
        : { content: `weather: ${String(request.body.messages?.at(-1)?.content ?? '')}` },
  });
  const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-upstream'), apiBaseUrl: upstream.baseUrl, maxRetries: 0 });
  served = await serveOnLoopback({ llm: { pipeline: new AsyncPipeline().addComponent('llm', llm), chat: { messages: 'llm.messages', replies: 'llm.replies' } } });
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
});
afterAll(async () => {
  await served.close();
  await upstream.close();
});

const weather: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('tools through OpenAIChatGenerator', () => {
  it('forwards tools and tool_choice upstream and returns the tool call, streamed and not', async () => {
    const completion = await client.chat.completions.create({ model: 'llm', messages: [{ role: 'user', content: 'Rhodes?' }], tools: [weather], tool_choice: 'required' });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls).toEqual([{ id: 'call_up_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rhodes"}' } }]);
    const sent = upstream.requests.at(-1)!.body;
    expect(sent['tool_choice']).toBe('required');
    expect(sent.tools).toMatchObject([{ type: 'function', function: { name: 'get_weather', parameters: { required: ['city'] } } }]);

    const final = await client.chat.completions.stream({ model: 'llm', messages: [{ role: 'user', content: 'Rhodes?' }], tools: [weather] }).finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.choices[0]!.message.tool_calls).toMatchObject([{ id: 'call_up_1', function: { name: 'get_weather', arguments: '{"city":"Rhodes"}' } }]);
  });

  it('sends the tool result back upstream as a tool message and answers in text', async () => {
    const completion = await client.chat.completions.create({
      model: 'llm',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Rhodes?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_up_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rhodes"}' } }] },
        { role: 'tool', tool_call_id: 'call_up_1', content: 'sunny' },
      ],
    });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'weather: sunny' } });
    const sent = upstream.requests.at(-1)!.body.messages!;
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(sent[2]).toMatchObject({ tool_call_id: 'call_up_1', content: 'sunny' });
    expect(sent[1]!.tool_calls).toMatchObject([{ id: 'call_up_1', function: { name: 'get_weather' } }]);
  });
});
