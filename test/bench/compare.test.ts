/** Joining two implementations' records on workload + params, as WORKLOADS.md prescribes. */
import { describe, expect, it } from 'vitest';
import { compareRecords, joinKey, parseRecords } from '../../bench/lib/compare.js';

const line = (impl: string, workload: string, params: object, median: number): string =>
  JSON.stringify({ impl, workload, params, median_ms: median, min_ms: median, extra: { reps: 1 } });

describe('compareRecords', () => {
  it('joins on workload and params regardless of key order, with other/base ratios and unmatched rows', () => {
    const python = parseRecords(
      [
        line('haystack-3', 'W1', { components: 50, mode: 'run', component_kind: 'sync_only' }, 6),
        line('haystack-3', 'W2', { width: 20, sleep_ms: 10, concurrency_limit: 4 }, 52),
        '',
      ].join('\n'),
      'py.jsonl',
    );
    const ts = parseRecords(
      [
        line('haystack-ts', 'W1', { component_kind: 'sync_only', mode: 'run', components: 50 }, 1.5),
        line('haystack-ts', 'COPY', { docs: 1000 }, 3),
      ].join('\n'),
      'ts.jsonl',
    );
    const rows = compareRecords(python, ts);
    expect(rows.map((r) => [r.key, r.ratio])).toEqual([
      [joinKey({ workload: 'W1', params: { components: 50, mode: 'run', component_kind: 'sync_only' } }), 0.25],
      [joinKey({ workload: 'W2', params: { width: 20, sleep_ms: 10, concurrency_limit: 4 } }), undefined],
      ['COPY {"docs":1000}', undefined],
    ]);
  });

  it('names the file and line of a line that is not a record', () => {
    expect(() => parseRecords('{"impl":"x"}', 'bad.jsonl')).toThrow('compare: bad.jsonl:1: expected a record');
  });
});
