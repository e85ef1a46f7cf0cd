/**
 * The AsyncPipeline tutorial's WaitingComponent example: five components whose sync `run` blocks
 * for k units (see waiting-component.ts). wait_1 → wait_2 and wait_3 → wait_4 are chains, wait_5
 * stands alone. Each runs in a worker thread, so wait_1, wait_3 and wait_5 start together; they
 * finish in the order wait_1, wait_3, wait_2, wait_5, wait_4, and the whole run takes about the
 * 7-unit critical path (wait_3 + wait_4) instead of the 15-unit sum.
 *
 *   npx tsx examples/concurrency.ts              # 1-second units, as in the tutorial
 *   npx tsx examples/concurrency.ts --unit-ms 20 # fast
 *
 * wait_2 (1 + 2 units) and wait_3 (3 units) end at the same instant; the tutorial lists wait_3 first,
 * as it usually is here too (wait_2 also pays a hop after wait_1), but under load they may swap.
 */
import { pathToFileURL } from 'node:url';
import { AsyncPipeline, Pipeline } from '../src/index.js';
import { WaitingComponent } from './waiting-component.js';

const NAMES = ['wait_1', 'wait_2', 'wait_3', 'wait_4', 'wait_5'];

/** What one run of the example observed. */
export interface ConcurrencyRun {
  /** Components in the order they finished (the order of the generator's partial outputs). */
  readonly finished: string[];
  readonly elapsedMs: number;
}

/** Adds the tutorial's five components (wait_k blocks for k units) and its two chains. */
function addWaitingComponents(pipeline: Pipeline | AsyncPipeline, unit: number): void {
  NAMES.forEach((name, i) => pipeline.addComponent(name, new WaitingComponent({ name, waitMs: (i + 1) * unit })));
  pipeline.connect('wait_1', 'wait_2');
  pipeline.connect('wait_3', 'wait_4');
}

/** Builds the tutorial's pipeline, runs it once and closes its worker pool. */
export async function main(unit: number, log: (line: string) => void = console.log): Promise<ConcurrencyRun> {
  // Three blocking waits overlap at most; a thread more keeps a spare for the chained ones.
  await using pipeline = new AsyncPipeline({ workerPool: { maxThreads: 4 } });
  addWaitingComponents(pipeline, unit);
  log(String(pipeline));
  // Starting threads and importing modules in them is not the tutorial's concern: done before timing.
  await pipeline.warmUp();
  const finished: string[] = [];
  const started = performance.now();
  for await (const partial of pipeline.runAsyncGenerator({ user_msg: 'Hello' }, { includeOutputsFrom: NAMES })) {
    log(JSON.stringify(partial));
    const names = Object.keys(partial);
    // Each finished component yields alone; the final outputs (all five) come last.
    if (names.length === 1) finished.push(names[0]!);
  }
  const elapsedMs = performance.now() - started;
  log(`Total: ${(elapsedMs / unit).toFixed(2)} units (${Math.round(elapsedMs)} ms); critical path 7 units, sequential sum 15.`);
  return { finished, elapsedMs };
}

/** The same pipeline timed under the sequential `Pipeline.run` and under `AsyncPipeline.runAsync` (both warmed up first). */
export async function compareWaiting(unit: number): Promise<{ sequentialMs: number; concurrentMs: number }> {
  await using sequential = new Pipeline({ workerPool: { maxThreads: 4 } });
  await using concurrent = new AsyncPipeline({ workerPool: { maxThreads: 4 } });
  addWaitingComponents(sequential, unit);
  addWaitingComponents(concurrent, unit);
  await Promise.all([sequential.warmUp(), concurrent.warmUp()]);
  let started = performance.now();
  await sequential.run({ user_msg: 'Hello' });
  const sequentialMs = performance.now() - started;
  started = performance.now();
  await concurrent.runAsync({ user_msg: 'Hello' });
  return { sequentialMs, concurrentMs: performance.now() - started };
}

function unitMs(argv: readonly string[]): number {
  const i = argv.indexOf('--unit-ms');
  if (i < 0) return 1000;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--unit-ms: expected a positive number of milliseconds, got '${argv[i + 1]}'`);
  return value;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(unitMs(process.argv.slice(2)));
}
