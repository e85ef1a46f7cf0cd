/**
 * W2 (WORKLOADS.md): a 20-wide fan-out of 10 ms non-blocking sleeps joined by a lazy variadic
 * Collect, under concurrency limits 4 and 20. Wall time against the critical path.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Collect, SleepAdd, Source } from '../lib/components.js';
import { expectOutput } from '../lib/check.js';
import { newAsyncPipeline } from '../lib/engine.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import type { BenchRecord } from '../lib/record.js';

export interface W2Case {
  readonly width: number;
  readonly sleep_ms: number;
  readonly concurrency_limit: number;
}

export const W2_CASES: readonly W2Case[] = [
  { width: 20, sleep_ms: 10, concurrency_limit: 4 },
  { width: 20, sleep_ms: 10, concurrency_limit: 20 },
];

export interface W2Options extends WorkloadOptions {
  readonly cases?: readonly W2Case[];
  readonly warmup?: number;
  readonly reps?: number;
}

const workerName = (k: number): string => `worker_${String(k).padStart(2, '0')}`;

/** Median of `reps` bare `await setTimeout(ms)`: what the host's timers give before any engine cost. */
async function bareSleepMs(ms: number, reps: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    const start = performance.now();
    await sleep(ms);
    samples.push(performance.now() - start);
  }
  return summarize(samples).median_ms;
}

export async function runW2(options: W2Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const warmup = options.warmup ?? (quick ? 1 : 3);
  const reps = options.reps ?? (quick ? 3 : 20);
  const { records, put } = recorder(options.sink);
  for (const params of options.cases ?? W2_CASES) {
    const { width, sleep_ms, concurrency_limit } = params;
    const pipeline = newAsyncPipeline();
    pipeline.addComponent('source', new Source());
    for (let k = 0; k < width; k += 1) pipeline.addComponent(workerName(k), new SleepAdd(sleep_ms / 1000, k));
    pipeline.addComponent('joiner', new Collect());
    for (let k = 0; k < width; k += 1) {
      pipeline.connect('source.value', `${workerName(k)}.value`);
      pipeline.connect(`${workerName(k)}.value`, 'joiner.values');
    }
    const data = { source: { value: 0 } };
    const expected = { joiner: { values: Array.from({ length: width }, (_, k) => k) } };
    const samples = await timeSeries(
      { warmup, reps },
      () => pipeline.runAsync(data, { concurrencyLimit: concurrency_limit }),
      (out) => expectOutput('W2', out, expected),
    );
    const { median_ms, min_ms } = summarize(samples);
    const ideal = sleep_ms * Math.ceil(width / concurrency_limit);
    const bare = await bareSleepMs(sleep_ms, quick ? 3 : 20);
    put({
      workload: 'W2',
      params: { ...params },
      median_ms,
      min_ms,
      extra: {
        reps,
        warmup,
        ideal_ms: ideal,
        ratio_median: round(median_ms / ideal),
        ratio_min: round(min_ms / ideal),
        // A Node timer of 10 ms fires after ≥ 10 ms (1 ms granularity): the floor no engine can beat.
        bare_timer_sleep_ms_median: bare,
        ratio_to_bare_timers_median: round(median_ms / ((bare * ideal) / sleep_ms)),
        peak_rss_mb: peakRssMb(),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW2({ quick: quickRequested() }));
