import type { Logger } from '../logger.js';
import type { CompiledGraph, CompiledNode, ComponentInputs } from './compiled-graph.js';
import { withComponentLog } from './component-logging.js';
import { invokeComponent, invokeUntraced } from './component-timeout.js';
import { consumeInputs } from './consume-inputs.js';
import { isPromiseLike } from './promise-like.js';
import { checkOutputs, componentFailure } from './run-component.js';
import { RunSignal } from './run-signal.js';
import { sparesOf } from './run-spares.js';
import { fillQueue, hasKeys, markDirty, markRun, newCounters, type Queue } from './scheduling.js';
import { writeOutputs } from './write-outputs.js';
import { activeTracer } from '../tracing/tracer.js';

/**
 * What a run is started with besides its input state: settings only, never changed by the run, so
 * an engine may hand the same object to many runs (thousands may be in flight), and the run keeps
 * it rather than a copy of each field.
 */
export interface RunStateInit {
  readonly graph: CompiledGraph;
  readonly include: ReadonlySet<string>;
  /** Per-component time limits by node index, if any. */
  readonly timeouts: readonly (number | undefined)[] | undefined;
  readonly logger: Logger;
  /** The API location that prefixes error messages. */
  readonly where: string;
  /** Call `runAsync` where a component has it (the async engine), else always `run`. @default false */
  readonly preferAsync?: boolean;
  /**
   * Whether component calls go through the logging and tracing hooks, decided when the run starts
   * ({@link callsHooked}): without either, a call creates no wrapper closures. In the settings
   * rather than in every run (8 bytes each, thousands in flight).
   */
  readonly hooked: boolean;
}

/** Whether a run started now calls its components through the hooks: the logger has `info` or `debug`, or a tracer is active. */
export function callsHooked(logger: Logger): boolean {
  return logger.info !== undefined || logger.debug !== undefined || activeTracer() !== undefined;
}

/** The partial outputs of a run that has none yet (error messages copy them). */
const NO_OUTPUTS_YET: Readonly<Record<string, Record<string, unknown>>> = Object.freeze({});
/** What a run that gave its arrays away keeps instead (see `RunState.giveArrays`). */
const GIVEN_COUNTERS: number[] = Object.freeze([]) as unknown as number[];
const GIVEN_STATE: ComponentInputs[] = Object.freeze([]) as unknown as ComponentInputs[];

/** `Promise.prototype.then`, called directly: a promise's own `then` is not looked up, as `await` does not. */
const then = Promise.prototype.then as (this: Promise<unknown>, ok: (value: unknown) => void, failed: (error: unknown) => void) => Promise<void>;

/** Where {@link RunState.invokeInto} reports a component's visit: exactly one of the two is called. */
export interface CallSink {
  /** The component called. */
  readonly node: CompiledNode;
  /** Told as soon as the call itself is over (returned, resolved or threw), if given. */
  readonly settled: CallSettled | undefined;
  /**
   * The callbacks followed on the component's promise: they must hand the value to
   * {@link RunState.callResolved} and the error to {@link RunState.callRejected}. The sink makes them,
   * so that one pair can serve many calls (no closures per call).
   */
  readonly onResolved: (value: unknown) => void;
  readonly onRejected: (error: unknown) => void;
  /** The call and its output distribution are over; `pruned` is what the pipeline reports for it. */
  callDone(pruned: Record<string, unknown>): void;
  /** The run's error for the call (see {@link RunState.failure}) or what {@link RunState.complete} threw. */
  callFailed(error: unknown): void;
}

/** Told when a component's call is over (the async engine's permits). */
export interface CallSettled {
  release(): void;
}

/**
 * One run's state and its run step, shared by `Pipeline` and `AsyncPipeline`: the engines decide
 * which component goes next and when; this object does what happens to it, always in the same
 * order (Haystack's `_consume_component_inputs`, `_run_component`, `_write_component_outputs`):
 *
 * 1. {@link consume}: take its inputs out of the state (the queue sees it as changed);
 * 2. {@link invoke}: call it, await it when it returns a promise, turn a throw into the run's error;
 * 3. {@link complete}: count the visit, check the outputs, deliver them, record what is reported.
 */
export class RunState {
  // Helper methods are TypeScript-private rather than `#` (no brand slot per run: see AsyncRun).
  /** The run's settings (possibly shared with other runs: see {@link RunStateInit}). */
  readonly settings: RunStateInit;
  /**
   * The input state, starting with the caller's values (from `prepareRun`). Not readonly: a
   * completed run gives it to the graph's spares and keeps an empty one (see {@link giveArrays}).
   */
  state: ComponentInputs[];
  /**
   * The run's per-node counters (scheduling.ts, `newCounters`): the visits per node index, then
   * each node's flags and last priority. Given away as {@link state} is.
   */
  counters: number[];
  /** What the run reports so far (see {@link outputs}); undefined until a component reports something. */
  #outputs: Record<string, Record<string, unknown>> | undefined;
  /** Made when first needed: a caller's signal, an abort, or a component reading `context.signal`. */
  #signal: RunSignal | undefined;

