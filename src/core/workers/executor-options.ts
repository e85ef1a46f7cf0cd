import { PipelineValidationError } from '../../errors.js';
import { RESILIENCE_OPTION_NAMES, type ComponentResilienceOptions } from '../pipeline/resilience-options.js';

/**
 * Where a component's `run` executes: `'inline'` on the event loop (the caller's thread), or
 * `'worker'` in the pipeline's pool of worker threads (piscina).
 */
export type Executor = 'inline' | 'worker';

/** Options of `addComponent(name, instance, options)`: where it runs, and its resilience (timeout, retry, concurrencyLimit). */
export interface AddComponentOptions extends ComponentResilienceOptions {
  /**
   * Where this component runs. Overrides the component class's static `executor` and the
   * pipeline's `executor` option.
   * @default the class's static `executor`, else the pipeline's `executor` (`'inline'`)
   * @example pipeline.addComponent('embedder', new CpuHeavy(), { executor: 'worker' })
   */
  readonly executor?: Executor;
}

/** Options of the worker pool a pipeline creates when one of its components runs in a worker. */
export interface WorkerPoolOptions {
  /**
   * How many worker threads the pool may start.
   * @default piscina's default (1.5 × available cores)
   * @example { maxThreads: 4 }
   */
  readonly maxThreads?: number;
  /**
   * After the run's signal aborts, how long a worker component may take to stop by itself
   * (it sees `context.signal` aborted) before its worker is terminated and replaced.
   * @default 100
   * @example { abortGraceMs: 0 } // terminate at once
   */
  readonly abortGraceMs?: number;
}

/** {@link WorkerPoolOptions} after validation. */
export interface ResolvedWorkerPoolOptions {
  readonly maxThreads: number | undefined;
  readonly abortGraceMs: number;
}

export const DEFAULT_ABORT_GRACE_MS = 100;

const EXECUTORS: readonly string[] = ['inline', 'worker'];

/** Checks an `executor` value; `where` prefixes the message. */
export function resolveExecutor(value: unknown, where: string, field = 'executor'): Executor | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !EXECUTORS.includes(value)) {
    throw new PipelineValidationError(`${where}: expected ${field} to be 'inline' or 'worker', got ${show(value)}.`);
  }
  return value as Executor;
}

/** Checks `addComponent`'s options object. */
export function resolveAddComponentOptions(options: unknown, where: string): Executor | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PipelineValidationError(`${where}: expected the options to be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'executor' && !RESILIENCE_OPTION_NAMES.includes(key)) {
      throw new PipelineValidationError(`${where}: unknown option '${key}'; the options are: executor, ${RESILIENCE_OPTION_NAMES.join(', ')}.`);
    }
  }
  return resolveExecutor((options as AddComponentOptions).executor, where);
}

/** Checks the pipeline's `workerPool` option. */
export function resolveWorkerPoolOptions(options: unknown, where: string): ResolvedWorkerPoolOptions {
  if (options === undefined) return { maxThreads: undefined, abortGraceMs: DEFAULT_ABORT_GRACE_MS };
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PipelineValidationError(`${where}: expected workerPool to be an object, got ${show(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'maxThreads' && key !== 'abortGraceMs') {
      throw new PipelineValidationError(`${where}: unknown workerPool option '${key}'; the options are: maxThreads, abortGraceMs.`);
    }
  }
  const o = options as WorkerPoolOptions;
  if (o.maxThreads !== undefined && (typeof o.maxThreads !== 'number' || !Number.isInteger(o.maxThreads) || o.maxThreads < 1)) {
    throw new PipelineValidationError(`${where}: expected workerPool.maxThreads to be an integer >= 1, got ${show(o.maxThreads)}.`);
  }
  const grace = o.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS;
  if (typeof grace !== 'number' || !Number.isFinite(grace) || grace < 0) {
    throw new PipelineValidationError(`${where}: expected workerPool.abortGraceMs to be a number >= 0, got ${show(grace)}.`);
  }
  return { maxThreads: o.maxThreads, abortGraceMs: grace };
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
}
