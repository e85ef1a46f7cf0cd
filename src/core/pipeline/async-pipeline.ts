import type { AnyComponent } from '../component/component.js';
import type { AddComponentOptions } from '../workers/executor-options.js';
import { AsyncRun, DONE, WAIT, type AsyncRunInit } from './async-run.js';
import { callsHooked } from './run-state.js';
import { resolveComponentTimeouts } from './component-timeout.js';
import { PipelineBase, type ComponentMap, type PipelineData, type PipelineResult, type WithComponent } from './pipeline-base.js';
import { resolveConcurrencyLimit, resolveRunOptions, type AsyncRunOptions } from './pipeline-options.js';
import type { RunOptionsFor } from './typed-names.js';
import { named } from '../../errors.js';
import { startStream, type PipelineStreamHandle } from './stream.js';
import type { StreamOptions } from './stream-options.js';
import { tracePipelineRun, tracePipelineRunPromise } from '../tracing/pipeline-spans.js';
import { activeTracer } from '../tracing/tracer.js';

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
  /** The settings of the last run started without timeouts, for the next run started alike. */
  #settings: AsyncRunInit | undefined;
  /** The API location of `runAsync`'s errors. */
  #runAsyncWhere: string | undefined;
  override addComponent<N extends string, X extends AnyComponent>(name: N, instance: X, options?: AddComponentOptions): AsyncPipeline<WithComponent<C, N, X>> {
    super.addComponent(name, instance, options);
    return this as never;
  }

  /**
   * Runs the pipeline concurrently and resolves with the final outputs (Haystack's `run_async`).
   * @throws as {@link AsyncPipeline.runAsyncGenerator}
   */
  runAsync(data: PipelineData<C>, options?: RunOptionsFor<C, AsyncRunOptions>): Promise<PipelineResult<C>> {
    // Tracing hook (span haystack.pipeline.run); without a tracer, a direct call and no closure per run.
    if (activeTracer() === undefined) return this.#runAsyncUntraced(data, options);
    return this.#runAsyncTraced(data, options);
  }

  /** In a method of its own: a closure here would make `runAsync` allocate its context on every call. */
  #runAsyncTraced(data: PipelineData<C>, options: AsyncRunOptions | undefined): Promise<PipelineResult<C>> {
    return tracePipelineRunPromise(this, data, 'async', () => this.#runAsyncUntraced(data, options));
  }

  #runAsyncUntraced(data: PipelineData<C>, options: AsyncRunOptions | undefined): Promise<PipelineResult<C>> {
    // The generator's loop without its yields, driven by callbacks (AsyncRun.toCompletion): no
    // partials are collected, and no async generator or async function is suspended per run.
    // Built once: a template string is a new string per run.
    const where = (this.#runAsyncWhere ??= `${this.constructor.name}.runAsync`);
    let resolved: ResolvedAsyncRunOptions;
    let run: AsyncRun;
    try {
      resolved = resolveAsyncRunOptions(options, where);
      resolved.signal?.throwIfAborted();
      if (this.needsWarmUp()) return this.#warmUpThenRun(data, options, resolved, where);
      run = this.#start(data, options, resolved, where, false);
    } catch (error) {
      return Promise.reject(error);
    }
    return run.toCompletion() as Promise<PipelineResult<C>>;
  }

  async #warmUpThenRun(data: PipelineData<C>, options: AsyncRunOptions | undefined, resolved: ResolvedAsyncRunOptions, where: string): Promise<PipelineResult<C>> {
    await this.warmUp();
    return this.#start(data, options, resolved, where, false).toCompletion() as Promise<PipelineResult<C>>;
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
        generate: (d, o) => this.runAsyncGenerator(d as PipelineData<C>, o),
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
    const resolved = resolveAsyncRunOptions(options, where);
    resolved.signal?.throwIfAborted();
    if (this.needsWarmUp()) await this.warmUp();
    const run = this.#start(data, options, resolved, where, partials);
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
      const stopping = stop(run, completed);
      if (stopping !== undefined) await stopping;
    }
  }

  /** Validates the data and opens the run (after the warm-up, if any was needed). */
  #start(data: PipelineData<C>, options: AsyncRunOptions | undefined, resolved: ResolvedAsyncRunOptions, where: string, partials: boolean): AsyncRun {
    const { include, signal, concurrencyLimit } = resolved;
    signal?.throwIfAborted();
    const { graph, state } = this.prepareRun(data, where);
    const timeouts = resolveComponentTimeouts(options?.componentTimeouts, graph, where);
    const maxRuns = this.maxRunsPerComponent;
    const logger = this.logger;
    const hooked = callsHooked(logger);
    // Runs started alike share one settings object (thousands may be in flight at once).
    let settings = this.#settings;
    if (
      settings === undefined ||
      settings.graph !== graph ||
      settings.include !== include ||
      settings.timeouts !== timeouts ||
      settings.logger !== logger ||
      settings.where !== where ||
      settings.maxRuns !== maxRuns ||
      settings.concurrencyLimit !== concurrencyLimit ||
      settings.partials !== partials ||
      settings.hooked !== hooked
    ) {
      settings = Object.freeze({ graph, include, timeouts, logger, where, maxRuns, concurrencyLimit, partials, preferAsync: true, hooked });
      // Only settings without per-call parts are kept: a run with its own timeouts shares nothing.
      if (timeouts === undefined) this.#settings = settings;
    }
    const run = new AsyncRun(settings, state);
    run.assertStartable();
    run.open(signal);
    return run;
  }
}

interface ResolvedAsyncRunOptions {
  readonly include: ReadonlySet<string>;
  readonly signal: AbortSignal | undefined;
  readonly concurrencyLimit: number;
}

/** What no options resolve to: shared, so that a run without options allocates none. */
let defaults: ResolvedAsyncRunOptions | undefined;

function resolveAsyncRunOptions(options: AsyncRunOptions | undefined, where: string): ResolvedAsyncRunOptions {
  if (options === undefined) return (defaults ??= Object.freeze(resolveAsyncRunOptions({}, where)));
  const { include, signal } = resolveRunOptions(options, where);
  return { include, signal, concurrencyLimit: resolveConcurrencyLimit(options?.concurrencyLimit, where) };
}

/**
 * The end of a run: after a failure, an abort or an abandoned iteration, cancel what is in flight
 * and wait for it (a promise); otherwise just close (undefined: a finished run pays no extra tick).
 */
function stop(run: AsyncRun, completed: boolean): Promise<void> | undefined {
  if (!completed || run.unsettled > 0) return cancelAndClose(run);
  run.close();
  run.recycle();
  return undefined;
}

async function cancelAndClose(run: AsyncRun): Promise<void> {
  run.cancel();
  await run.quiesce();
  run.close();
}

/** Waits for at least one component to finish, then yields the partials of all that did. */
async function* drain<C extends ComponentMap>(run: AsyncRun): AsyncGenerator<PipelineResult<C>, void, undefined> {
  await run.settled();
  const partials = run.reap();
  if (partials !== undefined) yield* partials as PipelineResult<C>[];
}
