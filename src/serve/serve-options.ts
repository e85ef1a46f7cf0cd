import { PipelineError } from '../errors.js';
import type { Logger } from '../core/logger.js';
import type { ServablePipeline } from './servable-pipeline.js';
import { describeValue as describe } from '../describe.js';

/** Where an OpenAI-compatible chat request enters a pipeline and where its reply comes out. */
export interface ChatMapping {
  /**
   * The input socket that receives the request's messages as `ChatMessage[]`, as `component.socket`.
   * Leave it out for a pipeline that takes only the question (a RAG pipeline fed by `extraData`).
   * @default undefined: the messages are not passed on
   * @example 'llm.messages'
   */
  readonly messages?: string;
  /**
   * The output socket holding the replies (`ChatMessage[]` or `string[]`), as `component.socket`.
   * @example 'llm.replies'
   */
  readonly replies: string;
  /**
   * The input socket that receives the request's `tools` as `ToolDefinition[]`, as
   * `component.socket`; `tool_choice` goes into that component's `generationKwargs` socket.
   * A request with tools for a pipeline that has no such socket is answered 400
   * (`ChatToolsNotSupportedError`).
   * @default the replies component's `tools` socket, when it has one (`OpenAIChatGenerator` does)
   * @example 'llm.tools'
   */
  readonly tools?: string;
  /**
   * Extra run data merged under the messages (by component), e.g. a retriever's query taken from
   * the last user message: a function of that text.
   * @default none
   * @example (question) => ({ bm25_retriever: { query: question }, prompt_builder: { question } })
   */
  readonly extraData?: (lastUserText: string) => Record<string, Record<string, unknown>>;
}

/** One served pipeline with its own settings. */
export interface PipelineEntry {
  readonly pipeline: ServablePipeline;
  /**
   * Makes the pipeline available as a `model` of `POST /v1/chat/completions`.
   * @default undefined: not a chat model
   */
  readonly chat?: ChatMapping;
  /**
   * Runs of this pipeline at once; further requests wait in a queue.
   * @default the server's `maxConcurrentRuns`
   */
  readonly maxConcurrentRuns?: number;
  /**
   * Requests that may wait for a run; past it the server answers 503 with `Retry-After`.
   * @default the server's `maxQueuedRuns`
   */
  readonly maxQueuedRuns?: number;
  /**
   * Components whose outputs `/stream` sends as partial events (the run's `includeOutputsFrom`),
   * unless the request names its own.
   * @default every component
   */
  readonly streamOutputsFrom?: readonly string[];
}

/** Options of `createPipelineApp`. */
export interface ServeOptions {
  /**
   * Largest request body, in bytes; a larger one is answered 413 before it is parsed.
   * @default 1_048_576 (1 MiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Default runs of one pipeline at once.
   * @default 16
   */
  readonly maxConcurrentRuns?: number;
  /**
   * Default number of requests that may wait per pipeline; past it 503.
   * @default 64
   */
  readonly maxQueuedRuns?: number;
  /**
   * Where the server's structured logs go: one `info` per request (id, method, path, status,
   * duration) and a `warn` per failed run. Values of inputs are never logged.
   * @default the process-wide logger (`getLogger()`), which drops info lines unless replaced
   * @example createPipelineApp({ rag }, { logger: pino() })
   */
  readonly logger?: Logger;
  /**
   * The path of the health endpoint (`GET`): 200 `{ status: 'ok' }`, 503 while shutting down.
   * @default '/health'
   */
  readonly healthPath?: string;
  /**
   * Per-component time limits passed to every run (`componentTimeouts`).
   * @default none
   */
  readonly componentTimeouts?: Readonly<Record<string, number>>;
}

/** Options with defaults applied. */
export interface ResolvedServeOptions {
  readonly maxBodyBytes: number;
  readonly maxConcurrentRuns: number;
  readonly maxQueuedRuns: number;
  readonly logger: Logger | undefined;
  readonly healthPath: string;
  readonly componentTimeouts: Readonly<Record<string, number>> | undefined;
}

