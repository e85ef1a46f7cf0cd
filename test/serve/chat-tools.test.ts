/**
 * Tools through POST /v1/chat/completions, with the official openai SDK as the client: the
 * request's tools reach the generator's `tools` socket, a reply with tool calls comes back as
 * `tool_calls` (streamed and not), tool results go back in, and a pipeline without a tools socket
 * refuses with a 400 that names it.
 */
import OpenAI from 'openai';
import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, ChatMessage, StreamingChunk, defineComponent, toolCall, toolCallDelta, type StreamingCallback, type ToolDefinition } from '../../src/index.js';
import { createPipelineApp } from '../../src/serve/index.js';
import { serveOnLoopback, type Served } from './helpers.js';

const messagesSchema = z.array(z.instanceof(ChatMessage));
const toolsSchema = z.array(z.custom<ToolDefinition>((v) => typeof v === 'object' && v !== null)).optional();
const kwargsSchema = z.record(z.string(), z.unknown()).optional();

/**
 * A model that calls the first tool it is given with the last user text (and the tool_choice it
 * got), and answers in text once the last message is a tool result.
 */
function decide(messages: ChatMessage[], tools: readonly ToolDefinition[] | undefined, kwargs: Record<string, unknown> | undefined) {
  const last = messages.at(-1)!;
  if (last.role === 'tool') {
    const result = last.content[0];
    return { text: `the tool said ${result?.type === 'tool_call_result' ? String(result.result) : '?'}`, call: undefined };
  }
  const tool = tools?.[0];
  if (tool === undefined) return { text: `no tools for: ${last.text ?? ''}`, call: undefined };
  const args = { city: last.text ?? '', choice: kwargs?.['tool_choice'] ?? null, params: Object.keys((tool.parameters['properties'] as object | undefined) ?? {}) };
  return { text: undefined, call: toolCall({ toolName: tool.name, arguments: args, id: 'call_1' }) };
}

