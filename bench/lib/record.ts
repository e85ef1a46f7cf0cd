/**
 * The benchmark record format of ../shared/bench/WORKLOADS.md: one JSON object per line on stdout.
 * Every workload script imports these helpers so that `bench/run.ts` can collect and tabulate them.
 */

export interface BenchRecord {
  readonly impl: 'haystack-ts';
  /** W1 … W7, or a name of our own for workloads outside WORKLOADS.md (e.g. `LLM`). */
  readonly workload: string;
  /** Exactly the params WORKLOADS.md lists: the join key for comparing implementations. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly median_ms: number;
  readonly min_ms: number;
  /** Always has `reps`; derived figures (us_per_component, wall_over_critical, runs_per_s, peak_rss_mb, …). */
  readonly extra: Readonly<Record<string, unknown>> & { readonly reps: number };
}

/** Writes one record as a JSON line on stdout. */
export function emit(record: Omit<BenchRecord, 'impl'>): void {
  process.stdout.write(`${JSON.stringify({ impl: 'haystack-ts', ...record })}\n`);
}

/** Median and minimum of a non-empty list of milliseconds. */
export function summarize(samples: readonly number[]): { median_ms: number; min_ms: number } {
  if (samples.length === 0) throw new Error('summarize: expected at least one sample, got none');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median_ms: round(median), min_ms: round(sorted[0]!) };
}

/** Requests a full collection when the process runs with --expose-gc (the rule before each timed series). */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Where a workload sends its records: stdout via {@link emit} when run as a script, a list in tests. */
export type RecordSink = (record: Omit<BenchRecord, 'impl'>) => void;

/** The record as it appears on stdout (with `impl`), so workload functions can return what they emitted. */
export function withImpl(record: Omit<BenchRecord, 'impl'>): BenchRecord {
  return { impl: 'haystack-ts', ...record };
}

/** Resident set size now, in KiB (Python's harness reads the same from the OS). */
export function rssKb(): number {
  return Math.round(process.memoryUsage.rss() / 1024);
}

/** Peak resident set size of this process so far, in KiB (`ru_maxrss`, the figure Haystack's harness reports). */
export function peakRssKb(): number {
  return process.resourceUsage().maxRSS;
}

/** The high-resolution monotonic clock of the common rules, in milliseconds. */
export function now(): number {
  return performance.now();
}

/**
 * Runs `warmup` untimed calls, requests a full GC, then times `reps` calls one at a time. `check`
 * receives each result outside the timed region and must throw on a mismatch (which aborts the bench).
 */
export async function timeSeries<T>(
  options: { readonly warmup: number; readonly reps: number },
  call: () => Promise<T> | T,
  check: (result: T) => void,
): Promise<number[]> {
  for (let i = 0; i < options.warmup; i += 1) check(await call());
  collectGarbage();
  const samples: number[] = [];
  for (let i = 0; i < options.reps; i += 1) {
    const start = performance.now();
    const result = await call();
    samples.push(performance.now() - start);
    check(result);
  }
  return samples;
}

/** True when `moduleUrl` (a workload's `import.meta.url`) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const path = new URL(moduleUrl).pathname;
  return path === entry || path.replace(/\.ts$/, '') === entry.replace(/\.ts$/, '');
}

/** `--quick` on the command line (the runner passes it on) or `HAYSTACK_TS_BENCH_QUICK=1`: a smoke run. */
export function quickRequested(): boolean {
  return process.argv.includes('--quick') || process.env['HAYSTACK_TS_BENCH_QUICK'] === '1';
}

/** Runs a workload's main function as a script: records to stdout, failures to stderr with exit code 1. */
export function runAsScript(main: () => Promise<unknown>): void {
  main().then(
    () => undefined,
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
