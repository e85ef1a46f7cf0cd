import type { AnyComponent } from '../component/component.js';
import type { AddComponentOptions } from '../workers/executor-options.js';
import { AsyncRun, DONE, WAIT } from './async-run.js';
import { resolveComponentTimeouts } from './component-timeout.js';
import { PipelineBase, type ComponentMap, type PipelineData, type PipelineResult, type WithComponent } from './pipeline-base.js';
import { resolveConcurrencyLimit, resolveRunOptions, type AsyncRunOptions } from './pipeline-options.js';
import { assertNotBlockedAtStart } from './scheduling.js';

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
  override addComponent<N extends string, X extends AnyComponent>(name: N, instance: X, options?: AddComponentOptions): AsyncPipeline<WithComponent<C, N, X>> {
    super.addComponent(name, instance, options);
    return this as never;
  }

  /**
   * Runs the pipeline concurrently and resolves with the final outputs (Haystack's `run_async`).
   * @throws as {@link AsyncPipeline.runAsyncGenerator}
   */
  async runAsync(data: PipelineData<C>, options?: AsyncRunOptions): Promise<PipelineResult<C>> {
    let last: PipelineResult<C> | undefined;
    for await (const item of this.#generate(data, options, 'AsyncPipeline.runAsync', false)) last = item;
    return last ?? ({} as PipelineResult<C>);
  }

  /**
   * Same as {@link AsyncPipeline.runAsync}, with the arguments of `Pipeline.run`: the concurrent
   * algorithm, not the sequential one (as Haystack's `AsyncPipeline.run`).
   */
  run(data: PipelineData<C>, options?: AsyncRunOptions): Promise<PipelineResult<C>> {
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
  runAsyncGenerator(data: PipelineData<C>, options?: AsyncRunOptions): AsyncGenerator<PipelineResult<C>, void, undefined> {
    return this.#generate(data, options, 'AsyncPipeline.runAsyncGenerator', true);
  }

  async *#generate(
    data: PipelineData<C>,
    options: AsyncRunOptions | undefined,
    where: string,
    partials: boolean,
  ): AsyncGenerator<PipelineResult<C>, void, undefined> {
    const { include, signal } = resolveRunOptions(options, where);
    const concurrencyLimit = resolveConcurrencyLimit(options?.concurrencyLimit, where);
    signal?.throwIfAborted();
    await this.warmUp();
    signal?.throwIfAborted();
    const { graph, state } = this.prepareRun(data, where);
    const timeouts = resolveComponentTimeouts(options?.componentTimeouts, graph, where);
    const maxRuns = this.maxRunsPerComponent;
    const run = new AsyncRun({ graph, state, include, timeouts, logger: this.logger, where, maxRuns, concurrencyLimit, partials });
    assertNotBlockedAtStart(run.fill(), where);
    run.open(signal);
    let completed = false;
    try {
      for (let plan = run.plan(); plan !== DONE; plan = run.plan()) {
        if (plan === WAIT) {
          yield* drain<C>(run);
          continue;
        }
        // A greedy component runs alone: drain everything in flight, then run it inline.
        while (run.inFlight > 0) {
          yield* drain<C>(run);
          run.throwIfStopped();
        }
        const partial = await run.runAlone(plan);
        if (partial !== undefined) yield partial as PipelineResult<C>;
      }
      completed = true;
      yield run.outputs as PipelineResult<C>;
    } finally {
      if (!completed || run.unsettled > 0) {
        // A failure, an abort or an abandoned iteration: cancel what is in flight and wait for it.
        run.cancel();
        await run.quiesce();
      }
      run.close();
    }
  }
}

/** Waits for at least one component to finish, then yields the partials of all that did. */
async function* drain<C extends ComponentMap>(run: AsyncRun): AsyncGenerator<PipelineResult<C>, void, undefined> {
  await run.settled();
  const partials = run.reap();
  if (partials !== undefined) yield* partials as PipelineResult<C>[];
}
