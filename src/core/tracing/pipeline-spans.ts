/**
 * The engine's two tracing hooks, one call site each: {@link tracePipelineRun} around a run (span
 * `haystack.pipeline.run`) and {@link traceComponentRun} around a component call (span
 * `haystack.component.run`), with Haystack's tag names (`haystack/core/pipeline/base.py`,
 * `_create_component_span`).
 *
 * Parenting: the run's frame (its span, its visit counts) is carried by AsyncLocalStorage, which
 * the scheduler preserves, so a component span's parent is the span of the run that scheduled it,
 * whatever else runs concurrently; components of one run are siblings. A pipeline run inside a
 * component (a nested pipeline) is a child of that component's span.
 *
 * With tracing disabled both hooks are one comparison and a direct call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AnyComponent } from '../component/component.js';
import { describeInputs, describeOutputs } from '../component/sockets.js';
import { typeName } from '../types/type-name.js';
import { activeTracer, currentSpan, endWhenSettled, runWithSpan, setContentTag, type Span, type Tracer } from './tracer.js';

/** Tag names, as Haystack spells them. */
export const PIPELINE_RUN = 'haystack.pipeline.run';
export const COMPONENT_RUN = 'haystack.component.run';
export const COMPONENT_INPUT = 'haystack.component.input';
export const COMPONENT_OUTPUT = 'haystack.component.output';
export const COMPONENT_VISITS = 'haystack.component.visits';
export const PIPELINE_INPUT_DATA = 'haystack.pipeline.input_data';
export const PIPELINE_OUTPUT_DATA = 'haystack.pipeline.output_data';

/** What the run hook reads from the pipeline. */
export interface TracedPipeline {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly maxRunsPerComponent: number;
  connections(): readonly { readonly sender: string; readonly receiver: string }[];
}

/** What the component hook reads from the compiled node. */
export interface TracedNode {
  readonly index: number;
  readonly name: string;
  readonly instance: AnyComponent;
  readonly className: string;
}

/** One traced run: its tracer (fixed at the start), its span, its visit counts, its connections. */
interface RunFrame {
  readonly tracer: Tracer;
  readonly span: Span;
  readonly pipeline: TracedPipeline;
  readonly visits: Map<number, number>;
  links: { senders: Map<string, string[]>; receivers: Map<string, string[]> } | undefined;
}

const frames = new AsyncLocalStorage<RunFrame>();

function startRun(pipeline: TracedPipeline, tracer: Tracer, data: unknown, mode: 'sync' | 'async'): RunFrame {
  const span = tracer.startSpan(PIPELINE_RUN, {
    tags: {
      'haystack.pipeline.metadata': pipeline.metadata,
      'haystack.pipeline.max_runs_per_component': pipeline.maxRunsPerComponent,
      'haystack.pipeline.execution_mode': mode,
    },
    parentSpan: currentSpan(),
  });
  // Haystack tags the input data unconditionally; here it is content, like every other input.
  setContentTag(span, PIPELINE_INPUT_DATA, data);
  return { tracer, span, pipeline, visits: new Map(), links: undefined };
}

/**
 * Traces one run of a generator-shaped engine (`AsyncPipeline`): the span covers the whole
 * iteration; the last value yielded (the final outputs) is its output content tag; a failure marks
 * it; an abandoned iteration ends it too.
 */
export function tracePipelineRun<T>(
  pipeline: TracedPipeline,
  data: unknown,
  mode: 'sync' | 'async',
  run: () => AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  const tracer = activeTracer();
  if (tracer === undefined) return run();
  return traced(pipeline, tracer, data, mode, run);
}

async function* traced<T>(
  pipeline: TracedPipeline,
  tracer: Tracer,
  data: unknown,
  mode: 'sync' | 'async',
  run: () => AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  const frame = startRun(pipeline, tracer, data, mode);
  const inner = frames.run(frame, () => runWithSpan(tracer, frame.span, run));
  let finished = false;
  let last: T | undefined;
  try {
    for (;;) {
      // Every step of the engine runs inside the frame: what it schedules inherits it.
      const next = await frames.run(frame, () => runWithSpan(tracer, frame.span, () => inner.next()));
      if (next.done === true) break;
      last = next.value;
      yield next.value;
    }
    finished = true;
    setContentTag(frame.span, PIPELINE_OUTPUT_DATA, last);
  } catch (error) {
    finished = true;
    frame.span.recordError?.(error);
    throw error;
  } finally {
    try {
      if (!finished) await frames.run(frame, () => inner.return(undefined));
    } finally {
      frame.span.end();
    }
  }
}

