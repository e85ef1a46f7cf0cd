/**
 * The engines every scenario runs on: `Pipeline.run` (Haystack's sequential algorithm),
 * `AsyncPipeline.runAsync` (the concurrent one) and the final yield of
 * `AsyncPipeline.runAsyncGenerator`, which must equal what `runAsync` returns.
 *
 * The classes are looked up on the public entry point at run time, so the scenarios are declared
 * (as todos) before the engine is exported and run as soon as it is.
 */
import * as library from '../../../src/index.js';
import type { AnyComponent } from '../../../src/index.js';
import type { Engine, PipelineOutputs, ScenarioGraph, ScenarioPipelineOptions } from './harness.js';

interface RunOptions {
  includeOutputsFrom?: Iterable<string>;
}

/** The part of the public Pipeline API the scenarios use. */
interface EnginePipeline extends ScenarioGraph {
  addComponent(name: string, instance: AnyComponent): unknown;
  connect(sender: string, receiver: string): unknown;
  walk(): Iterable<readonly [string, AnyComponent]>;
  run(data: Record<string, unknown>, options?: RunOptions): Promise<PipelineOutputs>;
}

interface EngineAsyncPipeline extends EnginePipeline {
  runAsync(data: Record<string, unknown>, options?: RunOptions): Promise<PipelineOutputs>;
  runAsyncGenerator(data: Record<string, unknown>, options?: RunOptions): AsyncIterable<PipelineOutputs>;
}

type PipelineClass<P> = new (options?: ScenarioPipelineOptions) => P;

const exported = library as unknown as Record<string, unknown>;
const PipelineCtor = exported['Pipeline'] as PipelineClass<EnginePipeline> | undefined;
const AsyncPipelineCtor = exported['AsyncPipeline'] as PipelineClass<EngineAsyncPipeline> | undefined;

function runOptions(includeOutputsFrom: readonly string[] | undefined): RunOptions {
  return includeOutputsFrom === undefined ? {} : { includeOutputsFrom };
}

function engine<P extends ScenarioGraph>(
  label: string,
  Ctor: PipelineClass<P> | undefined,
  exportName: string,
  run: (pipeline: P, inputs: Record<string, unknown>, options: RunOptions) => Promise<PipelineOutputs>,
): Engine {
  if (Ctor === undefined) {
    const missing = `waiting for the ${exportName} export`;
    return {
      label,
      missing,
      make: () => {
        throw new Error(missing);
      },
      run: () => Promise.reject(new Error(missing)),
    };
  }
  return {
    label,
    make: (options) => new Ctor(options),
    run: (pipeline, inputs, includeOutputsFrom) => {
      if (!(pipeline instanceof Ctor)) throw new Error(`harness: expected a ${exportName}, got another pipeline`);
      return run(pipeline, inputs, runOptions(includeOutputsFrom));
    },
  };
}

async function lastYield(iterable: AsyncIterable<PipelineOutputs>): Promise<PipelineOutputs> {
  let last: PipelineOutputs | undefined;
  for await (const item of iterable) last = item;
  if (last === undefined) throw new Error('runAsyncGenerator yielded nothing; Haystack always yields the final outputs');
  return last;
}

export const ENGINES: readonly Engine[] = [
  engine('Pipeline.run', PipelineCtor, 'Pipeline', (p, inputs, options) => p.run(inputs, options)),
  engine('AsyncPipeline.runAsync', AsyncPipelineCtor, 'AsyncPipeline', (p, inputs, options) => p.runAsync(inputs, options)),
  engine('AsyncPipeline.runAsyncGenerator (final yield)', AsyncPipelineCtor, 'AsyncPipeline', (p, inputs, options) =>
    lastYield(p.runAsyncGenerator(inputs, options)),
  ),
];
