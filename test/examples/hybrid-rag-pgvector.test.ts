import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, QUESTIONS } from '../../examples/hybrid-rag.js';
import { SHARED_MODELS } from '../components/embedders/tiny-model.js';

const quiet = { write: () => true, isTTY: false };

describe('examples/hybrid-rag.ts --store pgvector (embedded PGlite, tiny model, offline)', () => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env['PG_CONN_STR'];
    delete process.env['PG_CONN_STR'];
  });
  afterAll(() => {
    if (saved !== undefined) process.env['PG_CONN_STR'] = saved;
  });

  it('indexes into embedded Postgres and runs the hybrid pipeline with the pgvector retrievers', async () => {
    const lines: string[] = [];
    const summary = await main({
      argv: ['--store', 'pgvector'],
      env: {},
      tinyModelPath: `${SHARED_MODELS}/tiny-minilm`,
      progressStream: quiet,
      log: (line) => lines.push(line),
      waitingUnitMs: 20,
    });
    const text = lines.join('\n');
    expect(summary).toMatchObject({ store: 'pgvector', retrieval: 'hybrid', documents: 39, generation: false });
    expect(text).toContain('Store: PgvectorDocumentStore on an embedded in-memory PGlite (set PG_CONN_STR to use a server).');
    expect(text).toContain('Indexed 39 documents with embeddings.');
    expect(text).toContain(`== Step by step (runAsyncGenerator): "${QUESTIONS[0]}"`);
    for (const component of ['embedding_retriever', 'keyword_retriever', 'joiner']) {
      expect(text).toMatch(new RegExp(`Outputs from \`${component}\` \\(\\d+ documents\\); top document:\\n  Score: [\\d.e-]+\\n  Title: .+`));
    }
    // Full-text search finds the Babylon document for the first question.
    expect(text).toMatch(/Outputs from `keyword_retriever`[^\n]*\n[^\n]*\n  Title: Hanging Gardens of Babylon/);
    expect(text).toMatch(/Concurrent \(AsyncPipeline\.runAsync\): all tasks completed in \d+\.\d\d seconds/);
    // Embedded Postgres (WASM) plus a model and worker threads: a cap for loaded CI hosts, not a speed check.
  }, 60_000);

  it('rejects an unknown store', async () => {
    await expect(main({ argv: ['--store', 'redis'], log: () => undefined })).rejects.toThrow(/--store expects 'memory' or 'pgvector', got 'redis'/);
  });
});
