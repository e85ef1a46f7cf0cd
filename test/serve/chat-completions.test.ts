import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, ChatMessage, defineComponent } from '../../src/index.js';
import { serveOnLoopback, type Served } from './helpers.js';

const FailingChat = defineComponent({
  name: 'FailingChat',
  inputs: { messages: z.array(z.instanceof(ChatMessage)) },
  outputs: { replies: z.array(z.instanceof(ChatMessage)) },
  run: async () => {
    throw new Error('upstream said: invalid key sk-SECRET-123');
  },
});

/** Answers with what it was told, and the topic a side input received. */
const Echo = defineComponent({
  name: 'Echo',
  inputs: { messages: z.array(z.instanceof(ChatMessage)), topic: z.string().optional() },
  outputs: { replies: z.array(z.instanceof(ChatMessage)) },
  run: ({ messages, topic }) => {
    const last = messages.at(-1)!;
    const roles = messages.map((m) => m.role).join(',');
    return { replies: [ChatMessage.fromAssistant(`${last.text ?? ''} | roles=${roles}${topic ? ` | topic=${topic}` : ''}`)] };
  },
});

let served: Served;
let client: OpenAI;

beforeAll(async () => {
  const echo = new AsyncPipeline().addComponent('bot', new Echo());
  const rag = new AsyncPipeline().addComponent('bot', new Echo());
  const broken = new AsyncPipeline().addComponent('bad', new FailingChat());
  served = await serveOnLoopback({
    echo: { pipeline: echo, chat: { messages: 'bot.messages', replies: 'bot.replies' } },
    rag: { pipeline: rag, chat: { messages: 'bot.messages', replies: 'bot.replies', extraData: (question) => ({ bot: { topic: question.toUpperCase() } }) } },
    plain: new AsyncPipeline().addComponent('x', new Echo()),
    broken: { pipeline: broken, chat: { messages: 'bad.messages', replies: 'bad.replies' } },
    miswired: { pipeline: new AsyncPipeline().addComponent('bot', new Echo()), chat: { messages: 'bot.topic', replies: 'bot.replies' } },
  });
  client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'not-needed', maxRetries: 0 });
});
afterAll(() => served.close());

describe('POST /v1/chat/completions with the official openai SDK', () => {
  it('lists the chat pipelines as models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['echo', 'rag', 'broken', 'miswired']);
  });

  it('answers a non-streaming completion from the pipeline reply', async () => {
    const completion = await client.chat.completions.create({
      model: 'echo',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello there' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('echo');
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'hello there | roles=system,user' });
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams a completion the SDK reassembles into the same reply', async () => {
    const stream = await client.chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: [{ type: 'text', text: 'streamed' }] }], stream: true });
    let text = '';
    const finishes: (string | null)[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect(text).toBe('streamed | roles=user');
    expect(finishes.at(-1)).toBe('stop');
  });

  it('feeds other inputs from the last user message through extraData', async () => {
    const completion = await client.chat.completions.create({ model: 'rag', messages: [{ role: 'user', content: 'rhodes' }] });
    expect(completion.choices[0]!.message.content).toBe('rhodes | roles=user | topic=RHODES');
  });

  it('answers 404 for a pipeline that is not a chat model', async () => {
    const error = await client.chat.completions.create({ model: 'plain', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).message).toContain("model 'plain' does not exist");
  });

  it('answers 400 for messages it cannot read', async () => {
    const error = await client.chat.completions.create({ model: 'echo', messages: [{ role: 'tool', content: 'x', tool_call_id: 't' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it('answers 400 naming the socket when the mapping feeds messages where they do not fit', async () => {
    const error = await client.chat.completions.create({ model: 'miswired', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("Input 'topic' of component 'bot' is invalid");
  });

  it('answers a pipeline failure as a 500 without the component message', async () => {
    const error = await client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect((error as Error).message).toContain("Component 'bad' (type 'FailingChat') failed");
    expect(JSON.stringify(error)).not.toContain('sk-SECRET');
  });

  it('ends a failed stream with an error the SDK raises', async () => {
    const stream = await client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'x' }], stream: true });
    const consume = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(consume()).rejects.toThrow(/Component 'bad'/);
  });
});