  constructor(init: RunStateInit, state: ComponentInputs[]) {
    this.settings = init;
    this.state = state;
    this.counters = sparesOf(init.graph).takeCounters() ?? newCounters(init.graph.nodes.length);
  }

  /**
   * Gives the run's counters and input state to its graph's spares for the next run, once it has
   * completed with every call settled (nothing refers to them any more), and keeps empty frozen
   * ones: a late reader finds nothing, a late writer throws. Both engines call it on success only.
   */
  giveArrays(): void {
    const { counters, state } = this;
    this.counters = GIVEN_COUNTERS;
    this.state = GIVEN_STATE;
    sparesOf(this.graph).giveRunArrays(counters, state);
  }

  /**
   * What the run reports, by component: grows as components complete (partial outputs on failure).
   * Made on first use: a run in flight whose components reported nothing yet (a chain's inner
   * steps) holds no object for it.
   */
  get outputs(): Record<string, Record<string, unknown>> {
    return (this.#outputs ??= this.settings.graph.newRunOutputs());
  }

  /** The outputs so far, for an error message built at once: does not make them. */
  private get outputsSoFar(): Readonly<Record<string, Record<string, unknown>>> {
    return this.#outputs ?? NO_OUTPUTS_YET;
  }

  get graph(): CompiledGraph {
    return this.settings.graph;
  }

  get include(): ReadonlySet<string> {
    return this.settings.include;
  }

  get logger(): Logger {
    return this.settings.logger;
  }

  get where(): string {
    return this.settings.where;
  }

  /** The number of components. */
  get size(): number {
    return this.settings.graph.nodes.length;
  }

  /**
   * Starts following the caller's signal, if any. {@link close} must follow (in a `finally`).
   */
  open(caller: AbortSignal | undefined): void {
    if (caller === undefined) return;
    (this.#signal ??= new RunSignal()).open(caller, () => this.onCallerAbort());
  }

  /** Removes the listener from the caller's signal. */
  close(): void {
    this.#signal?.close();
  }

  /** Called when the caller's signal aborts, after the run's signal. */
  protected onCallerAbort(): void {}

  /** The run's signal (made on first use: see run-signal.ts). */
  get signal(): AbortSignal {
    return (this.#signal ??= new RunSignal()).signal;
  }

  /** Whether the run was aborted (by the caller, a failure or a cancel), without making a signal. */
  get aborted(): boolean {
    return this.#signal !== undefined && this.#signal.aborted;
  }

  /** Why the run was aborted (when {@link aborted}). */
  get abortReason(): unknown {
    return this.#signal?.reason;
  }

  /** Aborts the run's signal: every component in flight sees it. The first reason wins. */
  protected abort(reason: unknown): void {
    (this.#signal ??= new RunSignal()).abort(reason);
  }

  /**
   * Every component with its current priority (only changed ones are recomputed), in `into`
   * (emptied first: the engine passes the queue it got last time), else in a new queue. The
   * engine keeps the queue, not the run: the async engine's runs share one.
   */
  fill(into?: Queue): Queue {
    return fillQueue(this.graph, this.state, this.counters, into);
  }

  /** Step 1: takes the component's inputs out of the state, even if its call waits for a permit. */
  consume(node: CompiledNode): Record<string, unknown> {
    const inputs = consumeInputs(node, this.state, this.where);
    markDirty(this.counters, this.size, node);
    return inputs;
  }

  /**
   * Step 2, then 3: calls the component and completes its visit. Returns what the pipeline reports
   * for it, at once for a synchronous result, else as a promise.
   *
   * @param settled its `release()` is called as soon as the call itself is over (returned, resolved or threw), before
   *   the outputs are checked: the async engine gives its permit back there
   * @throws the run's error for a failed call: the abort reason when the run was aborted, else a
   *   `PipelineRuntimeError` naming the component; what {@link complete} throws
   */
  invoke(node: CompiledNode, inputs: Record<string, unknown>, settled?: CallSettled): Record<string, unknown> | Promise<Record<string, unknown>> {
    let result: unknown;
    let pending: boolean;
    try {
      result = this.callNode(node, inputs);
      // Inside the try: looking for `then` on a hostile result (a revoked Proxy) is the component's failure.
      pending = isPromiseLike(result);
    } catch (error) {
      settled?.release();
      throw this.failure(node, error);
    }
    if (pending) return this.completeLater(node, result as PromiseLike<unknown>, settled);
    settled?.release();
    return this.complete(node, result);
  }

  /**
   * {@link invoke}, reporting to `sink` instead of returning: what the async engine's tasks use,
   * so that a component in flight holds two callbacks instead of two suspended async functions.
   * A promise result is followed as `await` follows it (the same promise, the same tick).
   */
  invokeInto(inputs: Record<string, unknown>, sink: CallSink): void {
    const node = sink.node;
    let result: unknown;
    let pending: boolean;
    try {
      result = this.callNode(node, inputs);
      pending = isPromiseLike(result);
    } catch (error) {
      this.callFailed(node, error, sink.settled, sink);
      return;
    }
    if (!pending) {
      sink.settled?.release();
      this.completeInto(node, result, sink);
      return;
    }
    let followed: Promise<unknown>;
    try {
      // PromiseResolve, as `await` does: reads the constructor of a native promise, which may throw.
      followed = Promise.resolve(result);
    } catch (error) {
      this.callFailed(node, error, sink.settled, sink);
      return;
    }
    then.call(followed, sink.onResolved, sink.onRejected);
  }

  /** What a sink's `onResolved` calls: the component's promise fulfilled. */
  callResolved(sink: CallSink, value: unknown): void {
    sink.settled?.release();
    this.completeInto(sink.node, value, sink);
  }

  /** What a sink's `onRejected` calls: the component's promise rejected. */
  callRejected(sink: CallSink, error: unknown): void {
    this.callFailed(sink.node, error, sink.settled, sink);
  }

  private callFailed(node: CompiledNode, error: unknown, settled: CallSettled | undefined, sink: CallSink): void {
    settled?.release();
    sink.callFailed(this.failure(node, error));
  }

  private completeInto(node: CompiledNode, result: unknown, sink: CallSink): void {
    let pruned: Record<string, unknown>;
    try {
      pruned = this.complete(node, result);
    } catch (error) {
      sink.callFailed(error);
      return;
    }
    sink.callDone(pruned);
  }

  private callNode(node: CompiledNode, inputs: Record<string, unknown>): unknown {
    const settings = this.settings;
    const timeoutMs = settings.timeouts?.[node.index];
    const preferAsync = settings.preferAsync ?? false;
    // A time limit's error is built later, when it expires: it needs the outputs object itself.
    if (!settings.hooked) return invokeUntraced(node, inputs, this, preferAsync, timeoutMs, settings.where, timeoutMs === undefined ? this.outputsSoFar : this.outputs);
    return this.callHooked(node, inputs, preferAsync, timeoutMs);
  }

  /** In a method of its own: the closure would make every {@link callNode} allocate its context, hooked or not. */
  private callHooked(node: CompiledNode, inputs: Record<string, unknown>, preferAsync: boolean, timeoutMs: number | undefined): unknown {
    const where = this.settings.where;
    // Logging hook (INFO "Running component", DEBUG with the duration) around the tracing hook.
    return withComponentLog(this.logger, node, this.counters[node.index]! + 1, () =>
      invokeComponent(node, inputs, this, preferAsync, timeoutMs, where, this.outputs),
    );
  }

  private async completeLater(node: CompiledNode, pending: PromiseLike<unknown>, settled: CallSettled | undefined): Promise<Record<string, unknown>> {
    let result: unknown;
    try {
      result = await pending;
    } catch (error) {
      settled?.release();
      throw this.failure(node, error);
    }
    settled?.release();
    return this.complete(node, result);
  }

  /**
   * Step 3: counts the visit, checks the result, writes the outputs to the receivers and records
   * the component's reported outputs.
   * @returns the reported outputs (the unconsumed ones, or all of them when included)
   * @throws PipelineRuntimeError for an invalid result or a failed conversion
   */
  complete(node: CompiledNode, result: unknown): Record<string, unknown> {
    this.counters[node.index]!++;
    const checked = checkOutputs(this.where, node, result, this.logger, this.outputsSoFar);
    const included = this.include.has(node.name);
    const pruned = writeOutputs(this.graph, node, checked, this.state, included, this.where, this.outputsSoFar);
    markRun(this.counters, this.size, node);
    if (included || hasKeys(pruned)) this.outputs[node.name] = pruned;
    return pruned;
  }

  /** A failed call as the run's error: the abort reason when the run was aborted meanwhile. */
  failure(node: CompiledNode, error: unknown): unknown {
    if (this.aborted) return this.abortReason;
    return componentFailure(this.where, node, error, this.outputs);
  }
}
