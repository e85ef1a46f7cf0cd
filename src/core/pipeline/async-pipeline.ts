import type { AnyComponent } from '../component/component.js';
import { ComponentPriority } from './component-checks.js';
import type { CompiledNode } from './compiled-graph.js';
import { consumeInputs } from './consume-inputs.js';
import type { AddComponentOptions } from '../workers/executor-options.js';
import { PipelineBase, type ComponentMap, type PipelineData, type PipelineResult, type WithComponent } from './pipeline-base.js';
import { resolveConcurrencyLimit, resolveRunOptions, type AsyncRunOptions } from './pipeline-options.js';
import type { RunOptionsFor } from './typed-names.js';
import { withComponentLog } from './component-logging.js';
import { invokeComponent, resolveComponentTimeouts } from './component-timeout.js';
import { checkOutputs, componentFailure, isPromiseLike } from './run-component.js';
import { abortReason, createRunSignal } from './run-signal.js';
import { PriorityCache, assertNotBlockedAtStart, fillQueue, hasKeys, nextRunnable, tiebreakDeferred, warnIfBlocked } from './scheduling.js';
import { writeOutputs } from './write-outputs.js';
import { named } from '../../errors.js';
import { startStream, type PipelineStreamHandle } from './stream.js';
import type { StreamOptions } from './stream-options.js';
import { tracePipelineRun } from '../tracing/pipeline-spans.js';

/** A scheduled component: settled once its run and output distribution are over. */
interface Task {
  readonly node: CompiledNode;
  pruned: Record<string, unknown> | undefined;
  failed: boolean;
  error: unknown;
}

/** Why in-flight components are aborted when the run stops early (a failure, an abandoned generator). */
function cancellation(): DOMException {
  return new DOMException('AsyncPipeline: the run was stopped (a component failed or the iteration was abandoned).', 'AbortError');
}

/**
 * Haystack's `AsyncPipeline`: every component that is ready runs concurrently (up to
 * `concurrencyLimit` at a time), with Haystack's scheduling: the priority queue is recomputed
 * after each completion, greedy-variadic components (HIGHEST) run alone after in-flight work is
 * drained, and deferred components run only when nothing else can.
 *
 * A component's `runAsync` is preferred; a component with only `run` is called on the event loop.
 *
 * @example
 * const pipeline = new AsyncPipeline()
 *   .addComponent('a', new Waiting({ seconds: 1 }))
 *   .addComponent('b', new Waiting({ seconds: 2 }));
 * for await (const partial of pipeline.runAsyncGenerator({ a: { input: 1 }, b: { input: 2 } })) {
 *   console.log(partial); // { a: {...} }, then { b: {...} }, then the final outputs
 * }
 */
export class AsyncPipeline<C extends ComponentMap = {}> extends PipelineBase<C> {
  static {
    named(this, 'AsyncPipeline'); // messages say `AsyncPipeline.run: …` even when minified
  }
  override addComponent<N extends string, X extends AnyComponent>(name: N, instance: X, options?: AddComponentOptions): AsyncPipeline<WithComponent<C, N, X>> {
    super.addComponent(name, instance, options);
    return this as never;
  }

