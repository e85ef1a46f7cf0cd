/**
 * Haystack's AsyncPipeline notebook ("Running Haystack Pipelines in Asynchronous Environments") in
 * TypeScript: hybrid retrieval over the Seven Wonders, step by step, then three questions run one
 * after another and all at once.
 *
 *   npm run demo                                  # offline: shipped corpus, local model if any, prompt only
 *   npm run demo -- --model-path <dir>            # a transformers.js model directory (or a folder of them)
 *   OPENAI_API_KEY=... npm run demo               # with generation (or OPENAI_BASE_URL for Ollama, vLLM, llama.cpp)
 *   npm run demo -- --hf-dataset                  # the real bilgeyucel/seven-wonders dataset (needs the network)
 *   npm run demo -- --store pgvector              # on PostgreSQL + pgvector: PG_CONN_STR, else an embedded PGlite
 *   npm run demo -- --trace                       # print the span tree of one run (haystack.pipeline.run, haystack.component.run)
 *
 * It never crashes offline: a model that cannot be loaded falls back to BM25-only retrieval, a
 * dataset that cannot be fetched falls back to the shipped corpus, and without an OpenAI key or
 * base URL it stops at the prompt.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  AsyncPipeline,
  ChatMessage,
  ChatPromptBuilder,
  Document,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  OpenAIChatGenerator,
  PgvectorDocumentStore,
  PgvectorEmbeddingRetriever,
  PgvectorKeywordRetriever,
  Secret,
  SentenceTransformersDocumentEmbedder,
  SentenceTransformersTextEmbedder,
  disableTracing,
  enableTracing,
  type AnyComponent,
  type ProgressStream,
  type SentenceTransformersEmbedderOptions,
} from '../src/index.js';
import { compareWaiting } from './concurrency.js';
import { loadSevenWondersFromHub, loadSevenWondersLite } from './data/seven-wonders.js';
import { SpanTreeTracer } from './span-tree.js';

/** The notebook's questions; the first is stepped through, all three are timed. */
export const QUESTIONS = [
  'Where is Gardens of Babylon?',
  'Why did people build Great Pyramid of Giza?',
  'What does Rhodes Statue look like?',
] as const;

/** The notebook's prompt. */
export const TEMPLATE = `
Given the following information, answer the question.

Context:
{% for document in documents %}
    {{ document.content }}
{% endfor %}

Question: {{question}}
Answer:
`;

/** The tiny random-weight test model beside the repository (`../shared/models/tiny-minilm`). */
export const DEFAULT_TINY_MODEL = fileURLToPath(new URL('../../shared/models/tiny-minilm', import.meta.url));

export interface DemoOptions {
  /** Command-line arguments (without `node script`). @default process.argv.slice(2) */
  readonly argv?: readonly string[];
  /** Environment (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, HAYSTACK_TS_MODEL_PATH). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where lines go. @default console.log */
  readonly log?: (line: string) => void;
  /**
   * Where the streamed answer goes, token by token.
   * @default process.stdout.write; when only `log` is given, the tokens are collected and logged as one line
   */
  readonly write?: (text: string) => void;
  /** Where the indexing progress bar draws. @default process.stderr */
  readonly progressStream?: ProgressStream;
  /** The tiny model used when no model path is given. @default DEFAULT_TINY_MODEL */
  readonly tinyModelPath?: string;
  /** The Hugging Face datasets-server, for `--hf-dataset`. */
  readonly datasetsServerUrl?: string;
  readonly signal?: AbortSignal;
  /** The WaitingComponent comparison's time unit, shown when generation is off. @default 100 */
  readonly waitingUnitMs?: number;
}

export interface DemoSummary {
  readonly corpus: 'seven-wonders-lite' | 'bilgeyucel/seven-wonders';
  readonly documents: number;
  readonly retrieval: 'hybrid' | 'bm25-only';
  readonly store: 'memory' | 'pgvector';
  readonly generation: boolean;
  readonly sequentialMs: number;
  readonly concurrentMs: number;
}

