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
