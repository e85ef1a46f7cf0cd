/** The runner's pure parts: which files `--only` selects, the table, and the target verdicts. */
import { describe, expect, it } from 'vitest';
import { selectWorkloads } from '../../bench/lib/discover.js';
import type { BenchRecord } from '../../bench/lib/record.js';
import { renderTable, targetReport, targets } from '../../bench/lib/table.js';

const FILES = ['w1-linear-chain.ts', 'w10-future.ts', 'w3-waiting.ts', 'copy-cost.ts', 'llm-concurrency.ts', 'notes.md'];

describe('selectWorkloads', () => {
  it('runs every .ts workload, sorted, when --only is absent', () => {
    expect(selectWorkloads(FILES, undefined)).toEqual(['copy-cost.ts', 'llm-concurrency.ts', 'w1-linear-chain.ts', 'w10-future.ts', 'w3-waiting.ts']);
  });

  it('selects by the prefix before a dash or the full name, case-insensitively, and never w10 for w1', () => {
    expect(selectWorkloads(FILES, ['W1', 'copy', 'llm-concurrency.ts'])).toEqual(['copy-cost.ts', 'llm-concurrency.ts', 'w1-linear-chain.ts']);
  });

  it('names the tokens that match nothing and lists what exists', () => {
    expect(() => selectWorkloads(FILES, ['w9'])).toThrow(/no workload matches w9; available: copy-cost, llm-concurrency/);
  });
});

const record = (workload: string, params: BenchRecord['params'], median: number, extra: Record<string, unknown>): BenchRecord => ({
  impl: 'haystack-ts',
  workload,
  params,
  median_ms: median,
  min_ms: median * 0.9,
  extra: { reps: 3, ...extra },
});

const RECORDS: BenchRecord[] = [
  record('W1', { components: 50, mode: 'run', component_kind: 'sync_only' }, 0.5, { us_per_component: 10, overhead_us_per_component: 9.5 }),
  record('W1', { components: 50, mode: 'run_async', component_kind: 'sync_only' }, 1.5, { us_per_component: 30, overhead_us_per_component: 29.5 }),
  record('W2', { width: 20, sleep_ms: 10, concurrency_limit: 4 }, 51, { ideal_ms: 50, ratio_median: 1.02 }),
  record('W3', { unit_ms: 20, mode: 'run_async', work: 'blocking_sleep' }, 300, { ideal_ms: 140, ratio_median: 2.143 }),
  record('W4', { concurrent_runs: 10000, chain: 3, sleep_ms: 5 }, 400, { runs_per_s_median: 25000, peak_minus_before_kb_per_run: 12.5, peak_rss_kb: 204800, host_loadavg_1m: 3.25 }),
  record('W6', { components: 50, component_kind: 'sync_only', include_outputs_from: 'all', metric: 'first_yield' }, 0.25, {}),
  record('LLM', { requests: 8 }, 12, { something_new: 'x' }),
];

describe('renderTable', () => {
  it('prints one row per record with the derived columns filled where they apply', () => {
    const lines = renderTable(RECORDS).split('\n');
    expect(lines).toHaveLength(2 + RECORDS.length);
    expect(lines[0]!.split('|').map((cell) => cell.trim())).toEqual([
      'workload', 'params', 'median ms', 'min ms', 'reps', 'µs/comp', 'overhead µs/comp', 'wall/critical',
      'runs/s', 'peak RSS MB', 'KB/in-flight run', 'first yield ms', 'load 1m', 'notes',
    ]);
    const w4 = lines.find((l) => l.startsWith('W4'))!;
    expect(w4).toContain('runs=10000 chain=3 sleep_ms=5');
    expect(w4).toContain('25,000');
    expect(w4).toContain('200.0');
    expect(w4).toContain('12.50');
    expect(w4).toMatch(/\| +3\.3 \|/);
    expect(lines.find((l) => l.startsWith('W6'))).toMatch(/metric=first_yield .*\| +0\.250 \| +\|$/);
    expect(lines.find((l) => l.startsWith('LLM'))).toContain('requests=8');
  });

  it('says so when there is nothing to show', () => {
    expect(renderTable([])).toBe('(no records)');
  });
});

describe('targets', () => {
  it('checks overhead < 20 µs, wall ≤ 1.05 × critical path and the 10,000-run batch, with the margin', () => {
    const verdicts = targets(RECORDS).map((t) => [t.subject, t.met, t.detail]);
    expect(verdicts).toEqual([
      ['W1 n=50 mode=run kind=sync_only', true, '9.50 µs'],
      ['W1 n=50 mode=run_async kind=sync_only', false, '29.50 µs (9.50 µs over)'],
      ['W2 width=20 sleep_ms=10 limit=4', true, 'median 51.00 ms / ideal 50.00 ms = 1.020'],
      ['W3 unit_ms=20 mode=run_async work=blocking_sleep', false, 'median 300.00 ms / ideal 140.00 ms = 2.143 (153.00 ms over 1.05×)'],
      ['W4 runs=10000', true, '25,000 runs/s, 12.50 KB per in-flight run'],
    ]);
    expect(targetReport(RECORDS)).toContain('MISSED per-component overhead < 20 µs: W1 n=50 mode=run_async kind=sync_only');
  });

  it('reports a missing 10,000-run record as a miss', () => {
    const quick = [record('W4', { concurrent_runs: 1000, chain: 3, sleep_ms: 5 }, 40, {})];
    expect(targets(quick)).toEqual([expect.objectContaining({ met: false, detail: expect.stringMatching(/no N = 10,000 record/) })]);
  });
});