interface ParsedArgs {
  modelPath: string | undefined;
  hfDataset: boolean;
  store: 'memory' | 'pgvector';
  trace: boolean;
  help: boolean;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { modelPath: undefined, hfDataset: false, store: 'memory', trace: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--model-path') parsed.modelPath = argv[++i];
    else if (arg.startsWith('--model-path=')) parsed.modelPath = arg.slice('--model-path='.length);
    else if (arg === '--hf-dataset') parsed.hfDataset = true;
    else if (arg === '--store' || arg.startsWith('--store=')) {
      const store = arg === '--store' ? argv[++i] : arg.slice('--store='.length);
      if (store !== 'memory' && store !== 'pgvector') throw new Error(`hybrid-rag: --store expects 'memory' or 'pgvector', got '${String(store)}'.`);
      parsed.store = store;
    }
    else if (arg === '--trace') parsed.trace = true;
    else if (arg === '--help' || arg === '-h') parsed.help = true;
    else throw new Error(`hybrid-rag: unknown argument '${arg}'. Use --model-path <dir>, --hf-dataset, --store <memory|pgvector>, --trace or --help.`);
  }
  return parsed;
}

const USAGE = `Usage: npm run demo -- [--model-path <dir>] [--hf-dataset] [--store memory|pgvector] [--trace]
  --model-path <dir>  a transformers.js model directory, or a folder holding model directories
                      (also: env HAYSTACK_TS_MODEL_PATH). Default: ../shared/models/tiny-minilm if it
                      exists, else sentence-transformers/all-MiniLM-L6-v2 from the Hugging Face hub.
  --hf-dataset        index the real bilgeyucel/seven-wonders dataset (needs the network)
  --store pgvector    index into PostgreSQL + pgvector: the server of PG_CONN_STR (table
                      haystack_ts_demo, recreated), else an embedded in-memory PGlite. Default: memory.
  --trace             print the span tree of one run (Haystack's haystack.pipeline.run and
                      haystack.component.run spans, with durations)
Generation: set OPENAI_API_KEY, or OPENAI_BASE_URL for an OpenAI-compatible server (Ollama, vLLM,
llama.cpp); OPENAI_MODEL picks the model (default gpt-4o-mini).`;

function oneLine(text: string | undefined, max = 160): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat;
}

/** Decides which model the embedders load, and says so. */
function chooseModel(
  args: ParsedArgs,
  env: Readonly<Record<string, string | undefined>>,
  tinyModelPath: string,
  log: (line: string) => void,
): SentenceTransformersEmbedderOptions {
  const given = args.modelPath ?? env['HAYSTACK_TS_MODEL_PATH'];
  if (given) {
    log(`Model: ${given} (from ${args.modelPath ? '--model-path' : 'HAYSTACK_TS_MODEL_PATH'}; local only, nothing is downloaded).`);
    return { localModelPath: given, allowRemoteModels: false };
  }
  if (existsSync(`${tinyModelPath}/config.json`)) {
    log(`Model: ${tinyModelPath}`);
    log('  NOTE: this is a tiny RANDOM-WEIGHT test model (32 dimensions): embedding rankings are meaningless.');
    log('  For real semantic retrieval pass --model-path <dir of Xenova/all-MiniLM-L6-v2>, or move ../shared away to use the hub.');
    return { model: tinyModelPath, allowRemoteModels: false };
  }
  log('Model: sentence-transformers/all-MiniLM-L6-v2 from the Hugging Face hub (ONNX build Xenova/all-MiniLM-L6-v2).');
  return {};
}

