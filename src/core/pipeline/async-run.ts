import { ComponentPriority, PRIORITY_LEVELS } from './component-checks.js';
import { FIFOPriorityQueue } from './priority-queue.js';
import type { CompiledNode, ComponentInputs } from './compiled-graph.js';
import { Fifo } from './fifo.js';
import { isPromiseLike } from './promise-like.js';
import { Task, type TaskOwner } from './async-task.js';
import { RunState } from './run-state.js';
import { sparesOf } from './run-spares.js';
import { cancellation, later, newRareState, promiseThen as then, type AsyncRunInit, type Partial, type Plan, type RareState, DONE, WAIT } from './async-run-support.js';
import { FLAGS, IN_FLIGHT_FLAG, assertNotBlockedAtStart, popRunnable, tiebreakDeferred, warnIfBlocked, hasKeys, type Queue } from './scheduling.js';

export { DONE, WAIT, type AsyncRunInit, type Partial, type Plan } from './async-run-support.js';

/** The deferred starts and resumptions (see `later`), and their callbacks, which take the oldest item. */
const STARTING = new Fifo<Task>();
const RESUMING = new Fifo<AsyncRun>();
let startNext: () => void;
let resumeNext: () => void;
/** The run whose {@link AsyncRun.toCompletion} is making its promise (the executor runs at once). */
let OPENING: AsyncRun | undefined;
let openRun: (resolve: (outputs: Partial) => void, reject: (error: unknown) => void) => void;

const SCRATCH: Queue = new FIFOPriorityQueue<CompiledNode>(PRIORITY_LEVELS);
let planning = false;

/**
 * The scheduler of one `AsyncPipeline` run (Haystack's `AsyncPipeline.run_async_generator` loop):
 * what can start now is started by {@link plan}; the engine awaits completions with
 * {@link settled} and collects them with {@link reap}. Every component goes through the shared run
 * step of {@link RunState}.
 */
export class AsyncRun extends RunState implements TaskOwner {
  // Helper methods are TypeScript-private, not `#`: a class with `#` methods or accessors gives each
  // instance a brand slot (8 bytes), and thousands of runs may be in flight. Fields may be `#`.
  /**
   * The concurrency limit's permits (a FIFO counting semaphore, like asyncio's `Semaphore`), kept
   * in the run rather than in an object of their own: the run is what a call's `settled` releases.
   */
  #free: number;
  /** Tasks not yet reaped. */
  inFlight = 0;
  /** Tasks whose call or output distribution is still going on. */
  unsettled = 0;
  /** Finished tasks waiting to be reaped, oldest first (a list through `Task.next`, no array per run). */
  #done: Task | undefined;
  #doneLast: Task | undefined;
  /** Reaped tasks, for the next components to reuse (through `Task.next`). */
  #spare: Task | undefined;
  /** The driver of {@link toCompletion} waits for a completion: the next notify resumes it. */
  #waiting = false;
  /** How {@link toCompletion}'s promise settles. */
  #resolve: ((outputs: Partial) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  /** What few runs need (see {@link RareState}), made on first use. */
  #rare: RareState | undefined;

  /** @param init `preferAsync` is taken as true whatever it says (this is the async engine) */
  constructor(init: AsyncRunInit, state: ComponentInputs[]) {
    super(init.preferAsync === true ? init : { ...init, preferAsync: true }, state);
    this.#free = init.concurrencyLimit;
  }

  /** Takes a permit: at once (undefined) when one is free, else a promise that resolves in turn. */
  private acquire(): Promise<void> | undefined {
    if (this.#free > 0) {
      this.#free--;
      return undefined;
    }
    return this.queueForPermit();
  }

  // Closures live in methods of their own when they are made only on a rare path: in the method
  // that needs them only sometimes, they would cost a context on every call.
  private queueForPermit(): Promise<void> {
    const rare = this.rareState();
    return new Promise<void>((resolve) => (rare.waiters ??= new Fifo()).push(resolve));
  }

