/** The demo's streamed answer and `--trace` span tree, against the fake OpenAI server on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../examples/hybrid-rag.js';
import { isTracingEnabled } from '../../src/index.js';
import { FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { SHARED_MODELS } from '../components/embedders/tiny-model.js';

const quiet = { write: () => true, isTTY: false };

describe('examples/hybrid-rag.ts --trace', { timeout: 60_000 }, () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await FakeOpenAIServer.start();
  });
  afterAll(() => server.close());

  it('writes the answer token by token and prints the span tree of the streamed run', async () => {
    const lines: string[] = [];
    const tokens: string[] = [];
    await main({
      argv: ['--trace'],
      env: { OPENAI_API_KEY: 'sk-demo-secret', OPENAI_BASE_URL: server.baseUrl },
      tinyModelPath: `${SHARED_MODELS}/tiny-minilm`,
      progressStream: quiet,
      log: (line) => lines.push(line),
      write: (text) => tokens.push(text),
    });
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toMatch(/^Echo: /);
    const text = lines.join('\n');
    const tree = text.slice(text.indexOf('== Span tree of one run (--trace)'));
    expect(tree).toMatch(/\nhaystack\.pipeline\.run \[async\]  [\d.]+ ms\n/);
    for (const component of ['text_embedder', 'embedding_retriever', 'bm25_retriever', 'joiner', 'prompt_builder', 'llm']) {
      expect(tree).toMatch(new RegExp(`[├└]─ haystack\\.component\\.run ${component} \\(\\w+, visit 1\\)  [\\d.]+ ms`));
    }
    expect(text).not.toContain('sk-demo-secret');
    expect(isTracingEnabled()).toBe(false);
  });

  it('traces a run without generation too', async () => {
    const lines: string[] = [];
    await main({ argv: ['--trace'], env: {}, tinyModelPath: `${SHARED_MODELS}/tiny-minilm`, progressStream: quiet, waitingUnitMs: 20, log: (line) => lines.push(line) });
    const text = lines.join('\n');
    expect(text).toContain('== Span tree of one run (--trace)');
    expect(text).toMatch(/└─ haystack\.component\.run prompt_builder \(ChatPromptBuilder, visit 1\)/);
    expect(text).not.toMatch(/haystack\.component\.run llm/);
  });
});