export async function main(options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const args = parseArgs(options.argv ?? process.argv.slice(2));
  if (args.help) {
    log(USAGE);
    return { corpus: 'seven-wonders-lite', documents: 0, retrieval: 'bm25-only', store: args.store, generation: false, sequentialMs: 0, concurrentMs: 0 };
  }

  // --- Documents
  log('== Documents');
  let corpus: DemoSummary['corpus'] = 'seven-wonders-lite';
  let documents: Document[];
  const lite = await loadSevenWondersLite();
  documents = lite.documents;
  if (args.hfDataset) {
    try {
      const hubOptions: { baseUrl?: string; signal?: AbortSignal } = {};
      if (options.datasetsServerUrl !== undefined) hubOptions.baseUrl = options.datasetsServerUrl;
      if (options.signal !== undefined) hubOptions.signal = options.signal;
      documents = await loadSevenWondersFromHub(hubOptions);
      corpus = 'bilgeyucel/seven-wonders';
      log(`Loaded ${documents.length} documents of the Hugging Face dataset bilgeyucel/seven-wonders (Wikipedia text, CC BY-SA).`);
    } catch (error) {
      log(`Could not load bilgeyucel/seven-wonders from the hub (${(error as Error).message}); using the shipped corpus instead.`);
    }
  }
  if (corpus === 'seven-wonders-lite') {
    log(`Loaded ${documents.length} documents of seven-wonders-lite: haystack-ts's own small corpus, written for this demo`);
    log('(not the bilgeyucel/seven-wonders dataset; pass --hf-dataset to use that one when online).');
  }

  // --- Model and indexing
  log('');
  log('== Indexing');
  const modelOptions = chooseModel(args, env, options.tinyModelPath ?? DEFAULT_TINY_MODEL, log);
  let retrieval: DemoSummary['retrieval'] = 'hybrid';
  const docEmbedder = new SentenceTransformersDocumentEmbedder({
    ...modelOptions,
    ...(options.progressStream ? { progressStream: options.progressStream } : {}),
  });
  try {
    await docEmbedder.warmUp();
    const embedded = await docEmbedder.run({ documents }, options.signal ? { signal: options.signal, componentName: 'doc_embedder' } : undefined);
    documents = embedded.documents ?? documents;
  } catch (error) {
    retrieval = 'bm25-only';
    log(`Could not load or run the embedding model: ${(error as Error).message}`);
    log('Falling back to BM25-only retrieval (no embeddings). Pass --model-path <dir> with a transformers.js model to enable hybrid retrieval.');
  }
  let pgStore: PgvectorDocumentStore | undefined;
  let memoryStore: InMemoryDocumentStore | undefined;
  let written: number;
  if (args.store === 'pgvector') {
    // The table is recreated: its embedding column is sized for this run's model.
    pgStore = new PgvectorDocumentStore({
      tableName: 'haystack_ts_demo',
      recreateTable: true,
      embeddingDimension: documents.find((d) => d.embedding)?.embedding?.length ?? 384,
    });
    log(
      process.env['PG_CONN_STR']
        ? 'Store: PgvectorDocumentStore on the server of PG_CONN_STR (table haystack_ts_demo, recreated).'
        : 'Store: PgvectorDocumentStore on an embedded in-memory PGlite (set PG_CONN_STR to use a server).',
    );
    written = await pgStore.writeDocumentsAsync(documents, 'overwrite', options.signal ? { signal: options.signal } : {});
  } else {
    memoryStore = new InMemoryDocumentStore();
    written = memoryStore.writeDocuments(documents);
  }
  log(`Indexed ${written} documents${retrieval === 'hybrid' ? ' with embeddings' : ' (text only)'}.`);
  try {
    return await answer({ log, env, options, retrieval, corpus, written, memoryStore, pgStore, modelOptions, store: args.store, trace: args.trace });
  } finally {
    await pgStore?.close();
  }
}

interface AnswerContext {
  readonly log: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly options: DemoOptions;
  readonly retrieval: DemoSummary['retrieval'];
  readonly corpus: DemoSummary['corpus'];
  readonly written: number;
  readonly memoryStore: InMemoryDocumentStore | undefined;
  readonly pgStore: PgvectorDocumentStore | undefined;
  readonly modelOptions: SentenceTransformersEmbedderOptions;
  readonly store: DemoSummary['store'];
  readonly trace: boolean;
}

