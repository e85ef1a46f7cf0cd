/**
 * The three ways a pipeline runs, for fault tests that must hold on both engines: a test builds
 * the graph once through `build`, and each runner makes its own pipeline and runs it.
 */
import { AsyncPipeline, Pipeline, type PipelineOptions, type RunOptions } from '../../../src/index.js';
import type { PipelineBase } from '../../../src/core/pipeline/pipeline-base.js';

export type Outputs = Record<string, Record<string, unknown>>;
export type Build = (pipeline: PipelineBase) => void;

/** Run options, plus the options of the pipeline each runner makes. */
export interface RunnerOptions extends RunOptions {
  readonly pipeline?: PipelineOptions;
}

export interface Runner {
  readonly label: string;
  run(build: Build, data: Record<string, unknown>, options?: RunnerOptions): Promise<Outputs>;
}

async function lastYield(iterable: AsyncIterable<Outputs>): Promise<Outputs> {
  let last: Outputs = {};
  for await (const item of iterable) last = item;
  return last;
}

function made<P extends PipelineBase>(pipeline: P, build: Build): P {
  build(pipeline);
  return pipeline;
}

function runOptions(options: RunnerOptions | undefined): RunOptions {
  if (options === undefined) return {};
  const { pipeline: _pipeline, ...rest } = options;
  return rest;
}

export const RUNNERS: readonly Runner[] = [
  {
    label: 'Pipeline.run',
    run: (build, data, options) => made(new Pipeline(options?.pipeline), build).run(data, runOptions(options)),
  },
  {
    label: 'AsyncPipeline.runAsync',
    run: (build, data, options) => made(new AsyncPipeline(options?.pipeline), build).runAsync(data, runOptions(options)),
  },
  {
    label: 'AsyncPipeline.runAsyncGenerator',
    run: (build, data, options) => lastYield(made(new AsyncPipeline(options?.pipeline), build).runAsyncGenerator(data, runOptions(options))),
  },
];

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}
