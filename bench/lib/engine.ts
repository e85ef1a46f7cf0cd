/**
 * The part of the public Pipeline API (brief: pipeline-api.md) the workloads drive, looked up on the
 * public entry point at run time. Workloads therefore measure exactly what users import, and the
 * scripts type-check and fail with a clear message (instead of a compile error) while the engine is
 * not exported yet.
 */
import * as library from '../../src/index.js';
import type { AnyComponent } from '../../src/index.js';

/** Outputs as a pipeline returns them: `{ componentName: { socket: value } }`. */
export type PipelineOutputs = Record<string, Record<string, unknown>>;

export interface PipelineOptions {
  readonly maxRunsPerComponent?: number;
}

export interface RunOptions {
  readonly includeOutputsFrom?: Iterable<string>;
  readonly signal?: AbortSignal;
}

export interface AsyncRunOptions extends RunOptions {
  readonly concurrencyLimit?: number;
}

/** `Pipeline`: the sequential engine. */
export interface BenchPipeline {
  addComponent(name: string, instance: AnyComponent): unknown;
  connect(sender: string, receiver: string): unknown;
  warmUp(): Promise<void>;
  run(data: Record<string, unknown>, options?: RunOptions): Promise<PipelineOutputs>;
}

/** `AsyncPipeline`: the concurrent engine. */
export interface BenchAsyncPipeline extends BenchPipeline {
  runAsync(data: Record<string, unknown>, options?: AsyncRunOptions): Promise<PipelineOutputs>;
  runAsyncGenerator(data: Record<string, unknown>, options?: AsyncRunOptions): AsyncIterable<PipelineOutputs>;
}

type Ctor<P> = new (options?: PipelineOptions) => P;

const exported = library as unknown as Record<string, unknown>;

function lookup<P>(name: string): Ctor<P> {
  const ctor = exported[name];
  if (typeof ctor !== 'function') {
    throw new Error(`bench: src/index.ts does not export '${name}' yet; the workloads need the pipeline engine.`);
  }
  return ctor as Ctor<P>;
}

/** True once both engines are exported from src/index.ts. */
export function enginesAvailable(): boolean {
  return typeof exported['Pipeline'] === 'function' && typeof exported['AsyncPipeline'] === 'function';
}

export function newPipeline(options?: PipelineOptions): BenchPipeline {
  return new (lookup<BenchPipeline>('Pipeline'))(options);
}

export function newAsyncPipeline(options?: PipelineOptions): BenchAsyncPipeline {
  return new (lookup<BenchAsyncPipeline>('AsyncPipeline'))(options);
}

/** A library export other than the engines (BranchJoiner, ConditionalRouter), or undefined if missing. */
export function optionalExport(name: string): unknown {
  return exported[name];
}

/** Engine modes as WORKLOADS.md names them. */
export type Mode = 'run' | 'run_async';

/** Builds a pipeline of the engine `mode` uses and returns the one call the workload times. */
export function pipelineFor(mode: Mode, options?: PipelineOptions): {
  pipeline: BenchPipeline;
  run: (data: Record<string, unknown>, options?: AsyncRunOptions) => Promise<PipelineOutputs>;
} {
  if (mode === 'run') {
    const pipeline = newPipeline(options);
    return { pipeline, run: (data, opts) => pipeline.run(data, opts) };
  }
  const pipeline = newAsyncPipeline(options);
  return { pipeline, run: (data, opts) => pipeline.runAsync(data, opts) };
}
