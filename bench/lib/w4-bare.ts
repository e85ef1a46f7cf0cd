/**
 * W4's bare-JS limit: the same N chains of `chain` awaited 5 ms timer sleeps (each adding 1) as
 * plain async functions under one `Promise.all`, no engine. Run as a child process of W4, so that
 * its peak RSS (a high-water mark of the process) is its own; prints one JSON line per size.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { collectGarbage, peakRssKb, round, rssKb, summarize } from './record.js';

export interface BareFigures {
  readonly runs_per_s: number;
  readonly kb_per_run: number;
  readonly heap_kb_per_run: number | null;
}

async function measure(sizes: readonly number[], reps: number, chain: number, sleepMs: number): Promise<Record<number, BareFigures>> {
  const one = async (value: number): Promise<number> => {
    for (let i = 0; i < chain; i += 1) {
      await sleep(sleepMs);
      value += 1;
    }
    return value;
  };
  const start = (n: number): Promise<number[]> => Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  const batch = async (n: number): Promise<number> => {
    const t0 = performance.now();
    const outputs = await start(n);
    outputs.forEach((out, i) => {
      if (out !== i + chain) throw new Error(`W4 bare: chain ${i} returned ${out}, expected ${i + chain}`);
    });
    return performance.now() - t0;
  };
  const figures: Record<number, BareFigures> = {};
  for (const n of sizes) {
    collectGarbage();
    const before = rssKb();
    await batch(n);
    const samples: number[] = [];
    for (let r = 0; r < reps; r += 1) samples.push(await batch(n));
    const peak = peakRssKb();
    let heap: number | null = null;
    if (typeof (globalThis as { gc?: unknown }).gc === 'function') {
      const all = start(n);
      await sleep(Math.max(1, sleepMs / 2));
      collectGarbage();
      const during = process.memoryUsage().heapUsed;
      await all;
      collectGarbage();
      heap = round((during - process.memoryUsage().heapUsed) / 1024 / n);
    }
    figures[n] = { runs_per_s: round(n / (summarize(samples).median_ms / 1000), 1), kb_per_run: round(Math.max(0, peak - before) / n), heap_kb_per_run: heap };
  }
  return figures;
}

/** Runs {@link measure} in a fresh Node process and returns its figures by N. */
export function bareLimit(sizes: readonly number[], reps: number, chain: number, sleepMs: number): Promise<Map<number, BareFigures>> {
  const args = ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify({ sizes, reps, chain, sleepMs })];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`W4 bare: the child process exited with ${String(code)}`));
      const parsed = JSON.parse(out) as Record<string, BareFigures>;
      resolve(new Map(Object.entries(parsed).map(([n, f]) => [Number(n), f])));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { sizes, reps, chain, sleepMs } = JSON.parse(process.argv[2] ?? '{}') as { sizes: number[]; reps: number; chain: number; sleepMs: number };
  void measure(sizes, reps, chain, sleepMs).then((figures) => process.stdout.write(`${JSON.stringify(figures)}\n`));
}
