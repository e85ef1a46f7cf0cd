/**
 * Worker-thread execution (issue 16): W3's blocking and CPU variants with every component in a
 * worker, the cost of one worker hop against an inline call, a fan-out of 8 CPU-bound components
 * (speed-up over inline), and what embeddings cost to cross as number[] versus Float32Array.
 */
import { availableParallelism } from 'node:os';
import { AsyncPipeline, Document, type AnyComponent } from '../../src/index.js';
import { expectOutput } from '../lib/check.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { BlockingWaiting, Echo, Spinning } from '../lib/worker-components.js';
import { calibrateSpin } from './w3-waiting.js';
import type { BenchRecord } from '../lib/record.js';

const NAMES = ['wait_1', 'wait_2', 'wait_3', 'wait_4', 'wait_5'] as const;
const UNIT_MS = 20;

async function w3(work: 'blocking_sleep' | 'cpu', reps: number, put: (r: Omit<BenchRecord, 'impl'>) => void): Promise<void> {
  const calibration = work === 'cpu' ? calibrateSpin(UNIT_MS) : undefined;
  // Blocking sleeps use no CPU: a thread per concurrent wait. CPU-bound spinners gain nothing from
  // more threads than cores: the kernel time-slices them (unevenly: three on two cores end 1 + 2).
  const threads = work === 'cpu' ? availableParallelism() : 4;
  await using pipeline = new AsyncPipeline({ executor: 'worker', workerPool: { maxThreads: threads } });
  NAMES.forEach((label, i) => {
    const k = i + 1;
    const component: AnyComponent = calibration
      ? new Spinning({ label, iterations: k * calibration.unitIterations })
      : new BlockingWaiting({ label, ms: k * UNIT_MS });
    pipeline.addComponent(label, component);
  });
  pipeline.connect('wait_1.message', 'wait_2.user_msg');
  pipeline.connect('wait_3.message', 'wait_4.user_msg');
  await pipeline.warmUp();
  const expected = { wait_2: { message: 'Message from wait_2' }, wait_4: { message: 'Message from wait_4' }, wait_5: { message: 'Message from wait_5' } };
  const run = () => pipeline.runAsync({ user_msg: 'Hello' });
  const check = (out: unknown) => expectOutput('W3', out, expected);
  const calibrated = 7 * (calibration?.unitMsMeasured ?? UNIT_MS);
  if (calibration === undefined) {
    const { median_ms, min_ms } = summarize(await timeSeries({ warmup: 2, reps }, run, check));
    put({
      workload: 'W3',
      params: { unit_ms: UNIT_MS, mode: 'run_async', work, executor: 'worker' },
      median_ms,
      min_ms,
      extra: { reps, ideal_ms: round(calibrated), ratio_median: round(median_ms / calibrated), ratio_min: round(min_ms / calibrated), threads, peak_rss_mb: peakRssMb() },
    });
    return;
  }
  // A spinner's time is the host's CPU speed, which on a shared VM moves between a calibration
  // and the runs (one run came out at 0.94 × a calibrated critical path). The critical path's own
  // two spinners, run alone in a worker in turn with each rep, give the ideal of the same minutes.
  await using alone = new AsyncPipeline({ executor: 'worker', workerPool: { maxThreads: 1 } })
    .addComponent('wait_3', new Spinning({ label: 'wait_3', iterations: 3 * calibration.unitIterations }))
    .addComponent('wait_4', new Spinning({ label: 'wait_4', iterations: 4 * calibration.unitIterations }))
    .connect('wait_3.message', 'wait_4.user_msg');
  await alone.warmUp();
  const runAlone = () => alone.runAsync({ wait_3: { user_msg: 'Hello' } });
  const checkAlone = (out: unknown) => expectOutput('W3', out, { wait_4: { message: 'Message from wait_4' } });
  for (let i = 0; i < 2; i += 1) {
    check(await run());
    checkAlone(await runAlone());
  }
  const samples: number[] = [];
  const chain: number[] = [];
  for (let i = 0; i < reps; i += 1) {
    samples.push(...(await timeSeries({ warmup: 0, reps: 1 }, run, check)));
    chain.push(...(await timeSeries({ warmup: 0, reps: 1 }, runAlone, checkAlone)));
  }
  const { median_ms, min_ms } = summarize(samples);
  const ideal = summarize(chain).median_ms;
  put({
    workload: 'W3',
    params: { unit_ms: UNIT_MS, mode: 'run_async', work, executor: 'worker' },
    median_ms,
    min_ms,
    extra: {
      reps,
      ideal_ms: round(ideal),
      ideal_from: 'critical path run alone, alternated with the reps',
      ratio_median: round(median_ms / ideal),
      ratio_min: round(min_ms / ideal),
      calibrated_ideal_ms: round(calibrated),
      ratio_to_calibrated_median: round(median_ms / calibrated),
      threads,
      peak_rss_mb: peakRssMb(),
    },
  });
}

