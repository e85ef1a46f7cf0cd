import type { AnyComponent } from '../component/component.js';
import { ComponentPriority } from './component-checks.js';
import type { AddComponentOptions } from '../workers/executor-options.js';
import { AsyncPipeline } from './async-pipeline.js';
import type { ComponentMap, PipelineData, PipelineResult, WithComponent } from './pipeline-base.js';
import { resolveRunOptions, type RunOptions } from './pipeline-options.js';
import type { RunOptionsFor } from './typed-names.js';
import { resolveComponentTimeouts } from './component-timeout.js';
import { isPromiseLike } from './promise-like.js';
import { RunState, callsHooked } from './run-state.js';
import { assertNotBlockedAtStart, popRunnable, tiebreakDeferred, warnIfBlocked, type Queue } from './scheduling.js';
import { named } from '../../errors.js';
import { tracePipelineRunPromise } from '../tracing/pipeline-spans.js';

/**
 * Haystack's sequential `Pipeline`: components run one at a time, in the order of Haystack's
 * priority queue, which is refilled only when it has nothing runnable left.
 *
 * Components may be async: `run` returns a promise. The sequential engine always calls `run`
 * (never `runAsync`), as Haystack's `Pipeline.run` does.
 *
 * As in Haystack 3.x, the same class also runs concurrently: `runAsync`, `runAsyncGenerator` (and
 * whatever else the concurrent engine offers) are inherited from {@link AsyncPipeline}, which is
 * the engine itself and keeps its 2.x name; only `run` is sequential here. So a `Pipeline` is an
 * `AsyncPipeline` whose `run` is the sequential algorithm.
 *
 * @example
 * const pipeline = new Pipeline()
 *   .addComponent('add', new AddFixedValue({ add: 2 }))
 *   .addComponent('double', new Double())
 *   .connect('add.result', 'double.value');
 * const result = await pipeline.run({ add: { value: 1 } }); // { double: { value: 6 } }
 */
export class Pipeline<C extends ComponentMap = {}> extends AsyncPipeline<C> {
  static {
    named(this, 'Pipeline'); // messages say `Pipeline.run: …` even when minified
  }
  override addComponent<N extends string, X extends AnyComponent>(name: N, instance: X, options?: AddComponentOptions): Pipeline<WithComponent<C, N, X>> {
    super.addComponent(name, instance, options);
    return this as never;
  }

  /**
   * Runs the pipeline (Haystack's `Pipeline.run`).
   *
   * @param data by component (`{ comp: { socket: value } }`) or by socket name (`{ socket: value }`)
   * @returns per component, its unconnected outputs (all outputs for `includeOutputsFrom` components)
   * @throws PipelineValidationError for bad data; PipelineComponentsBlockedError when nothing can run;
   *   PipelineRuntimeError when a component fails; PipelineMaxComponentRuns; the signal's reason when aborted
   */
  override run(data: PipelineData<C>, options?: RunOptionsFor<C, RunOptions>): Promise<PipelineResult<C>> {
    // Tracing hook (span haystack.pipeline.run); a direct call when tracing is off.
    return tracePipelineRunPromise(this, data, 'sync', () => this.#runUntraced(data, options));
  }

  async #runUntraced(data: PipelineData<C>, options?: RunOptionsFor<C, RunOptions>): Promise<PipelineResult<C>> {
    const where = 'Pipeline.run';
    const { include, signal: callerSignal } = resolveRunOptions(options, where);
    callerSignal?.throwIfAborted();
    if (this.needsWarmUp()) {
      await this.warmUp();
      callerSignal?.throwIfAborted();
    }
    const { graph, state } = this.prepareRun(data, where);
    const timeouts = resolveComponentTimeouts(options?.componentTimeouts, graph, where);
    const logger = this.logger;
    const run = new RunState({ graph, include, timeouts, logger, where, preferAsync: false, hooked: callsHooked(logger) }, state);
    let queue: Queue = run.fill();
    assertNotBlockedAtStart(queue, where);
    run.open(callerSignal);
    try {
      for (;;) {
        if (run.aborted) throw run.abortReason;
        const priority = queue.topPriority();
        let node = popRunnable(queue, run.counters, this.maxRunsPerComponent, where);
        if (node === undefined) break;
        if (priority === ComponentPriority.BLOCKED) {
          warnIfBlocked(graph, queue, state, run.counters, run.outputs, logger, where);
          break;
        }
        if (priority === ComponentPriority.DEFER && queue.size > 0) node = tiebreakDeferred(graph, node, queue);
        const done = run.invoke(node, run.consume(node));
        if (isPromiseLike(done)) await done;
        const top = queue.topPriority();
        if (top === undefined || top > ComponentPriority.READY) queue = run.fill(queue);
      }
    } finally {
      run.close();
    }
    // Completed, with nothing in flight: the next run of this graph, of either engine, reuses them.
    run.giveArrays();
    return run.outputs as PipelineResult<C>;
  }
}