  /**
   * Runs the pipeline concurrently and resolves with the final outputs (Haystack's `run_async`).
   * @throws as {@link AsyncPipeline.runAsyncGenerator}
   */
  async runAsync(data: PipelineData<C>, options?: RunOptionsFor<C, AsyncRunOptions>): Promise<PipelineResult<C>> {
    let last: PipelineResult<C> | undefined;
    for await (const item of this.#generate(data, options, `${this.constructor.name}.runAsync`, false)) last = item;
    return last ?? ({} as PipelineResult<C>);
  }

  /**
   * Same as {@link AsyncPipeline.runAsync}, with the arguments of `Pipeline.run`: the concurrent
   * algorithm, not the sequential one (as Haystack's `AsyncPipeline.run`).
   */
  run(data: PipelineData<C>, options?: RunOptionsFor<C, AsyncRunOptions>): Promise<PipelineResult<C>> {
    return this.runAsync(data, options);
  }

  /**
   * Runs the pipeline and yields `{ name: outputs }` each time a component finishes with outputs
   * nobody consumed (or any outputs, when included), then the final outputs, as Haystack's
   * `run_async_generator`. New components are scheduled only while the consumer iterates.
   * Breaking out of the loop aborts and awaits the components still running.
   *
   * Errors surface on iteration: PipelineValidationError, PipelineComponentsBlockedError,
   * PipelineRuntimeError (in-flight siblings are aborted and awaited first),
   * PipelineMaxComponentRuns, or the signal's reason when aborted.
   */
  runAsyncGenerator(data: PipelineData<C>, options?: RunOptionsFor<C, AsyncRunOptions>): AsyncGenerator<PipelineResult<C>, void, undefined> {
    return this.#generate(data, options, `${this.constructor.name}.runAsyncGenerator`, true);
  }

  /**
   * Runs the pipeline and returns a handle streaming the `StreamingChunk`s of its streaming
   * components as they arrive (Haystack 3.x's `stream`); `handle.result` holds the final outputs
   * once the iteration ends. See {@link PipelineStreamHandle} and docs/pipelines.md.
   *
   * @throws PipelineValidationError at once for bad stream options or an unknown or non-streaming
   *   name in `streamingComponents`; every other error surfaces on iteration, as with
   *   {@link AsyncPipeline.runAsyncGenerator}
   * @example
   * const handle = pipeline.stream({ prompt: { question } }, { streamingComponents: ['llm'] });
   * for await (const chunk of handle) process.stdout.write(chunk.content);
   * console.log(handle.result.llm?.replies);
   */
  stream(data: PipelineData<C>, options?: StreamOptions): PipelineStreamHandle<PipelineResult<C>> {
    const where = 'AsyncPipeline.stream';
    return startStream<PipelineResult<C>>(
      {
        components: this.compiled().nodes.map((n) => [n.name, n.instance] as const),
        prepare: (d, w) => this.prepareInputData(d, w),
        run: (d, o) => this.runAsync(d as PipelineData<C>, o),
      },
      data,
      options,
      where,
    );
  }

  #generate(
    data: PipelineData<C>,
    options: AsyncRunOptions | undefined,
    where: string,
    partials: boolean,
  ): AsyncGenerator<PipelineResult<C>, void, undefined> {
    // Tracing hook (span haystack.pipeline.run); a direct call when tracing is off.
    return tracePipelineRun(this, data, 'async', () => this.#generateUntraced(data, options, where, partials));
  }

  async *#generateUntraced(
    data: PipelineData<C>,
    options: AsyncRunOptions | undefined,
    where: string,
    partials: boolean,
  ): AsyncGenerator<PipelineResult<C>, void, undefined> {
    const { include, signal } = resolveRunOptions(options, where);
    const limit = resolveConcurrencyLimit(options?.concurrencyLimit, where);
    signal?.throwIfAborted();
    await this.warmUp();
    signal?.throwIfAborted();
    const { graph, state } = this.prepareRun(data, where);
    const timeouts = resolveComponentTimeouts(options?.componentTimeouts, graph, where);
    const nodes = graph.nodes;
    const visits = new Array<number>(nodes.length).fill(0);
    const scheduled = new Uint8Array(nodes.length);
    const outputs: Record<string, Record<string, unknown>> = {};
    const logger = this.logger;
    const maxRuns = this.maxRunsPerComponent;
    const cache = new PriorityCache(nodes.length);
    assertNotBlockedAtStart(fillQueue(graph, state, visits, cache), where);

    const run = createRunSignal(signal);
    // Scheduler state: tasks not yet reaped, finished tasks waiting to be reaped, a wake-up hook.
    let inFlight = 0;
    let unsettled = 0;
    const done: Task[] = [];
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    run.onAbort = notify;
    const sleep = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));
    // The concurrency limit: a FIFO semaphore gating only the component call.
    let permits = limit;
    const waiters: (() => void)[] = [];
    let waitersHead = 0;
    const release = (): void => {
      if (waitersHead < waiters.length) waiters[waitersHead++]!();
      else permits++;
    };

    // The first failure: recorded at once and the run's signal aborted, so siblings in flight are
    // cancelled and components still waiting for a permit never start.
    let failure = undefined as { readonly error: unknown } | undefined;
    const fail = (error: unknown): unknown => {
      if (!run.signal.aborted) {
        failure = { error };
        run.controller.abort(cancellation());
      }
      return error;
    };
    /** A component's own failure, or the abort that interrupted it, as the run's failure. */
    const failed = (node: CompiledNode, error: unknown): unknown =>
      fail(run.signal.aborted ? abortReason(run.signal) : componentFailure(where, node, error, outputs));
    const throwIfStopped = (): void => {
      if (failure !== undefined) throw failure.error;
      if (run.signal.aborted) throw abortReason(run.signal);
    };

    const execute = async (node: CompiledNode, inputs: Record<string, unknown>): Promise<Record<string, unknown>> => {
      // Like an asyncio task, start on a later tick: the scheduling loop sees permits taken by earlier tasks only.
      await undefined;
      if (permits > 0) permits--;
      else await new Promise<void>((resolve) => waiters.push(resolve));
      let result: unknown;
      try {
        if (run.signal.aborted) throw abortReason(run.signal);
        result = withComponentLog(logger, node, visits[node.index]! + 1, () => invokeComponent(node, inputs, run.signal, true, timeouts?.[node.index], where, outputs));
        if (isPromiseLike(result)) result = await result;
      } catch (error) {
        release();
        throw failed(node, error);
      }
      release();
      try {
        return finish(node, result);
      } catch (error) {
        throw fail(error);
      }
    };

    const finish = (node: CompiledNode, result: unknown): Record<string, unknown> => {
      visits[node.index]!++;
      cache.markRun(node);
      const checked = checkOutputs(where, node, result, logger, outputs);
      const included = include.has(node.name);
      const pruned = writeOutputs(graph, node, checked, state, included, where, outputs);
      if (included || hasKeys(pruned)) outputs[node.name] = pruned;
      return pruned;
    };

    const schedule = (node: CompiledNode): void => {
      if (scheduled[node.index] === 1) return;
      scheduled[node.index] = 1;
      // Inputs are consumed now, at scheduling time, even if the call waits for a permit.
      const inputs = consumeInputs(node, state, where);
      cache.mark(node);
      const task: Task = { node, pruned: undefined, failed: false, error: undefined };
      inFlight++;
      unsettled++;
      execute(node, inputs).then(
        (pruned) => {
          task.pruned = pruned;
          scheduled[node.index] = 0;
          settle(task);
        },
        (error: unknown) => {
          task.failed = true;
          task.error = error;
          settle(task);
        },
      );
    };
    const settle = (task: Task): void => {
      unsettled--;
      done.push(task);
      notify();
    };

    /** Waits until at least one task finished (or the caller aborts), then reaps every finished one. */
    const reap = async (): Promise<PipelineResult<C>[] | undefined> => {
      while (done.length === 0 && !run.signal.aborted) await sleep();
      let yields: PipelineResult<C>[] | undefined;
      while (done.length > 0) {
        const task = done.shift()!;
        inFlight--;
        scheduled[task.node.index] = 0;
        if (task.failed) throw failure !== undefined ? failure.error : task.error;
        if (partials && task.pruned !== undefined && hasKeys(task.pruned)) {
          (yields ??= []).push({ [task.node.name]: { ...task.pruned } } as PipelineResult<C>);
        }
      }
      return yields;
    };

    let completed = false;
    try {
      for (;;) {
        throwIfStopped();
        const queue = fillQueue(graph, state, visits, cache);
        const candidate = nextRunnable(queue, visits, maxRuns, where);
        if ((candidate === undefined || candidate[0] === ComponentPriority.BLOCKED) && inFlight > 0) {
          const ys = await reap();
          if (ys) for (const y of ys) yield y;
          continue;
        }
        if (candidate === undefined) break;
        let [priority, node] = candidate;
        if (priority === ComponentPriority.BLOCKED) {
          warnIfBlocked(graph, queue, state, visits, outputs, logger, where);
          break;
        }
        if (scheduled[node.index] === 1) {
          // Haystack waits for a completion here, so a running component that still sorts first holds
          // back unrelated ready work. Looking past in-flight entries changes only timing: whatever is
          // picked is runnable now in Haystack's own terms, and results do not depend on start times.
          const next = nextNotScheduled(queue, scheduled, visits, maxRuns, where);
          if (next === undefined || next[0] !== ComponentPriority.READY) {
            const ys = await reap();
            if (ys) for (const y of ys) yield y;
            continue;
          }
          [priority, node] = next;
        }
        if (priority === ComponentPriority.HIGHEST) {
          // Greedy components run alone: drain everything in flight, then run inline.
          while (inFlight > 0) {
            const ys = await reap();
            if (ys) for (const y of ys) yield y;
            throwIfStopped();
          }
          const inputs = consumeInputs(node, state, where);
          cache.mark(node);
          let result: unknown;
          try {
            result = withComponentLog(logger, node, visits[node.index]! + 1, () => invokeComponent(node, inputs, run.signal, true, timeouts?.[node.index], where, outputs));
            if (isPromiseLike(result)) result = await result;
          } catch (error) {
            throw failed(node, error);
          }
          const pruned = finish(node, result);
          if (partials && (hasKeys(pruned) || include.has(node.name))) yield { [node.name]: { ...pruned } } as PipelineResult<C>;
          continue;
        }
        if (priority === ComponentPriority.READY) {
          schedule(node);
          while (queue.size > 0 && permits > 0) {
            const top = queue.peek()!;
            if (top[0] !== ComponentPriority.READY) break;
            queue.pop();
            schedule(top[1]);
          }
        } else if (inFlight === 0) {
          if (queue.size > 0) node = tiebreakDeferred(graph, node, queue);
          schedule(node);
        }
        const ys = await reap();
        if (ys) for (const y of ys) yield y;
      }
      completed = true;
      yield outputs as PipelineResult<C>;
    } finally {
      if (!completed || unsettled > 0) {
        // A failure, an abort or an abandoned iteration: cancel what is in flight and wait for it.
        if (!run.signal.aborted) run.controller.abort(cancellation());
        while (unsettled > 0) await sleep();
      }
      run.onAbort = undefined;
      run.dispose();
    }
  }
}

/** Pops queue entries until one is not already in flight; applies the max-runs check to it. */
function nextNotScheduled(
  queue: Parameters<typeof nextRunnable>[0],
  scheduled: Uint8Array,
  visits: ArrayLike<number>,
  maxRuns: number,
  where: string,
): ReturnType<typeof nextRunnable> {
  for (let top = queue.peek(); top !== undefined; top = queue.peek()) {
    if (scheduled[top[1].index] !== 1) return nextRunnable(queue, visits, maxRuns, where);
    queue.pop();
  }
  return undefined;
}
