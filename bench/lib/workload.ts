/** What every workload function takes and returns, so scripts and the smoke test share one core. */
import { loadavg } from 'node:os';
import { emit, withImpl, type BenchRecord, type RecordSink } from './record.js';

export interface WorkloadOptions {
  /** Fewer repetitions and smaller sizes: a smoke run, not a measurement. */
  readonly quick?: boolean;
  /** Where records go; stdout (JSON lines) by default. */
  readonly sink?: RecordSink;
}

/** Sends records to the sink and keeps them, so the workload function can return what it emitted. */
export function recorder(sink: RecordSink = emit): { readonly records: BenchRecord[]; put: RecordSink } {
  const records: BenchRecord[] = [];
  return {
    records,
    put(record) {
      // Other processes on the host inflate every figure; the 1-minute load average travels with the
      // record so that a noisy measurement can be recognised later.
      const stamped = { ...record, extra: { ...record.extra, host_loadavg_1m: Math.round(loadavg()[0]! * 100) / 100 } };
      records.push(withImpl(stamped));
      sink(stamped);
    },
  };
}

/** The W1 chain's component names: `add_00` … `add_{n-1}`, two-digit zero-padded (three from 100 on). */
export function chainName(index: number): string {
  return `add_${String(index).padStart(2, '0')}`;
}
