import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type ServeExample } from '../../examples/serve.js';
import { SHARED_MODELS } from '../components/embedders/tiny-model.js';
import { FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { readSse } from '../serve/helpers.js';

describe('examples/serve.ts (tiny model, fake OpenAI server)', () => {
  let llm: FakeOpenAIServer;
  let example: ServeExample;
  const lines: string[] = [];
  beforeAll(async () => {
    llm = await FakeOpenAIServer.start({ latencyMs: 1 });
    example = await main({
      argv: ['--port', '0'],
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.baseUrl },
      modelPath: `${SHARED_MODELS}/tiny-minilm`,
      log: (line) => lines.push(line),
    });
  }, 60_000);
  afterAll(async () => {
    await example.server.close();
    await llm.close();
  });

  it('serves the hybrid pipeline: /run retrieves, builds the prompt and generates', async () => {
    expect(example).toMatchObject({ retrieval: 'hybrid', generation: true });
    const q = 'What does Rhodes Statue look like?';
    const response = await fetch(`${example.server.url}/rag/run`, { method: 'POST', body: JSON.stringify({ data: { query: q, text: q, question: q }, includeOutputsFrom: ['joiner'] }) });
    expect(response.status).toBe(200);
    const { result } = (await response.json()) as { result: { joiner: { documents: unknown[] }; llm: { replies: { role: string }[] } } };
    expect(result.joiner.documents.length).toBeGreaterThan(0);
    expect(result.llm.replies[0]!.role).toBe('assistant');
  });

  it("streams the answer's tokens from the generator (the pipeline can stream), then the final answer", async () => {
    const q = 'Where is Gardens of Babylon?';
    const events = await readSse(await fetch(`${example.server.url}/rag/stream`, { method: 'POST', body: JSON.stringify({ data: { query: q, text: q, question: q } }) }));
    const tokens = events.filter((e) => e.event === 'token').map((e) => JSON.parse(e.data) as { component: string; content: string });
    expect(tokens.length).toBeGreaterThan(0);
    expect(new Set(tokens.map((t) => t.component))).toEqual(new Set(['llm']));
    expect(events.at(-1)!.event).toBe('final');
    // The components before the generator send their partial outputs ahead of its tokens.
    const firstToken = events.findIndex((e) => e.event === 'token');
    expect(events.slice(0, firstToken).filter((e) => e.event === 'partial').length).toBeGreaterThan(0);
  });

  it('answers an OpenAI chat request through the pipeline and prints curl lines for each endpoint', async () => {
    const client = new OpenAI({ baseURL: `${example.server.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'rag', messages: [{ role: 'user', content: 'Why did people build Great Pyramid of Giza?' }] });
    expect(typeof completion.choices[0]!.message.content).toBe('string');
    const text = lines.join('\n');
    for (const path of ['/rag/run', '/rag/stream', '/rag/schema', '/rag/mermaid', '/health', '/v1/chat/completions']) expect(text).toContain(path);
  });
});