const WHERE = 'createPipelineApp';
/** A name becomes one URL segment: nothing to escape, nothing that could climb out of it. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const RESERVED = new Set(['v1', 'health']);

function positiveInt(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new PipelineError(`${WHERE}: expected '${name}' to be an integer >= ${min}, got ${describe(value)}.`);
  }
  return value;
}

export function resolveServeOptions(options: ServeOptions | undefined): ResolvedServeOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new PipelineError(`${WHERE}: expected the options to be an object, got ${describe(o)}.`);
  const healthPath = o.healthPath ?? '/health';
  if (typeof healthPath !== 'string' || !/^\/[A-Za-z0-9_\-/]*$/.test(healthPath)) {
    throw new PipelineError(`${WHERE}: expected 'healthPath' to be a path such as '/health', got ${describe(healthPath)}.`);
  }
  if (o.logger !== undefined && (typeof o.logger !== 'object' || o.logger === null || typeof o.logger.warn !== 'function')) {
    throw new PipelineError(`${WHERE}: expected 'logger' to have a warn(message, fields) method, got ${describe(o.logger)}.`);
  }
  return {
    maxBodyBytes: positiveInt(o.maxBodyBytes ?? 1_048_576, 'maxBodyBytes', 1),
    maxConcurrentRuns: positiveInt(o.maxConcurrentRuns ?? 16, 'maxConcurrentRuns', 1),
    maxQueuedRuns: positiveInt(o.maxQueuedRuns ?? 64, 'maxQueuedRuns', 0),
    logger: o.logger,
    healthPath,
    componentTimeouts: o.componentTimeouts,
  };
}

/** A served pipeline with every setting resolved. */
export interface ResolvedEntry {
  readonly name: string;
  readonly pipeline: ServablePipeline;
  readonly chat: ChatMapping | undefined;
  readonly maxConcurrentRuns: number;
  readonly maxQueuedRuns: number;
  readonly streamOutputsFrom: readonly string[];
}

function isEntry(value: ServablePipeline | PipelineEntry): value is PipelineEntry {
  return typeof (value as Partial<PipelineEntry>).pipeline === 'object' && (value as Partial<PipelineEntry>).pipeline !== null;
}

function checkAddress(address: unknown, what: string, name: string): void {
  if (typeof address !== 'string' || !/^[^.]+\.[^.]+$/.test(address)) {
    throw new PipelineError(`${WHERE}: expected 'chat.${what}' of pipeline '${name}' to be 'component.socket', got ${describe(address)}.`);
  }
}

export function resolveEntries(
  pipelines: Readonly<Record<string, ServablePipeline | PipelineEntry>>,
  options: ResolvedServeOptions,
): ResolvedEntry[] {
  if (typeof pipelines !== 'object' || pipelines === null) {
    throw new PipelineError(`${WHERE}: expected an object of pipelines by name, got ${describe(pipelines)}.`);
  }
  const entries: ResolvedEntry[] = [];
  for (const [name, given] of Object.entries(pipelines)) {
    if (!NAME.test(name) || RESERVED.has(name)) {
      throw new PipelineError(`${WHERE}: a pipeline name must match ${String(NAME)} and not be 'v1' or 'health', got '${name.slice(0, 80)}'.`);
    }
    const entry: PipelineEntry = isEntry(given) ? given : { pipeline: given };
    const p = entry.pipeline as Partial<ServablePipeline>;
    if (typeof p.runAsync !== 'function' || typeof p.inputs !== 'function' || typeof p.outputs !== 'function' || typeof p.toMermaid !== 'function') {
      throw new PipelineError(`${WHERE}: pipeline '${name}' has no runAsync/inputs/outputs/toMermaid; pass an AsyncPipeline.`);
    }
    if (entry.chat !== undefined) {
      if (entry.chat.messages !== undefined) checkAddress(entry.chat.messages, 'messages', name);
      checkAddress(entry.chat.replies, 'replies', name);
      if (entry.chat.tools !== undefined) checkAddress(entry.chat.tools, 'tools', name);
      if (entry.chat.extraData !== undefined && typeof entry.chat.extraData !== 'function') {
        throw new PipelineError(`${WHERE}: expected 'chat.extraData' of pipeline '${name}' to be a function, got ${describe(entry.chat.extraData)}.`);
      }
    }
    const components = Object.keys(entry.pipeline.outputs(true));
    entries.push({
      name,
      pipeline: entry.pipeline,
      chat: entry.chat,
      maxConcurrentRuns: positiveInt(entry.maxConcurrentRuns ?? options.maxConcurrentRuns, `${name}.maxConcurrentRuns`, 1),
      maxQueuedRuns: positiveInt(entry.maxQueuedRuns ?? options.maxQueuedRuns, `${name}.maxQueuedRuns`, 0),
      streamOutputsFrom: entry.streamOutputsFrom ?? components,
    });
  }
  if (entries.length === 0) throw new PipelineError(`${WHERE}: give at least one pipeline, e.g. createPipelineApp({ rag: pipeline }).`);
  return entries;
}
