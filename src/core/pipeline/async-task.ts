import type { CompiledNode } from './compiled-graph.js';
import type { CallSettled, CallSink } from './run-state.js';

/** What a task reports to: its run (async-run.ts), which also holds the permits a call releases. */
export interface TaskOwner extends CallSettled {
  /** Records the run's first failure (cancelling the components in flight); returns the error to report. */
  fail(error: unknown): unknown;
  /** The task's call and output distribution are over. */
  settle(task: Task, succeeded: boolean): void;
  /** The task's component promise fulfilled or rejected (RunState's completion of the call). */
  callResolved(sink: CallSink, value: unknown): void;
  callRejected(sink: CallSink, error: unknown): void;
}

/**
 * The owner of a task kept in a graph's spares (run-spares.ts), so that it refers to no run: a
 * kept task is never called, and one that were would say so rather than report to a stale run.
 */
const DETACHED: TaskOwner = {
  fail: detachedTask,
  settle: detachedTask,
  callResolved: detachedTask,
  callRejected: detachedTask,
  release: detachedTask,
};

function detachedTask(): never {
  throw new Error('haystack-ts internal error: a task kept for reuse was called; please report this.');
}

/** {@link Task.error} of a task that did not fail. */
const NOT_FAILED: unique symbol = Symbol('haystack-ts.notFailed');

/**
 * A scheduled component: settled once its run and output distribution are over. It is its own
 * {@link CallSink}, with one pair of callbacks for its promise made when the task is, so a
 * component in flight costs this object, and the run can reuse a reaped task (with its callbacks)
 * for its next component: a chain of steps makes one task per run, not one task and two closures
 * per step. A completed run gives its tasks to its graph's spares for the next runs (run-spares.ts).
 */
export class Task implements CallSink {
  node: CompiledNode;
  /** Its run; {@link DETACHED} while the task is kept for another run. */
  run: TaskOwner;
  /**
   * The consumed inputs until the call starts ({@link takeInputs}), then what the pipeline reports
   * for the visit ({@link pruned}): one field for both, as a task needs one at a time (8 bytes less
   * for each of the thousands of tasks in flight).
   */
  #data: Record<string, unknown> | undefined;
  /** The run's error for a failed visit; {@link NOT_FAILED} until then (the error may be any value). */
  error: unknown = NOT_FAILED;
  /** The next finished task, in the run's list of tasks to reap (or of reaped tasks to reuse). */
  next: Task | undefined = undefined;
  readonly onResolved: (value: unknown) => void;
  readonly onRejected: (error: unknown) => void;
  constructor(run: TaskOwner, node: CompiledNode, inputs: Record<string, unknown>) {
    this.run = run;
    this.node = node;
    this.#data = inputs;
    // Assigned here rather than as field initializers: an arrow in a field gets a name, and then
    // (tsx's keepNames) a `name` property of its own. Not bound functions either: binding a named
    // function builds a "bound …" name and own properties, several times the size of a closure.
    // They capture only `this`: a context of one slot.
    this.onResolved = (value: unknown) => this.run.callResolved(this, value);
    this.onRejected = (error: unknown) => this.run.callRejected(this, error);
  }
  /** Makes a reaped task the task of another visit (its callbacks stay: they only name the task). */
  reuse(node: CompiledNode, inputs: Record<string, unknown>): this {
    this.node = node;
    this.#data = inputs;
    this.next = undefined;
    return this;
  }
  /** Makes a kept task (see {@link detach}) the task of a visit of another run. */
  reattach(run: TaskOwner, node: CompiledNode, inputs: Record<string, unknown>): this {
    this.run = run;
    return this.reuse(node, inputs);
  }
  /** A reaped task of a completed run, to be kept for another run: it lets go of the run. */
  detach(): this {
    this.run = DETACHED;
    this.next = undefined;
    this.#data = undefined;
    return this;
  }
  /** The consumed inputs, once, when the call starts. */
  takeInputs(): Record<string, unknown> {
    const inputs = this.#data!;
    this.#data = undefined;
    return inputs;
  }
  /** What the pipeline reports for the finished visit (undefined before, or after a failure). */
  get pruned(): Record<string, unknown> | undefined {
    return this.#data;
  }
  /** Drops the reported outputs once they were reaped. */
  clearPruned(): void {
    this.#data = undefined;
  }
  get failed(): boolean {
    return this.error !== NOT_FAILED;
  }
  /** The run holds the permits: a getter, so that the task needs no field for it. */
  get settled(): CallSettled {
    return this.run;
  }
  callDone(pruned: Record<string, unknown>): void {
    this.#data = pruned;
    this.run.settle(this, true);
  }
  callFailed(error: unknown): void {
    this.error = this.run.fail(error);
    this.run.settle(this, false);
  }
}
