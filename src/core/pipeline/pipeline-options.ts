import { PipelineValidationError } from '../../errors.js';
import type { Logger } from '../logger.js';
import { resolveExecutor, resolveWorkerPoolOptions, type Executor, type ResolvedWorkerPoolOptions, type WorkerPoolOptions } from '../workers/executor-options.js';
import { describeValue } from '../../describe.js';

/** Options of `new Pipeline(...)` and `new AsyncPipeline(...)` (Haystack's `PipelineBase.__init__`). */
export interface PipelineOptions {
  /**
   * How many times one component may run in one call of `run` (Haystack's
   * `max_runs_per_component`). Running it once more raises `PipelineMaxComponentRuns`; a component
   * runs at most exactly this many times (Haystack 3.x semantics).
   * @default 100
   * @example new Pipeline({ maxRunsPerComponent: 10 }) // a loop may iterate 10 times
   */
  readonly maxRunsPerComponent?: number;
  /**
   * Free-form data stored with the pipeline and serialized with it.
   * @default {}
   * @example new Pipeline({ metadata: { owner: 'search-team' } })
   */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /**
   * Whether `connect` checks that the sender and receiver socket types are compatible
   * (Haystack's `connection_type_validation`). When false any two sockets may be connected.
   * @default true
   * @example new Pipeline({ connectionTypeValidation: false })
   */
  readonly connectionTypeValidation?: boolean;
  /**
   * Where this pipeline's warnings go. Not serialized.
   * @default the process-wide logger (see `setLogger`), `console.warn` unless replaced
   * @example new Pipeline({ logger: { warn: (message) => myLogger.warn(message) } })
   */
  readonly logger?: Logger;
  /**
   * Where components run when neither `addComponent`'s `executor` option nor the class's static
   * `executor` says: `'inline'` (the event loop) or `'worker'` (a pool of worker threads). A
   * worker hop costs tens of µs against 2–5 µs inline (see docs/benchmarks.md), so only blocking
   * or CPU-bound components gain from it. Not serialized.
   * @default 'inline'
   * @example new AsyncPipeline({ executor: 'worker' })
   */
  readonly executor?: Executor;
  /**
   * The worker pool's options, used once a component runs in a worker. Not serialized.
   * @default {} (see WorkerPoolOptions)
   * @example new AsyncPipeline({ workerPool: { maxThreads: 4, abortGraceMs: 50 } })
   */
  readonly workerPool?: WorkerPoolOptions;
}

/** Options of `Pipeline.run` and `AsyncPipeline.run`. */
export interface RunOptions {
  /**
   * Components whose full outputs are returned even when their sockets are connected
   * (Haystack's `include_outputs_from`). Unknown names are ignored, as in Haystack.
   * @default none: only unconnected output sockets are returned
   * @example await pipeline.run(data, { includeOutputsFrom: ['retriever'] })
   */
  readonly includeOutputsFrom?: Iterable<string>;
  /**
   * Cancels the run: no further component is scheduled, the running ones see `context.signal`
   * aborted, and the call rejects with the signal's reason once they have settled.
   * @default none
   * @example await pipeline.run(data, { signal: AbortSignal.timeout(5_000) })
   */
  readonly signal?: AbortSignal;
  /**
   * A time limit per component, in milliseconds (a Node-only extra; Haystack has none). A component
   * still running when its limit is reached sees its `context.signal` aborted, and the run rejects
   * at once with a `PipelineComponentTimeoutError` naming it (in-flight siblings are cancelled as
   * for any failure). Each visit of a component in a loop gets the full limit. A synchronous `run`
   * cannot be interrupted: the limit applies to the promise it returns.
   * @default none: components may take as long as they need
   * @example await pipeline.run(data, { componentTimeouts: { llm: 30_000 } })
   */
  readonly componentTimeouts?: Readonly<Record<string, number>>;
}