/** Builds the query pipeline on the chosen store, steps through one question and times three. */
async function answer(context: AnswerContext): Promise<DemoSummary> {
  const { log, env, options, retrieval, corpus, written, memoryStore, pgStore, modelOptions, store, trace } = context;
  const keywordRetriever = pgStore ? 'keyword_retriever' : 'bm25_retriever';

  // --- The pipeline
  const apiKey = env['OPENAI_API_KEY'];
  const baseUrl = env['OPENAI_BASE_URL'];
  const generation = Boolean(apiKey || baseUrl);
  const pipeline = new AsyncPipeline();
  if (retrieval === 'hybrid') {
    pipeline.addComponent('text_embedder', new SentenceTransformersTextEmbedder({ ...modelOptions, progressBar: false }));
    pipeline.addComponent(
      'embedding_retriever',
      pgStore
        ? new PgvectorEmbeddingRetriever({ documentStore: pgStore, topK: 3 })
        : new InMemoryEmbeddingRetriever({ documentStore: memoryStore!, topK: 3 }),
    );
  }
  pipeline.addComponent(
    keywordRetriever,
    pgStore ? new PgvectorKeywordRetriever({ documentStore: pgStore, topK: 3 }) : new InMemoryBM25Retriever({ documentStore: memoryStore!, topK: 3 }),
  );
  pipeline.addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }));
  pipeline.addComponent('prompt_builder', new ChatPromptBuilder({ template: [ChatMessage.fromUser(TEMPLATE)] }));
  if (generation) {
    const llm = new OpenAIChatGenerator({
      model: env['OPENAI_MODEL'] ?? 'gpt-4o-mini',
      // OpenAI-compatible servers (Ollama, vLLM, llama.cpp) accept any key.
      apiKey: Secret.fromToken(apiKey ?? 'not-needed'),
      ...(baseUrl ? { apiBaseUrl: baseUrl } : {}),
    });
    // The generator's `run` takes an interface (no index signature), which TypeScript does not
    // accept as AnyComponent; the cast goes once its input is declared as a RunInput type.
    pipeline.addComponent('llm', llm as unknown as AnyComponent);
  }
  if (retrieval === 'hybrid') {
    pipeline.connect('text_embedder.embedding', 'embedding_retriever.queryEmbedding');
    pipeline.connect('embedding_retriever.documents', 'joiner.documents');
  }
  pipeline.connect(`${keywordRetriever}.documents`, 'joiner.documents');
  pipeline.connect('joiner.documents', 'prompt_builder.documents');
  if (generation) pipeline.connect('prompt_builder.prompt', 'llm.messages');
  await pipeline.warmUp();

  log('');
  log('== Pipeline');
  log(pipeline.toString());

  const inputsFor = (question: string): Record<string, Record<string, unknown>> => ({
    ...(retrieval === 'hybrid' ? { text_embedder: { text: question } } : {}),
    [keywordRetriever]: { query: question },
    prompt_builder: { question },
  });

  // --- Step through the first question with runAsyncGenerator
  const question = QUESTIONS[0];
  log('');
  log(`== Step by step (runAsyncGenerator): "${question}"`);
  const includeOutputsFrom = ['embedding_retriever', keywordRetriever, 'joiner', 'prompt_builder'].filter((name) =>
    retrieval === 'hybrid' ? true : name !== 'embedding_retriever',
  );
  const runOptions = { includeOutputsFrom, ...(options.signal ? { signal: options.signal } : {}) };
  const consumed = new Set<string>();
  let finalOutput: Record<string, Record<string, unknown>> = {};
  try {
    for await (const output of pipeline.runAsyncGenerator(inputsFor(question), runOptions)) {
      finalOutput = output as Record<string, Record<string, unknown>>;
      for (const [component, results] of Object.entries(finalOutput)) {
        if (consumed.has(component)) continue;
        consumed.add(component);
        const docs = results['documents'];
        if (!Array.isArray(docs)) continue;
        log(`Outputs from \`${component}\` (${docs.length} documents); top document:`);
        const top = docs[0] as Document | undefined;
        if (top) {
          log(`  Score: ${top.score}`);
          log(`  Title: ${String(top.meta['title'] ?? '')}`);
          log(`  Content: ${oneLine(top.content)}`);
        }
        log('  ------------');
      }
    }
  } catch (error) {
    // Offline with a key set, the LLM call fails: show what ran, say why, do not crash.
    const partial = (error as { partialOutputs?: Record<string, Record<string, unknown>> }).partialOutputs;
    if (partial) finalOutput = { ...partial, ...finalOutput };
    log(`The pipeline failed: ${(error as Error).message}`);
    log('Check OPENAI_API_KEY / OPENAI_BASE_URL and the network; unset both to stop at the prompt.');
  }

  const prompt = finalOutput['prompt_builder']?.['prompt'] as ChatMessage[] | undefined;
  log('');
  log('== Prompt');
  for (const message of prompt ?? []) log(`[${message.role}] ${message.text ?? ''}`);

  log('');
  // --trace: one run (the streamed one, or the first question without generation) goes to a span-tree tracer.
  const tracer = trace ? new SpanTreeTracer() : undefined;
  if (tracer) enableTracing(tracer);
  try {
    if (generation) {
      // The answer again, streamed token by token through AsyncPipeline.stream.
      log('== LLM response (streamed)');
      const collected: string[] = [];
      const write = options.write ?? (options.log ? (text: string) => void collected.push(text) : (text: string) => void process.stdout.write(text));
      try {
        const handle = pipeline.stream(inputsFor(question), { streamingComponents: ['llm'], ...(options.signal ? { signal: options.signal } : {}) });
        for await (const chunk of handle) if (chunk.content) write(chunk.content);
        if (options.write === undefined && !options.log) write('\n');
        if (collected.length > 0) log(collected.join(''));
        const replies = handle.result['llm']?.['replies'] as ChatMessage[] | undefined;
        if (!replies?.[0]?.text) log('(no reply)');
      } catch (error) {
        if (collected.length > 0) log(collected.join(''));
        log(`The streamed run failed: ${(error as Error).message}`);
      }
    } else {
      log('== Generation skipped');
      log('No OPENAI_API_KEY or OPENAI_BASE_URL is set, so the pipeline stops at the prompt above.');
      log('To generate answers: OPENAI_API_KEY=sk-... npm run demo');
      log('or, with a local OpenAI-compatible server: OPENAI_BASE_URL=http://localhost:11434/v1 OPENAI_MODEL=llama3.2 npm run demo');
      if (tracer) await pipeline.runAsync(inputsFor(question), options.signal ? { signal: options.signal } : {});
    }
  } finally {
    if (tracer) disableTracing();
  }
  if (tracer) {
    log('');
    log(`== Span tree of one run (--trace): "${question}"`);
    for (const line of tracer.render()) log(line);
  }

  // --- Sequential vs concurrent (the notebook's comparison)
  log('');
  let sequentialMs = Number.NaN;
  let concurrentMs = Number.NaN;
  try {
    if (generation) {
      log(`== Sequential vs concurrent: ${QUESTIONS.length} questions`);
      const runOne = (q: string) => pipeline.runAsync(inputsFor(q), options.signal ? { signal: options.signal } : {});
      let start = performance.now();
      for (const q of QUESTIONS) await runOne(q);
      sequentialMs = performance.now() - start;
      log(`Sequential: all tasks completed in ${(sequentialMs / 1000).toFixed(2)} seconds`);
      start = performance.now();
      await Promise.all(QUESTIONS.map(runOne));
      concurrentMs = performance.now() - start;
      log(`Concurrent: all tasks completed in ${(concurrentMs / 1000).toFixed(2)} seconds`);
      log('Concurrent runs overlap their waits on the LLM, so they finish sooner.');
    } else {
      // Offline the hybrid pipeline is a few milliseconds of CPU work with nothing to wait on, so its
      // timings would read "0.00 seconds" twice. The tutorial's own example shows what overlap buys.
      const unit = options.waitingUnitMs ?? 100;
      log(`== Sequential vs concurrent: the AsyncPipeline tutorial's WaitingComponent pipeline (${unit} ms units)`);
      log('Offline there is no LLM to wait on, so this compares five components that block for 1 to 5 units each.');
      ({ sequentialMs, concurrentMs } = await compareWaiting(unit));
      log(`Sequential (Pipeline.run): all tasks completed in ${(sequentialMs / 1000).toFixed(2)} seconds (the 15-unit sum)`);
      log(`Concurrent (AsyncPipeline.runAsync): all tasks completed in ${(concurrentMs / 1000).toFixed(2)} seconds (the 7-unit critical path)`);
    }
  } catch (error) {
    log(`The timing runs failed: ${(error as Error).message}`);
  }

  return { corpus, documents: written, retrieval, store, generation, sequentialMs, concurrentMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
