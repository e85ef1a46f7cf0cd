/**
 * W4 (WORKLOADS.md): N concurrent `runAsync` calls on ONE AsyncPipeline instance (a 3-step chain of
 * 5 ms non-blocking sleeps), N = 1,000 then 10,000 in the same process: throughput, and memory per
 * in-flight run from the peak RSS. The bare-JS limit is measured in the same run (in a child process,
 * so that its peak RSS is its own): the same N timer chains as plain async functions, no engine.
 */
import { bareLimit } from '../lib/w4-bare.js';
import { SleepAdd } from '../lib/components.js';
import { expectOutput } from '../lib/check.js';
import { newAsyncPipeline } from '../lib/engine.js';
import {
  collectGarbage,
  isMainModule,
  peakRssKb,
  quickRequested,
  round,
  rssKb,
  runAsScript,
  summarize,
} from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import type { BenchRecord } from '../lib/record.js';

export interface W4Options extends WorkloadOptions {
  readonly sizes?: readonly number[];
  readonly reps?: number;
  readonly chain?: number;
  readonly sleepMs?: number;
}

export async function runW4(options: W4Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const sizes = options.sizes ?? (quick ? [100, 1000] : [1000, 10_000]);
  const reps = options.reps ?? (quick ? 2 : 7);
  const chain = options.chain ?? 3;
  const sleepMs = options.sleepMs ?? 5;
  const { records, put } = recorder(options.sink);

  const build = () => {
    const built = newAsyncPipeline();
    for (let i = 0; i < chain; i += 1) built.addComponent(`step_${i}`, new SleepAdd(sleepMs / 1000, 1));
    for (let i = 0; i < chain - 1; i += 1) built.connect(`step_${i}.value`, `step_${i + 1}.value`);
    return built;
  };
  const pipeline = build();
  const last = `step_${chain - 1}`;

  /** One timed batch: N runs at once, each checked (inside the timed region, as the workload says). */
  const batch = async (n: number): Promise<number> => {
    const start = performance.now();
    const outputs = await Promise.all(Array.from({ length: n }, (_, i) => pipeline.runAsync({ step_0: { value: i } })));
    outputs.forEach((out, i) => expectOutput('W4', out, { [last]: { value: i + chain } }));
    return performance.now() - start;
  };

  /**
   * Live JS heap per in-flight run, untimed, after the series: start N runs, let every first step
   * reach its sleep, force a GC while all are suspended, and compare with the heap before they
   * started. Unlike the RSS high-water mark it excludes garbage not yet collected and memory V8
   * keeps reserved. On a pipeline of its own, run once first (its graph compiled): completed runs
   * leave their tasks and arrays to the next runs (run-spares.ts), so the heap after the series'
   * runs would already hold what a suspended run holds.
   */
  const heapInFlightKbPerRun = async (n: number): Promise<number | null> => {
    if (typeof (globalThis as { gc?: unknown }).gc !== 'function') return null;
    const fresh = build();
    await fresh.runAsync({ step_0: { value: 0 } });
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const all = Promise.all(Array.from({ length: n }, (_, i) => fresh.runAsync({ step_0: { value: i } })));
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, sleepMs / 2)));
    collectGarbage();
    const during = process.memoryUsage().heapUsed;
    await all;
    return round((during - before) / 1024 / n);
  };

  // The bare-JS limit first, in a process of its own (the peak RSS is a high-water mark of a process).
  const bare = await bareLimit(sizes, reps, chain, sleepMs);
  for (const n of sizes) {
    collectGarbage();
    const rssBefore = rssKb();
    const warmupMs = await batch(n);
    collectGarbage();
    const samples: number[] = [];
    for (let r = 0; r < reps; r += 1) samples.push(await batch(n));
    const { median_ms, min_ms } = summarize(samples);
    const peak = peakRssKb();
    const heapPerRun = await heapInFlightKbPerRun(n);
    const limit = bare.get(n);
    put({
      workload: 'W4',
      params: { concurrent_runs: n, chain, sleep_ms: sleepMs },
      median_ms,
      min_ms,
      extra: {
        reps,
        warmup_ms: round(warmupMs),
        ideal_ms: chain * sleepMs,
        ratio_median: round(median_ms / (chain * sleepMs)),
        runs_per_s_median: round(n / (median_ms / 1000), 1),
        runs_per_s_best: round(n / (min_ms / 1000), 1),
        rss_before_kb: rssBefore,
        peak_rss_kb: peak,
        peak_minus_before_kb_per_run: round((peak - rssBefore) / n),
        heap_in_flight_kb_per_run: heapPerRun,
        bare_runs_per_s_median: limit?.runs_per_s ?? null,
        bare_peak_minus_before_kb_per_run: limit?.kb_per_run ?? null,
        bare_heap_in_flight_kb_per_run: limit?.heap_kb_per_run ?? null,
        errors: 0,
        peak_rss_mb: round(peak / 1024),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW4({ quick: quickRequested() }));
