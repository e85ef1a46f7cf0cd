/**
 * The engines every scenario runs on: `Pipeline.run` (Haystack's sequential algorithm),
 * `AsyncPipeline.runAsync` (the concurrent one) and the final yield of
 * `AsyncPipeline.runAsyncGenerator`, which must equal what `runAsync` returns.
 */
import { AsyncPipeline, Pipeline, type Logger } from '../../../src/index.js';
import type { Engine, PipelineOutputs, ScenarioGraph } from './harness.js';

/**
 * Scenarios such as #4 (undeclared output keys) and #50 (blocked pipeline) make the engine warn;
 * Haystack's feature tests do not check those logs, so they are collected here instead of printed.
 * `test/core/features/async-pipeline-behaviour.test.ts` checks the warnings themselves.
 */
export const scenarioWarnings: string[] = [];
const logger: Logger = { warn: (message) => void scenarioWarnings.push(message) };

function runOptions(includeOutputsFrom: readonly string[] | undefined) {
  return includeOutputsFrom === undefined ? {} : { includeOutputsFrom };
}

function expectPipeline<P>(pipeline: ScenarioGraph, Ctor: abstract new (...args: never[]) => P): P {
  if (!(pipeline instanceof Ctor)) throw new Error(`harness: expected a ${Ctor.name}, got another pipeline`);
  return pipeline;
}

/**
 * The final yield, after checking Haystack's shape of the partial ones: each names exactly one
 * component, and every component that yielded is in the final outputs.
 */
async function lastYield(iterable: AsyncIterable<PipelineOutputs>): Promise<PipelineOutputs> {
  const yields: PipelineOutputs[] = [];
  for await (const item of iterable) yields.push(item);
  const final = yields.pop();
  if (final === undefined) throw new Error('runAsyncGenerator yielded nothing; Haystack always yields the final outputs');
  for (const partial of yields) {
    const names = Object.keys(partial);
    if (names.length !== 1 || !(names[0] as string in final)) {
      throw new Error(`runAsyncGenerator: a partial yield must name one component of the final outputs, got ${JSON.stringify(names)}`);
    }
  }
  return final;
}

export const ENGINES: readonly Engine[] = [
  {
    label: 'Pipeline.run',
    make: (options) => new Pipeline({ ...options, logger }),
    run: (pipeline, inputs, include) => expectPipeline(pipeline, Pipeline).run(inputs, runOptions(include)),
  },
  {
    label: 'AsyncPipeline.runAsync',
    make: (options) => new AsyncPipeline({ ...options, logger }),
    run: (pipeline, inputs, include) => expectPipeline(pipeline, AsyncPipeline).runAsync(inputs, runOptions(include)),
  },
  {
    label: 'AsyncPipeline.runAsyncGenerator (final yield)',
    make: (options) => new AsyncPipeline({ ...options, logger }),
    run: (pipeline, inputs, include) =>
      lastYield(expectPipeline(pipeline, AsyncPipeline).runAsyncGenerator(inputs, runOptions(include))),
  },
];
