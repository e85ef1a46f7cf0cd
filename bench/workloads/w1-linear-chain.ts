/**
 * W1 (WORKLOADS.md): a linear chain of n AddOne / AddOneAsync components; cost per component of the
 * engine compared with calling the components directly.
 */
import { AddOne, AddOneAsync } from '../lib/components.js';
import { expectOutput } from '../lib/check.js';
import { pipelineFor, type Mode } from '../lib/engine.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { chainName, recorder, type WorkloadOptions } from '../lib/workload.js';
import type { BenchRecord } from '../lib/record.js';
import type { AnyComponent } from '../../src/index.js';

export type ComponentKind = 'sync_only' | 'async_capable';

export interface W1Case {
  readonly components: number;
  readonly mode: Mode;
  readonly component_kind: ComponentKind;
}

/** The param sets of WORKLOADS.md W1, in its order. */
export const W1_CASES: readonly W1Case[] = [
  { components: 50, mode: 'run', component_kind: 'sync_only' },
  { components: 50, mode: 'run_async', component_kind: 'sync_only' },
  { components: 50, mode: 'run_async', component_kind: 'async_capable' },
  { components: 10, mode: 'run', component_kind: 'sync_only' },
  { components: 10, mode: 'run_async', component_kind: 'async_capable' },
  { components: 100, mode: 'run', component_kind: 'sync_only' },
  { components: 100, mode: 'run_async', component_kind: 'async_capable' },
];

export interface W1Options extends WorkloadOptions {
  readonly cases?: readonly W1Case[];
  readonly warmup?: number;
  readonly reps?: number;
  readonly bareReps?: number;
  /** Warm-up and reps of the extra steady-state series. */
  readonly steadyReps?: number;
  /** Replaces AddOne/AddOneAsync (tests use it to prove the output check aborts on a wrong result). */
  readonly makeComponent?: (kind: ComponentKind) => AnyComponent;
}

/** Median µs of calling `run` of n fresh AddOne instances one after another, no engine (warm-up 5). */
export function bareDirectCallsUs(n: number, reps: number): number {
  const instances = Array.from({ length: n }, () => new AddOne());
  const once = (): number => {
    let value = 0;
    for (const instance of instances) value = instance.run({ value }).value;
    return value;
  };
  for (let i = 0; i < 5; i += 1) once();
  const samples: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    const start = performance.now();
    const result = once();
    samples.push(performance.now() - start);
    if (result !== n) throw new Error(`W1: direct calls returned ${result}, expected ${n}`);
  }
  return summarize(samples).median_ms * 1000;
}

export async function runW1(options: W1Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const warmup = options.warmup ?? (quick ? 2 : 5);
  const reps = options.reps ?? (quick ? 5 : 30);
  const bareReps = options.bareReps ?? (quick ? 20 : 200);
  const steadyReps = options.steadyReps ?? (quick ? 10 : 300);
  const { records, put } = recorder(options.sink);
  for (const params of options.cases ?? W1_CASES) {
    const n = params.components;
    const { pipeline, run } = pipelineFor(params.mode);
    const make = options.makeComponent ?? ((kind: ComponentKind) => (kind === 'sync_only' ? new AddOne() : new AddOneAsync()));
    for (let i = 0; i < n; i += 1) pipeline.addComponent(chainName(i), make(params.component_kind));
    for (let i = 0; i < n - 1; i += 1) pipeline.connect(`${chainName(i)}.value`, `${chainName(i + 1)}.value`);
    const data = { [chainName(0)]: { value: 0 } };
    const expected = { [chainName(n - 1)]: { value: n } };
    const samples = await timeSeries({ warmup, reps }, () => run(data), (out) => expectOutput('W1', out, expected));
    const { median_ms, min_ms } = summarize(samples);
    const bare = bareDirectCallsUs(n, bareReps);
    // WORKLOADS.md's 5 warm-up runs leave V8 mid tier-up; a longer series after it shows the
    // steady state (reported beside, never instead of, the defined figures).
    const steady = summarize(await timeSeries({ warmup: steadyReps, reps: steadyReps }, () => run(data), (out) => expectOutput('W1', out, expected)));
    put({
      workload: 'W1',
      params: { ...params },
      median_ms,
      min_ms,
      extra: {
        reps,
        warmup,
        bare_direct_calls_us: round(bare),
        us_per_component: round((median_ms * 1000) / n),
        us_per_component_min: round((min_ms * 1000) / n),
        overhead_us_per_component: round((median_ms * 1000 - bare) / n),
        steady_reps: steadyReps,
        steady_median_ms: steady.median_ms,
        steady_overhead_us_per_component: round((steady.median_ms * 1000 - bare) / n),
        sync_only_execution: 'inline on the event loop (no worker threads)',
        peak_rss_mb: peakRssMb(),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW1({ quick: quickRequested() }));
