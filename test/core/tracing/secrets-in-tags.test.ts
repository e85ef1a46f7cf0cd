/** No tag ever carries an API key: OpenAIChatGenerator in a traced pipeline, content tracing on, against the fake server. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AsyncPipeline, ChatMessage, ChatPromptBuilder, OpenAIChatGenerator, Secret } from '../../../src/index.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';
import { withOtel, type OtelFixture } from './otel-helpers.js';

let server: FakeOpenAIServer;
let otel: OtelFixture;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(() => server.close());
afterEach(() => otel.close());

describe('tracing an OpenAIChatGenerator run', { timeout: 20_000 }, () => {
  it.each(['runAsync', 'stream'] as const)('%s: records the reply as content but never the key, also when the server echoes it', async (how) => {
    otel = await withOtel({ content: true });
    const key = 'sk-live-0123456789abcdef';
    const pipeline = new AsyncPipeline()
      .addComponent('prompt', new ChatPromptBuilder({ template: [ChatMessage.fromUser('{{ q }}')], requiredVariables: '*' }))
      .addComponent('llm', new OpenAIChatGenerator({ apiKey: Secret.fromToken(key), apiBaseUrl: server.baseUrl, maxRetries: 0 }))
      .connect('prompt.prompt', 'llm.messages');
    if (how === 'runAsync') await pipeline.runAsync({ prompt: { q: 'hello' } });
    else for await (const chunk of pipeline.stream({ prompt: { q: 'hello' } })) void chunk;
    server.misbehaveNext('error-body');
    await expect(pipeline.runAsync({ prompt: { q: 'again' } })).rejects.toThrow();
    const attributes = JSON.stringify(otel.spans().map((s) => s.attributes));
    const events = JSON.stringify(otel.spans().map((s) => s.events));
    expect(attributes).toContain('Echo: hello');
    expect(attributes).not.toContain(key);
    expect(events).toContain('exception');
    expect(events).not.toContain(key);
  });
});