/** Options of `AsyncPipeline.runAsync`, `run` and `runAsyncGenerator`. */
export interface AsyncRunOptions extends RunOptions {
  /**
   * How many components may execute at the same time (Haystack's `concurrency_limit`). Must be an
   * integer ≥ 1 (Haystack 3.x raises for smaller values), or `Infinity`.
   * @default 4
   * @example await pipeline.runAsync(data, { concurrencyLimit: 8 })
   */
  readonly concurrencyLimit?: number;
}

/** Default of {@link PipelineOptions.maxRunsPerComponent}, as in Haystack. */
export const DEFAULT_MAX_RUNS_PER_COMPONENT = 100;
/** Default of {@link AsyncRunOptions.concurrencyLimit}, as in Haystack. */
export const DEFAULT_CONCURRENCY_LIMIT = 4;

/** The constructor options after validation, with defaults applied. */
export interface ResolvedPipelineOptions {
  readonly maxRunsPerComponent: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly connectionTypeValidation: boolean;
  readonly logger: Logger | undefined;
  readonly executor: Executor;
  readonly workerPool: ResolvedWorkerPoolOptions;
}

export function resolvePipelineOptions(options: PipelineOptions | undefined, where: string): ResolvedPipelineOptions {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new PipelineValidationError(`${where}: expected an options object, got ${describeValue(o)}.`);
  const max = o.maxRunsPerComponent ?? DEFAULT_MAX_RUNS_PER_COMPONENT;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
    throw new PipelineValidationError(`${where}: expected maxRunsPerComponent to be an integer >= 0, got ${describeValue(max)}.`);
  }
  const metadata = o.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new PipelineValidationError(`${where}: expected metadata to be an object, got ${describeValue(metadata)}.`);
  }
  const validation = o.connectionTypeValidation ?? true;
  if (typeof validation !== 'boolean') {
    throw new PipelineValidationError(`${where}: expected connectionTypeValidation to be a boolean, got ${describeValue(validation)}.`);
  }
  if (o.logger !== undefined && (typeof o.logger !== 'object' || o.logger === null || typeof o.logger.warn !== 'function')) {
    throw new PipelineValidationError(`${where}: expected logger to be an object with a warn(message) method, got ${describeValue(o.logger)}.`);
  }
  const executor = resolveExecutor(o.executor, where) ?? 'inline';
  const workerPool = resolveWorkerPoolOptions(o.workerPool, where);
  return { maxRunsPerComponent: max, metadata, connectionTypeValidation: validation, logger: o.logger, executor, workerPool };
}

/** Validates `concurrencyLimit` (Haystack 3.x: values below 1 are an error, not silently 1). */
export function resolveConcurrencyLimit(limit: number | undefined, where: string): number {
  const value = limit ?? DEFAULT_CONCURRENCY_LIMIT;
  if (typeof value !== 'number' || !(value >= 1) || (!Number.isInteger(value) && value !== Infinity)) {
    throw new PipelineValidationError(`${where}: expected concurrencyLimit to be an integer >= 1 (or Infinity), got ${describeValue(value)}.`);
  }
  return value;
}

/** Validates `signal` and turns `includeOutputsFrom` into a set. */
export function resolveRunOptions(options: RunOptions | undefined, where: string): { include: ReadonlySet<string>; signal: AbortSignal | undefined } {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new PipelineValidationError(`${where}: expected an options object, got ${describeValue(o)}.`);
  let include: ReadonlySet<string> = EMPTY;
  if (o.includeOutputsFrom !== undefined) {
    if (typeof o.includeOutputsFrom === 'string' || typeof (o.includeOutputsFrom as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new PipelineValidationError(
        `${where}: expected includeOutputsFrom to be an iterable of component names (e.g. an array), got ${describeValue(o.includeOutputsFrom)}.`,
      );
    }
    include = new Set(o.includeOutputsFrom);
  }
  const signal = o.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new PipelineValidationError(`${where}: expected signal to be an AbortSignal, got ${describeValue(signal)}.`);
  }
  return { include, signal };
}

const EMPTY: ReadonlySet<string> = new Set();

