import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, QUESTIONS, type DemoOptions } from '../../examples/hybrid-rag.js';
import { FakeOpenAIServer } from '../helpers/fake-openai-server.js';
import { SHARED_MODELS } from '../components/embedders/tiny-model.js';

const TINY = `${SHARED_MODELS}/tiny-minilm`;
const quiet = { write: () => true, isTTY: false };

async function runDemo(options: DemoOptions): Promise<{ lines: string[]; text: string; summary: Awaited<ReturnType<typeof main>> }> {
  const lines: string[] = [];
  const summary = await main({ tinyModelPath: TINY, progressStream: quiet, waitingUnitMs: 20, ...options, log: (line) => lines.push(line) });
  return { lines, text: lines.join('\n'), summary };
}

describe('examples/hybrid-rag.ts (offline, tiny model)', () => {
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await FakeOpenAIServer.start({ latencyMs: 50 });
  });
  afterAll(() => server.close());

  it('indexes, steps through the hybrid pipeline, generates with the (fake) OpenAI server and times three questions', async () => {
    // The last three requests are the concurrent runs: once the fifth has been answered, answers wait
    // until all three are in flight, so embedding on a loaded machine cannot stagger them. Runs that
    // did not overlap would never get there, and the test would time out.
    const echo = server.reply;
    server.reply = (request) => {
      if (server.requests.length === 5) {
        const release = server.hold();
        void (async () => {
          while (server.requests.length < 8 || server.inFlight < 3) await new Promise((r) => setTimeout(r, 5));
          release();
        })();
      }
      return echo(request);
    };
    const { text, summary } = await runDemo({ argv: [], env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseUrl } });
    expect(summary).toMatchObject({ corpus: 'seven-wonders-lite', documents: 39, retrieval: 'hybrid', generation: true });
    expect(text).toContain("haystack-ts's own small corpus");
    expect(text).toContain('tiny RANDOM-WEIGHT test model');
    expect(text).toContain('Indexed 39 documents with embeddings.');
    expect(text).toContain(`== Step by step (runAsyncGenerator): "${QUESTIONS[0]}"`);
    for (const component of ['embedding_retriever', 'bm25_retriever', 'joiner']) {
      expect(text).toMatch(new RegExp(`Outputs from \`${component}\` \\(\\d+ documents\\); top document:\\n  Score: [\\d.e-]+\\n  Title: .+\\n  Content: .+`));
    }
    expect(text).toContain('== Prompt');
    expect(text).toContain(`Question: ${QUESTIONS[0]}`);
    expect(text).toMatch(/== LLM response \(streamed\)\nEcho: /);
    expect(text).toMatch(/Sequential: all tasks completed in \d+\.\d\d seconds/);
    expect(text).toMatch(/Concurrent: all tasks completed in \d+\.\d\d seconds/);
    // One stepped run, one streamed, three sequential, three concurrent; the concurrent ones overlapped at the server.
    expect(server.requests).toHaveLength(8);
    expect(server.requests[1]?.body.stream).toBe(true);
    expect(server.maxConcurrency).toBe(3);
    server.reply = echo;
    // BM25 finds the Babylon document for the first question (word overlap, whatever the embedding model).
    expect(text).toMatch(/Outputs from `bm25_retriever`[^\n]*\n[^\n]*\n  Title: Hanging Gardens of Babylon/);
  });

  it('without OPENAI_API_KEY or OPENAI_BASE_URL it stops at the prompt, prints it and says how to enable generation', async () => {
    const { text, summary } = await runDemo({ argv: [], env: {} });
    expect(summary.generation).toBe(false);
    expect(text).toContain('== Prompt');
    expect(text).toContain('Given the following information, answer the question.');
    expect(text).toContain('== Generation skipped');
    expect(text).toContain('OPENAI_API_KEY=sk-... npm run demo');
    expect(text).toContain('OPENAI_BASE_URL=');
    expect(text).not.toContain('== LLM response');
    // Offline the timing section compares the tutorial's WaitingComponent pipeline, labelled as such.
    expect(text).toContain("the AsyncPipeline tutorial's WaitingComponent pipeline (20 ms units)");
    expect(text).toMatch(/Sequential \(Pipeline\.run\): all tasks completed in \d+\.\d\d seconds/);
    expect(text).not.toContain('0.00 seconds');
  });

  it('falls back to BM25-only retrieval when the model cannot be loaded, and says so', async () => {
    const { text, summary } = await runDemo({ argv: ['--model-path', `${SHARED_MODELS}/no-such-model`], env: {} });
    expect(summary.retrieval).toBe('bm25-only');
    expect(text).toContain('Could not load or run the embedding model');
    expect(text).toContain('Falling back to BM25-only retrieval');
    expect(text).toContain('Indexed 39 documents (text only).');
    expect(text).toContain('Outputs from `bm25_retriever`');
    expect(text).not.toContain('Outputs from `embedding_retriever`');
    expect(text).toContain('Outputs from `joiner`');
  });

  it('uses HAYSTACK_TS_MODEL_PATH, a folder of models or a model directory', async () => {
    const { text, summary } = await runDemo({ argv: [], env: { HAYSTACK_TS_MODEL_PATH: TINY } });
    expect(summary.retrieval).toBe('hybrid');
    expect(text).toContain(`Model: ${TINY} (from HAYSTACK_TS_MODEL_PATH; local only, nothing is downloaded).`);
  });

  it('falls back to the shipped corpus when --hf-dataset cannot reach the hub', async () => {
    const { text, summary } = await runDemo({ argv: ['--hf-dataset'], env: {}, datasetsServerUrl: 'http://127.0.0.1:9' });
    expect(summary.corpus).toBe('seven-wonders-lite');
    expect(text).toContain('Could not load bilgeyucel/seven-wonders from the hub');
  });

  it('indexes the real dataset with --hf-dataset when the datasets-server answers', async () => {
    const rows = [
      { row_idx: 0, row: { content: 'The Hanging Gardens of Babylon were in Babylon.', meta: { url: 'https://e.org/0', _split_id: 0 } } },
      { row_idx: 1, row: { content: 'The Colossus of Rhodes was a bronze statue.', meta: { url: 'https://e.org/1', _split_id: 0 } } },
    ];
    const hub = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ rows, num_rows_total: rows.length }));
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
      const { text, summary } = await runDemo({ argv: ['--hf-dataset'], env: {}, datasetsServerUrl: url });
      expect(summary).toMatchObject({ corpus: 'bilgeyucel/seven-wonders', documents: 2 });
      expect(text).toContain('Loaded 2 documents of the Hugging Face dataset bilgeyucel/seven-wonders');
      expect(text).toContain('The Hanging Gardens of Babylon were in Babylon.');
    } finally {
      await new Promise((resolve) => hub.close(resolve));
    }
  });

  it('prints usage for --help and rejects unknown arguments', async () => {
    const { text } = await runDemo({ argv: ['--help'] });
    expect(text).toContain('Usage: npm run demo -- [--model-path <dir>] [--hf-dataset]');
    await expect(runDemo({ argv: ['--bogus'] })).rejects.toThrow("hybrid-rag: unknown argument '--bogus'");
  });
});