/** Traces one run of a promise-shaped engine (the sequential `Pipeline.run`). */
export function tracePipelineRunPromise<T>(pipeline: TracedPipeline, data: unknown, mode: 'sync' | 'async', run: () => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (tracer === undefined) return run();
  const frame = startRun(pipeline, tracer, data, mode);
  return endWhenSettled(
    frame.span,
    () => frames.run(frame, () => runWithSpan(tracer, frame.span, run)),
    (outputs) => setContentTag(frame.span, PIPELINE_OUTPUT_DATA, outputs),
  );
}

/**
 * Traces one component call: `call` runs inside the component's span (current for nested
 * pipelines, active in the tracer's backend), which ends when its result settles. Visits are
 * tagged after a successful run, as Haystack does.
 */
export function traceComponentRun<R>(node: TracedNode, inputs: Readonly<Record<string, unknown>>, call: () => R): R {
  if (activeTracer() === undefined) return call();
  const frame = frames.getStore();
  if (frame === undefined) return call();
  const span = frame.tracer.startSpan(COMPONENT_RUN, { tags: componentTags(frame, node, inputs), parentSpan: frame.span });
  setContentTag(span, COMPONENT_INPUT, inputs);
  return endWhenSettled(
    span,
    () => runWithSpan(frame.tracer, span, call),
    (output) => {
      const visits = (frame.visits.get(node.index) ?? 0) + 1;
      frame.visits.set(node.index, visits);
      span.setTag(COMPONENT_VISITS, visits);
      setContentTag(span, COMPONENT_OUTPUT, output);
    },
  );
}

function componentTags(frame: RunFrame, node: TracedNode, inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const links = (frame.links ??= linksOf(frame.pipeline));
  const sockets = socketTypes(node.instance);
  const inputTypes: Record<string, string> = {};
  for (const key of Object.keys(inputs)) inputTypes[key] = runtimeType(inputs[key]);
  const inputSpec: Record<string, { type: string; senders: string[] }> = {};
  for (const [socket, type] of sockets.inputs) inputSpec[socket] = { type, senders: links.senders.get(`${node.name}.${socket}`) ?? [] };
  const outputSpec: Record<string, { type: string; receivers: string[] }> = {};
  for (const [socket, type] of sockets.outputs) outputSpec[socket] = { type, receivers: links.receivers.get(`${node.name}.${socket}`) ?? [] };
  return {
    'haystack.component.name': node.name,
    'haystack.component.type': node.className,
    'haystack.component.fully_qualified_type': node.instance.typeName,
    'haystack.component.input_types': inputTypes,
    'haystack.component.input_spec': inputSpec,
    'haystack.component.output_spec': outputSpec,
  };
}

/** Senders of each `component.socket` input and receivers of each output, by component name. */
function linksOf(pipeline: TracedPipeline): { senders: Map<string, string[]>; receivers: Map<string, string[]> } {
  const senders = new Map<string, string[]>();
  const receivers = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, name: string): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [name]);
    else if (!list.includes(name)) list.push(name);
  };
  for (const { sender, receiver } of pipeline.connections()) {
    add(senders, receiver, componentOf(sender));
    add(receivers, sender, componentOf(receiver));
  }
  return { senders, receivers };
}

function componentOf(address: string): string {
  const dot = address.lastIndexOf('.');
  return dot < 0 ? address : address.slice(0, dot);
}

/** Socket type names per component instance: sockets are fixed once it is built. */
const socketCache = new WeakMap<AnyComponent, { inputs: [string, string][]; outputs: [string, string][] }>();

function socketTypes(instance: AnyComponent): { inputs: [string, string][]; outputs: [string, string][] } {
  let cached = socketCache.get(instance);
  if (cached === undefined) {
    const name = (schema: Parameters<typeof typeName>[0]): string => {
      try {
        return typeName(schema);
      } catch {
        return 'unknown';
      }
    };
    cached = {
      inputs: describeInputs(instance.inputSchemas).map((s) => [s.name, name(s.schema)]),
      outputs: describeOutputs(instance.outputSchemas).map((s) => [s.name, name(s.schema)]),
    };
    socketCache.set(instance, cached);
  }
  return cached;
}

/** Haystack's `type(v).__name__`, in JavaScript terms. */
function runtimeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object';
  return typeof value;
}
