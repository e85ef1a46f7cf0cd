/**
 * The tutorial's hybrid-RAG pipeline (examples/hybrid-rag.ts) served over HTTP with
 * `haystack-ts/serve`: POST /rag/run, POST /rag/stream (SSE), GET /rag/schema, GET /rag/mermaid,
 * GET /health, and the OpenAI-compatible POST /v1/chat/completions with model "rag".
 *
 *   npx tsx examples/serve.ts                       # http://127.0.0.1:3000, offline: stops at the prompt
 *   npx tsx examples/serve.ts --port 8080
 *   OPENAI_API_KEY=... npx tsx examples/serve.ts    # with generation (or OPENAI_BASE_URL for Ollama, vLLM, llama.cpp)
 *
 * Then, e.g. (flat data: each key goes to the pipeline inputs of that name):
 *   curl -X POST localhost:3000/rag/run -d '{"data":{"query":"Rhodes Statue","text":"Rhodes Statue","question":"What does Rhodes Statue look like?"}}'
 * (drop "text" when the embedding model is missing and retrieval is BM25 only; GET /rag/schema
 * lists the inputs). Ctrl-C drains the requests in flight, then exits.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  AsyncPipeline,
  ChatMessage,
  ChatPromptBuilder,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  OpenAIChatGenerator,
  Secret,
  SentenceTransformersDocumentEmbedder,
  SentenceTransformersTextEmbedder,
  consoleLogger,
  type AnyComponent,
  type Logger,
} from '../src/index.js';
import { createPipelineApp, listen, type PipelineServer } from '../src/serve/index.js';
import { loadSevenWondersLite } from './data/seven-wonders.js';
import { DEFAULT_TINY_MODEL, TEMPLATE } from './hybrid-rag.js';

export interface ServeExampleOptions {
  /** Command-line arguments (without `node script`). @default process.argv.slice(2) */
  readonly argv?: readonly string[];
  /** Environment (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: (line: string) => void;
  /** The embedding model directory; without one (or when it fails to load) retrieval is BM25 only. @default DEFAULT_TINY_MODEL */
  readonly modelPath?: string;
  /** Where the server's request logs go. @default info lines to `log` */
  readonly logger?: Logger;
}

/** The running example: the server, and how the pipeline was built. */
export interface ServeExample {
  readonly server: PipelineServer;
  readonly retrieval: 'hybrid' | 'bm25-only';
  readonly generation: boolean;
}

function parsePort(argv: readonly string[]): number {
  const at = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at < 0) return 3000;
  const raw = argv[at]!.includes('=') ? argv[at]!.slice('--port='.length) : argv[at + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`serve: --port expects an integer 0-65535, got '${String(raw)}'.`);
  return port;
}

