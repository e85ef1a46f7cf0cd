import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AsyncPipeline,
  ChatMessage,
  ChatPromptBuilder,
  OpenAIChatGenerator,
  Pipeline,
  PipelineRuntimeError,
  PromptBuilder,
  Secret,
  type AnyComponent,
} from '../../../src/index.js';
import { ChatGeneratorServerError } from '../../../src/components/generators/errors.js';
import type { StreamingChunk } from '../../../src/dataclasses/streaming-chunk.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await FakeOpenAIServer.start();
});
afterAll(async () => {
  await server.close();
});

const llm = (options: ConstructorParameters<typeof OpenAIChatGenerator>[0] = {}): OpenAIChatGenerator =>
  new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-pipeline'), apiBaseUrl: server.baseUrl, maxRetries: 0, ...options });

describe('OpenAIChatGenerator in pipelines', () => {
  it('is a component for the engines', () => {
    const asComponent: AnyComponent = llm();
    const builder: AnyComponent = new PromptBuilder({ template: 'x', requiredVariables: [] });
    expect([asComponent, builder]).toHaveLength(2);
  });

  it.each([
    ['Pipeline', () => new Pipeline()],
    ['AsyncPipeline', () => new AsyncPipeline()],
  ] as const)('%s: PromptBuilder → OpenAIChatGenerator (string prompt into messages)', async (_name, create) => {
    server.reset();
    const pipeline = create();
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template: 'Q: {{ question }}', requiredVariables: ['question'] }));
    pipeline.addComponent('llm', llm());
    pipeline.connect('prompt_builder.prompt', 'llm.messages');
    const out = (await pipeline.run({ question: 'why?' })) as { llm: { replies: ChatMessage[] } };
    expect(out.llm.replies[0]?.text).toBe('Echo: Q: why?');
  });

  it('ChatPromptBuilder → OpenAIChatGenerator streams with the pipeline component name', async () => {
    server.reset();
    const chunks: StreamingChunk[] = [];
    const pipeline = new AsyncPipeline();
    pipeline.addComponent(
      'prompt',
      new ChatPromptBuilder({ template: [ChatMessage.fromSystem('Be brief.'), ChatMessage.fromUser('{{ q }}')], requiredVariables: '*' }),
    );
    pipeline.addComponent('generator', llm({ streamingCallback: (c) => void chunks.push(c) }));
    pipeline.connect('prompt.prompt', 'generator.messages');
    const out = (await pipeline.runAsync({ prompt: { q: 'hello there' } })) as { generator: { replies: ChatMessage[] } };
    expect(out.generator.replies[0]?.text).toBe('Echo: hello there');
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.componentInfo?.name === 'generator')).toBe(true);
    expect(server.requests[0]?.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there' },
    ]);
  });

  it('surfaces API errors as PipelineRuntimeError with the typed cause', async () => {
    server.reset();
    server.failNext(1, { status: 500 });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('llm', llm());
    let caught: unknown;
    try {
      await pipeline.runAsync({ llm: { messages: 'x' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PipelineRuntimeError);
    expect((caught as PipelineRuntimeError).cause).toBeInstanceOf(ChatGeneratorServerError);
  });

  it('cancels the HTTP request when the pipeline run is aborted', async () => {
    server.reset();
    server.hangNext(1);
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('llm', llm({ timeout: 30 }));
    const controller = new AbortController();
    const pending = pipeline.runAsync({ llm: { messages: 'x' } }, { signal: controller.signal });
    while (server.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    while (server.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
    expect(server.inFlight).toBe(0);
  });
});
