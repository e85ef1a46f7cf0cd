import type { CompiledNode } from './compiled-graph.js';
import type { CallSettled, CallSink } from './run-state.js';

/** What a task reports to: its run (async-run.ts), which also holds the permits a call releases. */
export interface TaskOwner extends CallSettled {
  /** Records the run's first failure (cancelling the components in flight); returns the error to report. */
  fail(error: unknown): unknown;
  /** The task's call and output distribution are over. */
  settle(task: Task, succeeded: boolean): void;
}

/**
 * A scheduled component: settled once its run and output distribution are over. It is its own
 * {@link CallSink}, so a component in flight costs this object and the callbacks on its promise.
 */
export class Task implements CallSink {
  readonly node: CompiledNode;
  readonly run: TaskOwner;
  /** The consumed inputs, until the call starts. */
  inputs: Record<string, unknown> | undefined;
  pruned: Record<string, unknown> | undefined = undefined;
  failed = false;
  error: unknown = undefined;
  /** The next finished task, in the run's list of tasks to reap. */
  next: Task | undefined = undefined;
  constructor(run: TaskOwner, node: CompiledNode, inputs: Record<string, unknown>) {
    this.run = run;
    this.node = node;
    this.inputs = inputs;
  }
  /** The run holds the permits: a getter, so that the task needs no field for it. */
  get settled(): CallSettled {
    return this.run;
  }
  callDone(pruned: Record<string, unknown>): void {
    this.pruned = pruned;
    this.run.settle(this, true);
  }
  callFailed(error: unknown): void {
    this.failed = true;
    this.error = this.run.fail(error);
    this.run.settle(this, false);
  }
}