/** Median µs of one run of a one-Echo pipeline, inline and in a worker. */
async function hop(reps: number, put: (r: Omit<BenchRecord, 'impl'>) => void): Promise<void> {
  const medians: Record<string, number> = {};
  for (const executor of ['inline', 'worker'] as const) {
    await using pipeline = new AsyncPipeline({ workerPool: { maxThreads: 1 } }).addComponent('echo', new Echo(), { executor });
    await pipeline.warmUp();
    const samples = await timeSeries({ warmup: 200, reps }, () => pipeline.runAsync({ echo: { value: 1 } }), (out) => expectOutput('HOP', out, { echo: { value: 1 } }));
    const { median_ms, min_ms } = summarize(samples);
    medians[executor] = median_ms;
    put({ workload: 'WORKER_HOP', params: { executor }, median_ms, min_ms, extra: { reps, us_per_execution: round(median_ms * 1000, 1) } });
  }
  put({
    workload: 'WORKER_HOP',
    params: { executor: 'worker_minus_inline' },
    median_ms: round(medians['worker']! - medians['inline']!, 4),
    min_ms: round(medians['worker']! - medians['inline']!, 4),
    extra: { reps, us_per_hop: round((medians['worker']! - medians['inline']!) * 1000, 1) },
  });
}

async function fanOut(reps: number, put: (r: Omit<BenchRecord, 'impl'>) => void): Promise<void> {
  const { unitIterations } = calibrateSpin(UNIT_MS);
  const threads = availableParallelism();
  const medians: Record<string, number> = {};
  for (const executor of ['inline', 'worker'] as const) {
    await using pipeline = new AsyncPipeline({ workerPool: { maxThreads: threads } });
    for (let i = 0; i < 8; i++) pipeline.addComponent(`spin_${i}`, new Spinning({ label: `spin_${i}`, iterations: 2 * unitIterations }), { executor });
    await pipeline.warmUp();
    const expected = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`spin_${i}`, { message: `Message from spin_${i}` }]));
    const samples = await timeSeries({ warmup: 1, reps }, () => pipeline.runAsync({ user_msg: 'x' }, { concurrencyLimit: 8 }), (out) => expectOutput('FANOUT8', out, expected));
    const { median_ms, min_ms } = summarize(samples);
    medians[executor] = median_ms;
    put({ workload: 'FANOUT8_CPU', params: { executor, unit_ms: UNIT_MS }, median_ms, min_ms, extra: { reps, threads, cores: availableParallelism() } });
  }
  put({
    workload: 'FANOUT8_CPU',
    params: { executor: 'speedup', unit_ms: UNIT_MS },
    median_ms: medians['worker']!,
    min_ms: medians['worker']!,
    extra: { reps, speedup_vs_inline: round(medians['inline']! / medians['worker']!) },
  });
}

/** 100 Documents of 384-dim embeddings as Documents, as number[][] and as Float32Array[]. */
async function embeddings(reps: number, put: (r: Omit<BenchRecord, 'impl'>) => void): Promise<void> {
  const vectors = Array.from({ length: 100 }, (_, i) => Array.from({ length: 384 }, (_, j) => Math.sin(i + j)));
  const payloads: Record<string, unknown> = {
    documents: vectors.map((embedding, i) => new Document({ content: `doc ${i}`, embedding })),
    number_arrays: vectors,
    float32_arrays: vectors.map((v) => Float32Array.from(v)),
  };
  await using pipeline = new AsyncPipeline({ workerPool: { maxThreads: 1 } }).addComponent('echo', new Echo(), { executor: 'worker' });
  await pipeline.warmUp();
  for (const [payload, value] of Object.entries(payloads)) {
    const samples = await timeSeries({ warmup: 20, reps }, () => pipeline.runAsync({ echo: { value } }), () => undefined);
    const { median_ms, min_ms } = summarize(samples);
    put({ workload: 'WORKER_EMBEDDINGS', params: { payload, documents: 100, dims: 384 }, median_ms, min_ms, extra: { reps } });
  }
}

export async function runWorkers(options: WorkloadOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const { records, put } = recorder(options.sink);
  await w3('blocking_sleep', quick ? 2 : 10, put);
  await w3('cpu', quick ? 2 : 7, put);
  await hop(quick ? 50 : 2000, put);
  await fanOut(quick ? 2 : 7, put);
  await embeddings(quick ? 5 : 100, put);
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runWorkers({ quick: quickRequested() }));