/** Streams its tool call as OpenAIChatGenerator does: name and id first, then argument fragments. */
const StreamingToolLlm = defineComponent({
  name: 'StreamingToolLlm',
  inputs: { messages: messagesSchema, tools: toolsSchema, generationKwargs: kwargsSchema, streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function').optional() },
  outputs: { replies: messagesSchema },
  run: async ({ messages, tools, generationKwargs, streamingCallback }) => {
    const { text, call } = decide(messages, tools, generationKwargs);
    if (call !== undefined) {
      const json = JSON.stringify(call.arguments);
      const half = Math.floor(json.length / 2);
      await streamingCallback?.(new StreamingChunk({ content: '', index: 0, toolCalls: [toolCallDelta({ index: 0, id: call.id, toolName: call.toolName, arguments: json.slice(0, half) })] }));
      await streamingCallback?.(new StreamingChunk({ content: '', index: 0, toolCalls: [toolCallDelta({ index: 0, arguments: json.slice(half) })], finishReason: 'tool_calls' }));
      return { replies: [ChatMessage.fromAssistant(null, { toolCalls: [call] })] };
    }
    for (const word of text!.split(' ')) await streamingCallback?.(new StreamingChunk({ content: `${word} ` }));
    return { replies: [ChatMessage.fromAssistant(text!)] };
  },
});

/** The same model with no streaming socket and no generationKwargs: the whole reply at the end. */
const PlainToolLlm = defineComponent({
  name: 'PlainToolLlm',
  inputs: { messages: messagesSchema, tools: toolsSchema },
  outputs: { replies: messagesSchema },
  run: async ({ messages, tools }) => {
    const { text, call } = decide(messages, tools, undefined);
    return { replies: [call !== undefined ? ChatMessage.fromAssistant(null, { toolCalls: [call] }) : ChatMessage.fromAssistant(text!)] };
  },
});

const NoToolsLlm = defineComponent({
  name: 'NoToolsLlm',
  inputs: { messages: messagesSchema },
  outputs: { replies: messagesSchema },
  run: ({ messages }) => ({ replies: [ChatMessage.fromAssistant(messages.at(-1)!.text ?? '')] }),
});

/** Takes its tools on a socket of another name: reachable through `chat.tools`. */
const FunctionsLlm = defineComponent({
  name: 'FunctionsLlm',
  inputs: { messages: messagesSchema, functions: toolsSchema },
  outputs: { replies: messagesSchema },
  run: ({ messages, functions }) => {
    const { text, call } = decide(messages, functions, undefined);
    return { replies: [call !== undefined ? ChatMessage.fromAssistant(null, { toolCalls: [call] }) : ChatMessage.fromAssistant(text!)] };
  },
});

const weather: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let served: Served;
let client: OpenAI;
beforeAll(async () => {
  const chat = (component: InstanceType<typeof StreamingToolLlm | typeof PlainToolLlm | typeof NoToolsLlm>) => ({
    pipeline: new AsyncPipeline().addComponent('llm', component),
    chat: { messages: 'llm.messages', replies: 'llm.replies' },
  });
  served = await serveOnLoopback({
    streaming: chat(new StreamingToolLlm()),
    plain: chat(new PlainToolLlm()),
    notools: chat(new NoToolsLlm()),
    functions: { pipeline: new AsyncPipeline().addComponent('llm', new FunctionsLlm()), chat: { messages: 'llm.messages', replies: 'llm.replies', tools: 'llm.functions' } },
  });
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
});
afterAll(() => served.close());

describe('tools on POST /v1/chat/completions', () => {
  it('passes the tools and tool_choice to the generator and answers its tool calls with finish_reason tool_calls', async () => {
    const completion = await client.chat.completions.create({ model: 'streaming', messages: [{ role: 'user', content: 'Rhodes' }], tools: [weather], tool_choice: 'required' });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls).toEqual([{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: expect.any(String) } }]);
    const call = choice.message.tool_calls![0]!;
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rhodes', choice: 'required', params: ['city'] });
  });

  it('streams the tool call as deltas the SDK assembles into the same call', async () => {
    const stream = client.chat.completions.stream({ model: 'streaming', messages: [{ role: 'user', content: 'Giza' }], tools: [weather] });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call).toMatchObject({ id: 'call_1', type: 'function', function: { name: 'get_weather' } });
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Giza', choice: null, params: ['city'] });
  });

  it('sends a reply\'s tool calls whole when the pipeline cannot stream them', async () => {
    const stream = client.chat.completions.stream({ model: 'plain', messages: [{ role: 'user', content: 'Olympia' }], tools: [weather] });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments).city]).toEqual(['call_1', 'get_weather', 'Olympia']);
    const plain = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'Olympia' }], tools: [weather] });
    expect(plain.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('takes the tool result back and answers in text, finish_reason stop', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Rhodes' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rhodes"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ];
    const completion = await client.chat.completions.create({ model: 'streaming', messages, tools: [weather] });
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: 'the tool said sunny' } });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'streaming', messages, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('the tool said sunny ');
  });

  it('refuses tools with a 400 naming the pipeline when it has no tools socket', async () => {
    const error = await client.chat.completions.create({ model: 'notools', messages: [{ role: 'user', content: 'x' }], tools: [weather] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const body = (error as InstanceType<typeof OpenAI.BadRequestError>).error as { type: string; message: string; socket: string };
    expect(body.type).toBe('ChatToolsNotSupportedError');
    expect(body.socket).toBe('tools');
    expect(body.message).toContain("the pipeline 'notools' cannot take tools");
    const streamed = await client.chat.completions.create({ model: 'notools', messages: [{ role: 'user', content: 'x' }], tools: [weather], stream: true }).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('refuses a tool_choice the generator has no generationKwargs for, and accepts auto', async () => {
    const error = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice: 'required' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("the pipeline 'plain' cannot take tool_choice");
    const auto = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }], tools: [weather], tool_choice: 'auto' });
    expect(auto.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('feeds the socket chat.tools names, and checks that address when the app is made', async () => {
    const completion = await client.chat.completions.create({ model: 'functions', messages: [{ role: 'user', content: 'Delphi' }], tools: [weather] });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    const pipeline = new AsyncPipeline().addComponent('llm', new FunctionsLlm());
    expect(() => createPipelineApp({ p: { pipeline, chat: { messages: 'llm.messages', replies: 'llm.replies', tools: 'functions' } } })).toThrow(
      "expected 'chat.tools' of pipeline 'p' to be 'component.socket'",
    );
  });

  it('answers 400 for a tool result that answers no earlier call, and for a tool that is not a function', async () => {
    const orphan = await client.chat.completions.create({ model: 'streaming', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] }).catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    expect((orphan as Error).message).toContain('tool result for no earlier assistant tool call');
    const custom = await client.chat.completions
      .create({ model: 'streaming', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: { name: 'grammar' } }] })
      .catch((e: unknown) => e);
    expect(custom).toBeInstanceOf(OpenAI.BadRequestError);
    expect((custom as Error).message).toContain("tools[0] must be { type: 'function'");
  });
});
