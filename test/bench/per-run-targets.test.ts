/** Issue 16's per-run targets for W4, printed beside the bare-JS limit of the same run. */
import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../../bench/lib/record.js';
import { perRunTargets, renderTable, targetReport, targets, workerTargets } from '../../bench/lib/table.js';

const w4 = (runs: number, extra: Record<string, unknown>): BenchRecord => ({
  impl: 'haystack-ts',
  workload: 'W4',
  params: { concurrent_runs: runs, chain: 3, sleep_ms: 5 },
  median_ms: 200,
  min_ms: 180,
  extra: { reps: 7, ...extra },
});

describe('perRunTargets', () => {
  it('checks ≥ 50,000 runs/s and ≤ 10 KB per in-flight run at 10,000 runs, with the bare limit beside', () => {
    const records = [w4(10_000, { runs_per_s_median: 40_000, peak_minus_before_kb_per_run: 8, bare_runs_per_s_median: 200_000, bare_peak_minus_before_kb_per_run: 4 })];
    expect(perRunTargets(records).map((t) => [t.target, t.met, t.detail])).toEqual([
      ['≥ 50,000 runs/s', false, '40,000 runs/s (bare JS 200,000 runs/s: 5.0 × faster)'],
      ['≤ 10 KB RSS per in-flight run', true, '8.00 KB (bare JS 4.00 KB)'],
    ]);
    expect(targetReport(records)).toContain('MISSED ≥ 50,000 runs/s: W4 runs=10000');
    expect(renderTable(records)).toContain('bare runs/s 200,000, bare KB/run 4.00');
  });

  it('leaves the bare limit out when the record lacks it, and says nothing without a 10,000-run record', () => {
    expect(perRunTargets([w4(10_000, { runs_per_s_median: 60_000, peak_minus_before_kb_per_run: 12 })]).map((t) => [t.met, t.detail])).toEqual([
      [true, '60,000 runs/s'],
      [false, '12.00 KB'],
    ]);
    expect(perRunTargets([w4(1_000, { runs_per_s_median: 60_000 })])).toEqual([]);
  });
});

const w3Worker = (work: string, median: number, ideal: number): BenchRecord => ({
  impl: 'haystack-ts',
  workload: 'W3',
  params: { unit_ms: 20, mode: 'run_async', work, executor: 'worker' },
  median_ms: median,
  min_ms: median,
  extra: { reps: 7, ideal_ms: ideal, ratio_median: median / ideal },
});

describe('workerTargets', () => {
  it("judges W3 in worker threads by issue 16's limits (1.10 × blocking, 1.25 × CPU), not issue 2's 1.05 ×", () => {
    const records = [w3Worker('blocking_sleep', 147, 140), w3Worker('cpu', 182, 140)];
    expect(workerTargets(records).map((t) => [t.target, t.met])).toEqual([
      ['wall ≤ 1.10 × critical path', true],
      ['wall ≤ 1.25 × critical path', false],
    ]);
    expect(workerTargets(records)[1]?.detail).toBe('median 182.00 ms / ideal 140.00 ms = 1.300 (7.00 ms over 1.25×)');
    expect(targets(records)).toEqual([]);
    expect(targetReport(records)).toContain('targets (issue 16, worker threads):');
  });
});
