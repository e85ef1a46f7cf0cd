import { PipelineComponentTimeoutError, PipelineValidationError } from '../../errors.js';
import type { CompiledGraph, CompiledNode } from './compiled-graph.js';
import type { RunContext } from '../component/component.js';
import { callComponent } from './run-component.js';
import { callWithDeadline } from './deadline.js';
import { traceComponentRun } from '../tracing/pipeline-spans.js';
import { describeValue } from '../../describe.js';

/**
 * Per-component time limits (the `componentTimeouts` run option, a Node-only extra that Haystack
 * lacks). A component that overruns has its `context.signal` aborted with a
 * `PipelineComponentTimeoutError`, and the run rejects with that error at once, even when the
 * component ignores its signal (its promise is then abandoned, not awaited).
 */

/** The largest delay `setTimeout` honours; longer ones would fire at once. */
export const MAX_COMPONENT_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Validates `componentTimeouts` against the pipeline's components.
 * @returns the limit in milliseconds by node index (`undefined`: none), or `undefined` when no limit is set
 * @throws PipelineValidationError for an unknown component or a limit that is not a number in (0, 2^31 - 1]
 */
export function resolveComponentTimeouts(
  timeouts: Readonly<Record<string, number>> | undefined,
  graph: CompiledGraph,
  where: string,
): (number | undefined)[] | undefined {
  if (timeouts === undefined) return undefined;
  if (typeof timeouts !== 'object' || timeouts === null || Array.isArray(timeouts)) {
    throw new PipelineValidationError(`${where}: expected componentTimeouts to be an object of milliseconds by component name, got ${describeValue(timeouts)}.`);
  }
  const byIndex = new Array<number | undefined>(graph.nodes.length);
  for (const [name, ms] of Object.entries(timeouts)) {
    const node = graph.byName.get(name);
    if (node === undefined) {
      throw new PipelineValidationError(`${where}: componentTimeouts names '${name}', which is not a component of this pipeline.`, { component: name });
    }
    if (typeof ms !== 'number' || !(ms > 0) || ms > MAX_COMPONENT_TIMEOUT_MS) {
      throw new PipelineValidationError(
        `${where}: expected componentTimeouts['${name}'] to be a number of milliseconds in (0, ${MAX_COMPONENT_TIMEOUT_MS}], got ${describeValue(ms)}.`,
        { component: name },
      );
    }
    byIndex[node.index] = ms;
  }
  return byIndex;
}

/**
 * The context a component is called with. `signal` is read from the run only when the component
 * reads it, so the run makes its AbortController only if someone needs it (run-signal.ts). It is an
 * own enumerable accessor, as in an object literal, but defined from one shared descriptor: a
 * literal with a getter is a dictionary-mode object plus a closure, about 420 bytes per component
 * call; this instance keeps fast properties and takes 40.
 */
class ComponentContext implements RunContext {
  readonly #run: { readonly signal: AbortSignal };
  readonly componentName: string;
  declare readonly signal: AbortSignal;
  constructor(run: { readonly signal: AbortSignal }, componentName: string) {
    this.#run = run;
    this.componentName = componentName;
    Object.defineProperty(this, 'signal', SIGNAL);
  }
  static signalOf(context: ComponentContext): AbortSignal {
    return context.#run.signal;
  }
}

const SIGNAL: PropertyDescriptor = Object.freeze({
  get(this: ComponentContext): AbortSignal {
    return ComponentContext.signalOf(this);
  },
  enumerable: true,
  configurable: true,
});

function contextOf(run: { readonly signal: AbortSignal }, componentName: string): RunContext {
  return new ComponentContext(run, componentName);
}

/**
 * Calls the component with the run's signal, or, when it has a time limit, with a signal of its
 * own that also aborts when the limit is reached. Listeners and timers are removed once it settles.
 */
export function invokeComponent(
  node: CompiledNode,
  inputs: Record<string, unknown>,
  run: { readonly signal: AbortSignal },
  preferAsync: boolean,
  timeoutMs: number | undefined,
  where: string,
  partialOutputs: Record<string, Record<string, unknown>>,
): unknown {
  // Tracing hook (span haystack.component.run); a direct call when tracing is off.
  return traceComponentRun(node, inputs, () => invokeUntraced(node, inputs, run, preferAsync, timeoutMs, where, partialOutputs));
}

/**
 * {@link invokeComponent} without the tracing hook: what a run calls directly when it found, at
 * its start, that no tracer is active (no closure per component call).
 */
export function invokeUntraced(
  node: CompiledNode,
  inputs: Record<string, unknown>,
  run: { readonly signal: AbortSignal },
  preferAsync: boolean,
  timeoutMs: number | undefined,
  where: string,
  partialOutputs: Record<string, Record<string, unknown>>,
): unknown {
  if (timeoutMs === undefined) return callComponent(node, inputs, contextOf(run, node.name), preferAsync);
  return invokeWithDeadline(node, inputs, run, preferAsync, timeoutMs, where, partialOutputs);
}

/**
 * A call with a time limit, in a function of its own: its closures would otherwise make every call of
 * {@link invokeUntraced} allocate the context of the parameters they capture.
 */
function invokeWithDeadline(
  node: CompiledNode,
  inputs: Record<string, unknown>,
  run: { readonly signal: AbortSignal },
  preferAsync: boolean,
  timeoutMs: number,
  where: string,
  partialOutputs: Record<string, Record<string, unknown>>,
): unknown {
  return callWithDeadline(
    run.signal,
    timeoutMs,
    () =>
      new PipelineComponentTimeoutError(
        `${where}: Component '${node.name}' (type: '${node.className}') did not finish within ${timeoutMs} ms, so its signal was ` +
          `aborted and the run stopped. Raise its entry in componentTimeouts, or find out why it hangs.`,
        { component: node.name, componentType: node.className, timeoutMs, partialOutputs: { ...partialOutputs } },
      ),
    (signal) => callComponent(node, inputs, { signal, componentName: node.name }, preferAsync),
  );
}