/** Indexes the shipped corpus and builds the tutorial's query pipeline. */
export async function buildRagPipeline(env: Readonly<Record<string, string | undefined>>, modelPath: string, log: (line: string) => void) {
  const store = new InMemoryDocumentStore();
  let { documents } = await loadSevenWondersLite();
  let retrieval: ServeExample['retrieval'] = 'bm25-only';
  const modelOptions = { model: modelPath, allowRemoteModels: false, progressBar: false } as const;
  if (existsSync(`${modelPath}/config.json`)) {
    try {
      const embedder = new SentenceTransformersDocumentEmbedder(modelOptions);
      await embedder.warmUp();
      documents = (await embedder.run({ documents })).documents ?? documents;
      retrieval = 'hybrid';
    } catch (error) {
      log(`Embedding model unusable (${(error as Error).message}); serving BM25-only retrieval.`);
    }
  }
  await store.writeDocuments(documents);
  const generation = Boolean(env['OPENAI_API_KEY'] || env['OPENAI_BASE_URL']);
  const pipeline = new AsyncPipeline();
  if (retrieval === 'hybrid') {
    pipeline.addComponent('text_embedder', new SentenceTransformersTextEmbedder(modelOptions));
    pipeline.addComponent('embedding_retriever', new InMemoryEmbeddingRetriever({ documentStore: store, topK: 3 }));
  }
  pipeline.addComponent('bm25_retriever', new InMemoryBM25Retriever({ documentStore: store, topK: 3 }));
  pipeline.addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }));
  pipeline.addComponent('prompt_builder', new ChatPromptBuilder({ template: [ChatMessage.fromUser(TEMPLATE)] }));
  if (generation) {
    const llm = new OpenAIChatGenerator({
      model: env['OPENAI_MODEL'] ?? 'gpt-4o-mini',
      apiKey: Secret.fromToken(env['OPENAI_API_KEY'] ?? 'not-needed'),
      ...(env['OPENAI_BASE_URL'] ? { apiBaseUrl: env['OPENAI_BASE_URL'] } : {}),
    });
    // As in hybrid-rag.ts: the generator's run input is an interface TypeScript does not take as AnyComponent yet.
    pipeline.addComponent('llm', llm as unknown as AnyComponent);
  }
  if (retrieval === 'hybrid') {
    pipeline.connect('text_embedder.embedding', 'embedding_retriever.queryEmbedding');
    pipeline.connect('embedding_retriever.documents', 'joiner.documents');
  }
  pipeline.connect('bm25_retriever.documents', 'joiner.documents');
  pipeline.connect('joiner.documents', 'prompt_builder.documents');
  if (generation) pipeline.connect('prompt_builder.prompt', 'llm.messages');
  await pipeline.warmUp();
  return { pipeline, retrieval, generation };
}

export async function main(options: ServeExampleOptions = {}): Promise<ServeExample> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const argv = options.argv ?? process.argv.slice(2);
  const port = parsePort(argv);
  const { pipeline, retrieval, generation } = await buildRagPipeline(env, options.modelPath ?? DEFAULT_TINY_MODEL, log);
  const logger: Logger = options.logger ?? {
    warn: (message, fields) => consoleLogger.warn(`${message} ${JSON.stringify(fields ?? {})}`),
    info: (message, fields) => log(`${message} ${JSON.stringify(fields ?? {})}`),
  };
  const app = createPipelineApp(
    {
      rag: {
        pipeline,
        // A chat UI sends the conversation; the RAG pipeline answers its last user message.
        chat: {
          replies: generation ? 'llm.replies' : 'prompt_builder.prompt',
          extraData: (question) => ({
            ...(retrieval === 'hybrid' ? { text_embedder: { text: question } } : {}),
            bm25_retriever: { query: question },
            prompt_builder: { question },
          }),
        },
      },
    },
    { logger, maxConcurrentRuns: 8, maxQueuedRuns: 64 },
  );
  const server = await listen(app, { port, hostname: '127.0.0.1' });
  log(`Serving the hybrid-RAG pipeline (${retrieval}, ${generation ? 'with generation' : 'no LLM: answers stop at the prompt'}) on ${server.url}`);
  const data = (q: string) => JSON.stringify({ data: { query: q, ...(retrieval === 'hybrid' ? { text: q } : {}), question: q } });
  log(`  curl -X POST ${server.url}/rag/run -d '${data('What does Rhodes Statue look like?')}'`);
  log(`  curl -N -X POST ${server.url}/rag/stream -d '${data('Where is Gardens of Babylon?')}'`);
  log(`  curl -X POST ${server.url}/v1/chat/completions -d '{"model":"rag","messages":[{"role":"user","content":"Why did people build Great Pyramid of Giza?"}]}'`);
  log(`  curl ${server.url}/rag/schema    curl ${server.url}/rag/mermaid    curl ${server.url}/health`);
  return { server, retrieval, generation };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    ({ server }) => {
      const stop = (): void => {
        console.log('Draining requests in flight...');
        void server.close({ timeoutMs: 10_000 }).then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
