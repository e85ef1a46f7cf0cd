/**
 * W3 (WORKLOADS.md): the AsyncPipeline tutorial's WaitingComponent pipeline at 20 ms units, with
 * blocking sleeps, non-blocking sleeps and pure CPU work. Wall time against the 140 ms critical path.
 */
import { AsyncWaitingComponent, SpinComponent, WaitingComponent, spin } from '../lib/components.js';
import { expectOutput } from '../lib/check.js';
import { pipelineFor, type Mode } from '../lib/engine.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import type { AnyComponent } from '../../src/index.js';
import type { BenchRecord } from '../lib/record.js';

export type W3Work = 'blocking_sleep' | 'async_sleep' | 'cpu';

export interface W3Case {
  readonly params: { readonly unit_ms: number; readonly mode: Mode; readonly work: W3Work };
  readonly warmup: number;
  readonly reps: number;
}

export const W3_CASES: readonly W3Case[] = [
  { params: { unit_ms: 20, mode: 'run_async', work: 'blocking_sleep' }, warmup: 2, reps: 10 },
  { params: { unit_ms: 20, mode: 'run_async', work: 'async_sleep' }, warmup: 2, reps: 10 },
  { params: { unit_ms: 20, mode: 'run', work: 'blocking_sleep' }, warmup: 1, reps: 7 },
  { params: { unit_ms: 20, mode: 'run_async', work: 'cpu' }, warmup: 1, reps: 7 },
];

export interface W3Options extends WorkloadOptions {
  readonly cases?: readonly W3Case[];
}

/** U = iterations per unit: time 1,000,000 iterations (median of 5 after 1 warm-up), then scale. */
export function calibrateSpin(unitMs: number): { unitIterations: number; unitMsMeasured: number } {
  const timeOf = (iterations: number): number => {
    const start = performance.now();
    spin(iterations);
    return performance.now() - start;
  };
  timeOf(1_000_000);
  const million = summarize(Array.from({ length: 5 }, () => timeOf(1_000_000))).median_ms;
  const unitIterations = Math.round((1_000_000 * unitMs) / million);
  const unitMsMeasured = summarize(Array.from({ length: 7 }, () => timeOf(unitIterations))).median_ms;
  return { unitIterations, unitMsMeasured };
}

const NAMES = ['wait_1', 'wait_2', 'wait_3', 'wait_4', 'wait_5'] as const;

export async function runW3(options: W3Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const { records, put } = recorder(options.sink);
  for (const { params, ...series } of options.cases ?? W3_CASES) {
    const warmup = quick ? Math.min(series.warmup, 1) : series.warmup;
    const reps = quick ? Math.min(series.reps, 2) : series.reps;
    const unit = params.unit_ms;
    const calibration = params.work === 'cpu' ? calibrateSpin(unit) : undefined;
    const make = (name: string, k: number): AnyComponent => {
      if (calibration) return new SpinComponent(name, k * calibration.unitIterations);
      const seconds = (k * unit) / 1000;
      return params.work === 'async_sleep' ? new AsyncWaitingComponent(name, seconds) : new WaitingComponent(name, seconds);
    };
    const { pipeline, run } = pipelineFor(params.mode);
    NAMES.forEach((name, index) => pipeline.addComponent(name, make(name, index + 1)));
    pipeline.connect('wait_1.message', 'wait_2.user_msg');
    pipeline.connect('wait_3.message', 'wait_4.user_msg');
    const data = { user_msg: 'Hello' };
    const expected = {
      wait_2: { message: 'Message from wait_2' },
      wait_4: { message: 'Message from wait_4' },
      wait_5: { message: 'Message from wait_5' },
    };
    const samples = await timeSeries({ warmup, reps }, () => run(data), (out) => expectOutput('W3', out, expected));
    const { median_ms, min_ms } = summarize(samples);
    const ideal = params.mode === 'run' ? 15 * unit : 7 * unit;
    put({
      workload: 'W3',
      params: { ...params },
      median_ms,
      min_ms,
      extra: {
        reps,
        warmup,
        ideal_ms: ideal,
        ratio_median: round(median_ms / ideal),
        ratio_min: round(min_ms / ideal),
        ...(calibration
          ? {
              unit_iterations: calibration.unitIterations,
              unit_ms_measured: calibration.unitMsMeasured,
              ratio_to_serial_median: round(median_ms / (15 * calibration.unitMsMeasured)),
            }
          : {}),
        sync_only_execution: 'inline on the event loop (no worker threads)',
        peak_rss_mb: peakRssMb(),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW3({ quick: quickRequested() }));
