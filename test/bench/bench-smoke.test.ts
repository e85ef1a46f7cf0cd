/**
 * Runs the W1 workload function in-process at minimal size: checks the record shape WORKLOADS.md
 * defines and that the correctness check is live. Timing is never asserted.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BenchmarkMismatchError } from '../../bench/lib/check.js';
import type { BenchRecord } from '../../bench/lib/record.js';
import { Component, type RunInput } from '../../src/index.js';
import { runW1 } from '../../bench/workloads/w1-linear-chain.js';

const sockets = { value: z.number().int() };

class AddFixed extends Component<typeof sockets, typeof sockets> {
  constructor(readonly add: number) {
    super({ inputs: sockets, outputs: sockets });
  }
  run({ value }: RunInput<typeof sockets>): { value: number } {
    return { value: value + this.add };
  }
}

const tiny = { warmup: 1, reps: 2, bareReps: 2, steadyReps: 2 } as const;

describe('bench smoke: W1 in-process', () => {
  it('emits one record per case with the exact WORKLOADS.md params and the derived extras', async () => {
    const emitted: Omit<BenchRecord, 'impl'>[] = [];
    const records = await runW1({
      ...tiny,
      cases: [
        { components: 3, mode: 'run', component_kind: 'sync_only' },
        { components: 3, mode: 'run_async', component_kind: 'async_capable' },
      ],
      sink: (record) => emitted.push(record),
    });
    expect(emitted).toHaveLength(2);
    expect(records.map((r) => r.impl)).toEqual(['haystack-ts', 'haystack-ts']);
    expect(records[0]).toMatchObject({
      workload: 'W1',
      params: { components: 3, mode: 'run', component_kind: 'sync_only' },
      extra: { reps: 2 },
    });
    expect(Object.keys(records[1]!.params)).toEqual(['components', 'mode', 'component_kind']);
    for (const record of records) {
      expect(record.min_ms).toBeGreaterThan(0);
      expect(record.median_ms).toBeGreaterThanOrEqual(record.min_ms);
      for (const key of ['bare_direct_calls_us', 'us_per_component', 'us_per_component_min', 'overhead_us_per_component', 'steady_median_ms', 'steady_overhead_us_per_component', 'peak_rss_mb']) {
        expect(record.extra[key], key).toEqual(expect.any(Number));
      }
      expect(record.extra['us_per_component']).toBeCloseTo((record.median_ms * 1000) / 3, 2);
    }
  });

  it('aborts on a wrong pipeline output instead of recording a time', async () => {
    const emitted: unknown[] = [];
    const run = runW1({
      ...tiny,
      cases: [{ components: 3, mode: 'run', component_kind: 'sync_only' }],
      // Adds 2 instead of 1: the leaf holds 6, not 3.
      makeComponent: () => new AddFixed(2),
      sink: (record) => emitted.push(record),
    });
    await expect(run).rejects.toThrow(BenchmarkMismatchError);
    await expect(run).rejects.toThrow(/W1: wrong pipeline output/);
    expect(emitted).toEqual([]);
  });
});
