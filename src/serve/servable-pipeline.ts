import type { AsyncRunOptions } from '../core/pipeline/pipeline-options.js';
import type { PipelineInputDescription, PipelineOutputDescription } from '../core/pipeline/pipeline-base.js';

/**
 * What the server needs from a pipeline: an `AsyncPipeline` fits (typed or not), and so does a
 * `Pipeline` once it has `runAsync`/`runAsyncGenerator`. Structural, so that a pipeline built
 * against another copy of the package is served too.
 */
export interface ServablePipeline {
  inputs(includeComponentsWithConnectedInputs?: boolean): Record<string, Record<string, PipelineInputDescription>>;
  outputs(includeComponentsWithConnectedOutputs?: boolean): Record<string, Record<string, PipelineOutputDescription>>;
  toMermaid(): string;
  // Method syntax on purpose: a typed pipeline's narrower `data` parameter stays assignable.
  runAsync(data: Record<string, Record<string, unknown>>, options?: AsyncRunOptions): Promise<Readonly<Record<string, unknown>>>;
  runAsyncGenerator?(data: Record<string, Record<string, unknown>>, options?: AsyncRunOptions): AsyncIterable<Readonly<Record<string, unknown>>>;
}