  private rareState(): RareState {
    return (this.#rare ??= newRareState());
  }

  /** Gives a permit back (a component's call is over): to the longest waiter, if any, else to the pool. */
  release(): void {
    const next = this.#rare?.waiters?.shift();
    if (next !== undefined) next();
    else this.#free++;
  }

  // Read from the settings rather than copied into every run.
  /** Whether the component is scheduled and not yet reaped (its in-flight flag in the run's counters). */
  private isScheduled(node: CompiledNode): boolean {
    return (this.counters[FLAGS * this.size + node.index]! & IN_FLIGHT_FLAG) !== 0;
  }

  private setScheduled(node: CompiledNode, scheduled: boolean): void {
    const at = FLAGS * this.size + node.index;
    if (scheduled) this.counters[at]! |= IN_FLIGHT_FLAG;
    else this.counters[at]! &= ~IN_FLIGHT_FLAG;
  }

  private get maxRuns(): number {
    return (this.settings as AsyncRunInit).maxRuns;
  }

  private get partials(): boolean {
    return (this.settings as AsyncRunInit).partials;
  }

  protected override onCallerAbort(): void {
    this.notify();
  }

  private notify(): void {
    if (this.#waiting) {
      this.#waiting = false;
      later(RESUMING, this, resumeNext);
      return;
    }
    const rare = this.#rare;
    if (rare === undefined) return;
    const wake = rare.wake;
    rare.wake = undefined;
    wake?.();
  }

  private sleep(): Promise<void> {
    const rare = this.rareState();
    return new Promise<void>((resolve) => (rare.wake = resolve));
  }

  /** Records the run's first failure and cancels the components in flight. */
  fail(error: unknown): unknown {
    if (!this.aborted) {
      this.rareState().failure = { error };
      this.abort(cancellation());
    }
    return error;
  }

  /** Aborts the run's signal (if nothing did yet), so components in flight stop. */
  cancel(): void {
    if (!this.aborted) this.abort(cancellation());
  }

  throwIfStopped(): void {
    const failure = this.#rare?.failure;
    if (failure !== undefined) throw failure.error;
    if (this.aborted) throw this.abortReason;
  }

  /**
   * Starts what can run now, in Haystack's order: the greedy (HIGHEST) component is handed back to
   * run alone once nothing is in flight; otherwise READY components are started while permits
   * last, or the deferred one when nothing else runs.
   * @returns WAIT (await a completion, then plan again), DONE, or the component to run alone
   */
  plan(): Plan {
    this.throwIfStopped();
    // The queue lives only while plan() runs, so every run shares one (the run's own if plan() is
    // re-entered, e.g. from a value's CLONE hook starting another run): a queue is five arrays.
    if (planning) return this.planFrom(this.ownQueue());
    planning = true;
    try {
      return this.planFrom(this.fill(SCRATCH));
    } finally {
      planning = false;
    }
  }

  /** The run's own queue, filled: only when plan() is re-entered, so it lives in the rare state. */
  private ownQueue(): Queue {
    const rare = this.rareState();
    return (rare.queue = this.fill(rare.queue));
  }

  /** PipelineComponentsBlockedError when every component is blocked before anything ran. */
  assertStartable(): void {
    if (planning) return assertNotBlockedAtStart(this.ownQueue(), this.where);
    planning = true;
    try {
      assertNotBlockedAtStart(this.fill(SCRATCH), this.where);
    } finally {
      planning = false;
    }
  }

  private planFrom(queue: Queue): Plan {
    let priority = queue.topPriority();
    let node = popRunnable(queue, this.counters, this.maxRuns, this.where);
    if ((node === undefined || priority === ComponentPriority.BLOCKED) && this.inFlight > 0) return WAIT;
    if (node === undefined) return DONE;
    if (priority === ComponentPriority.BLOCKED) {
      warnIfBlocked(this.graph, queue, this.state, this.counters, this.outputs, this.logger, this.where);
      return DONE;
    }
    if (this.isScheduled(node)) {
      // Haystack waits for a completion here, so a running component that still sorts first holds
      // back unrelated ready work. Looking past in-flight entries changes only timing: whatever is
      // picked is runnable now in Haystack's own terms, and results do not depend on start times.
      this.skipScheduled(queue);
      priority = queue.topPriority();
      const next = popRunnable(queue, this.counters, this.maxRuns, this.where);
      if (next === undefined || priority !== ComponentPriority.READY) return WAIT;
      node = next;
    }
    if (priority === ComponentPriority.HIGHEST) return node;
    if (priority === ComponentPriority.READY) {
      this.schedule(node);
      while (queue.size > 0 && this.#free > 0) {
        if (queue.topPriority() !== ComponentPriority.READY) break;
        this.schedule(queue.popItem()!);
      }
    } else if (this.inFlight === 0) {
      if (queue.size > 0) node = tiebreakDeferred(this.graph, node, queue);
      this.schedule(node);
    }
    return WAIT;
  }

  /**
   * Runs a greedy component alone (nothing is in flight): the whole run step, inline.
   * @returns what to yield for it, if partials are collected
   */
  async runAlone(node: CompiledNode): Promise<Partial | undefined> {
    let pruned: Record<string, unknown>;
    try {
      const done = this.invoke(node, this.consume(node));
      pruned = isPromiseLike(done) ? await done : done;
    } catch (error) {
      throw this.fail(error);
    }
    if (this.partials && (hasKeys(pruned) || this.include.has(node.name))) return { [node.name]: { ...pruned } };
    return undefined;
  }

  /**
   * Resolves once at least one task finished, or the run was aborted; undefined when that is
   * already so. Only a finished task and the caller's abort wake the scheduler, so one wait suffices.
   */
  settled(): Promise<void> | undefined {
    if (this.#done !== undefined || this.aborted) return undefined;
    return this.sleep();
  }

  /**
   * Runs the loop of `runAsync` to its end (the generator's loop without its yields) and settles
   * with the outputs. Driven by callbacks rather than an async function: a run waiting for its
   * components holds no suspended frame, and a wait costs no promise. Every step happens on the
   * tick an `await` would give it (see the comments at each wait).
   */
  toCompletion(): Promise<Partial> {
    // A module-level executor (it takes the run from OPENING): no closure and context per run.
    OPENING = this;
    return new Promise<Partial>(openRun);
  }

  /** The loop from where it stopped: after a completion was awaited (`woken`), or from the start. */
  private advance(woken: boolean): void {
    try {
      if (woken) {
        this.reap();
        if (this.#rare?.greedy !== undefined) this.throwIfStopped();
      }
      for (;;) {
        const greedy = this.#rare?.greedy;
        if (greedy !== undefined) {
          // A greedy component runs alone: drain everything in flight, then run it inline.
          if (this.inFlight > 0) return this.waitForCompletion();
          this.#rare!.greedy = undefined;
          return this.runGreedy(greedy);
        }
        const plan = this.plan();
        if (plan === DONE) return this.finish(true, undefined);
        if (plan === WAIT) return this.waitForCompletion();
        this.rareState().greedy = plan;
      }
    } catch (error) {
      this.finish(false, error);
    }
  }

  private runGreedy(greedy: CompiledNode): void {
    // As `await run.runAlone(node)`: the loop goes on a tick after its promise settles.
    void then.call(
      this.runAlone(greedy),
      () => this.advance(false),
      (error: unknown) => this.finish(false, error),
    );
  }

  /** As `await run.settled()`: resumes a tick after the next completion (or at once, a tick later, if one is there). */
  private waitForCompletion(): void {
    if (this.#done !== undefined || this.aborted) later(RESUMING, this, resumeNext);
    else this.#waiting = true;
  }

  /** The `finally` of the loop: on a failure, cancel and await what is in flight, then settle. */
  private finish(completed: boolean, error: unknown): void {
    if (completed && this.unsettled === 0) {
      this.close();
      this.#resolve!(this.outputs);
      this.recycle();
      return;
    }
    this.settleAfterCancel(completed, error);
  }

  private settleAfterCancel(completed: boolean, error: unknown): void {
    const resolve = this.#resolve!;
    const reject = this.#reject!;
    void then.call(
      this.cancelAndClose(),
      () => (completed ? resolve(this.outputs) : reject(error)),
      reject,
    );
  }

  private async cancelAndClose(): Promise<void> {
    this.cancel();
    await this.quiesce();
    this.close();
  }

  /** Waits until every task's call and output distribution is over (after a cancel). */
  async quiesce(): Promise<void> {
    while (this.unsettled > 0) await this.sleep();
  }

  /**
   * Collects every finished task; throws the run's failure if one failed.
   * @returns the partials to yield, in completion order (undefined when none or not collected)
   */
  reap(): Partial[] | undefined {
    let yields: Partial[] | undefined;
    while (this.#done !== undefined) {
      const task = this.#done;
      this.#done = task.next;
      if (this.#done === undefined) this.#doneLast = undefined;
      task.next = undefined;
      this.inFlight--;
      this.setScheduled(task.node, false);
      if (task.failed) {
        const failure = this.#rare?.failure;
        throw failure !== undefined ? failure.error : task.error;
      }
      if (this.partials && task.pruned !== undefined && hasKeys(task.pruned)) {
        (yields ??= []).push({ [task.node.name]: { ...task.pruned } });
      }
      // Its promise has settled and nothing refers to it any more: the next schedule() reuses it.
      task.clearPruned();
      task.next = this.#spare;
      this.#spare = task;
    }
    return yields;
  }

  private schedule(node: CompiledNode): void {
    if (this.isScheduled(node)) return;
    this.setScheduled(node, true);
    // Inputs are consumed now, at scheduling time, even if the call waits for a permit.
    const inputs = this.consume(node);
    const spare = this.#spare;
    let task: Task;
    if (spare !== undefined) {
      this.#spare = spare.next;
      task = spare.reuse(node, inputs);
    } else {
      const kept = sparesOf(this.graph).takeTask();
      task = kept === undefined ? new Task(this, node, inputs) : kept.reattach(this, node, inputs);
    }
    this.inFlight++;
    this.unsettled++;
    // Like an asyncio task, start on a later tick: the scheduling loop sees permits taken by earlier tasks only.
    later(STARTING, task, startNext);
  }

  // The callbacks of `later` (module-level, so that they need no closure per run), with access to the private steps.
  static {
    startNext = () => {
      const task = STARTING.shift()!;
      (task.run as AsyncRun).start(task);
    };
    resumeNext = () => RESUMING.shift()!.advance(true);
    openRun = (resolve, reject) => {
      const run = OPENING!;
      OPENING = undefined;
      run.#resolve = resolve;
      run.#reject = reject;
      run.advance(false);
    };
  }

  /** A task's call: wait for a permit, then the run step, which reports to the task (never throws). */
  private start(task: Task): void {
    const wait = this.acquire();
    if (wait !== undefined) this.callAfter(wait, task);
    else this.callTask(task);
  }

  private callAfter(wait: Promise<void>, task: Task): void {
    void then.call(wait, () => this.callTask(task));
  }

  private callTask(task: Task): void {
    const inputs = task.takeInputs();
    if (this.aborted) {
      this.release();
      task.callFailed(this.abortReason);
      return;
    }
    this.invokeInto(inputs, task);
  }

  /** A task's call and output distribution are over: hand it to {@link reap}. */
  settle(task: Task, succeeded: boolean): void {
    if (succeeded) this.setScheduled(task.node, false);
    this.unsettled--;
    if (this.#doneLast === undefined) this.#done = task;
    else this.#doneLast.next = task;
    this.#doneLast = task;
    this.notify();
  }

  /**
   * After the run completed with every call settled (nothing is in flight, every task is reaped,
   * no callback of it is pending): its tasks, counters and input state go to the graph's spares for
   * the next runs. The outputs are the caller's and stay.
   */
  recycle(): void {
    const spares = sparesOf(this.graph);
    for (let task = this.#spare; task !== undefined; ) {
      const next = task.next;
      if (!spares.giveTask(task.detach())) break;
      task = next;
    }
    this.#spare = undefined;
    this.giveArrays();
  }

  /** Pops queue entries until the first one is not already in flight. */
  private skipScheduled(queue: Queue): void {
    for (let top = queue.topItem(); top !== undefined && this.isScheduled(top); top = queue.topItem()) queue.popItem();
  }
}
