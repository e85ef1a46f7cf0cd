/** The human-readable side of the bench: one table row per record, then the issue's targets. */
import type { BenchRecord } from './record.js';

type Extra = Readonly<Record<string, unknown>>;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function fmt(value: number | undefined, digits = 2): string {
  if (value === undefined) return '';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

/** Shorter display names for the long WORKLOADS.md param keys (the records keep the exact keys). */
const SHORT_KEYS: Readonly<Record<string, string>> = {
  components: 'n',
  component_kind: 'kind',
  include_outputs_from: 'include',
  concurrency_limit: 'limit',
  concurrent_runs: 'runs',
};

function formatParams(params: BenchRecord['params']): string {
  return Object.entries(params)
    .map(([key, value]) => `${SHORT_KEYS[key] ?? key}=${String(value)}`)
    .join(' ');
}

function peakRssMb(extra: Extra): number | undefined {
  return num(extra['peak_rss_mb']) ?? (num(extra['peak_rss_kb']) !== undefined ? num(extra['peak_rss_kb'])! / 1024 : undefined);
}

/** Workload-specific figures that have no column of their own. */
function notes(record: BenchRecord): string {
  const e = record.extra;
  const parts: string[] = [];
  const add = (label: string, value: unknown, digits = 2): void => {
    if (num(value) !== undefined) parts.push(`${label} ${fmt(num(value), digits)}`);
  };
  add('steady overhead µs/comp', e['steady_overhead_us_per_component']);
  add('p99 ms', e['p99_ms']);
  add('p50 vs in-process', e['p50_over_in_process'], 3);
  add('server CPU µs/req', e['cpu_us_per_request']);
  add('+CPU µs/req vs in-process', e['cpu_us_per_request_over_in_process']);
  if (num(e['loadavg_1m_min']) !== undefined) parts.push(`load ${fmt(num(e['loadavg_1m_min']), 1)}–${fmt(num(e['loadavg_1m_max']), 1)}`);
  add('µs/iter', e['us_per_iteration']);
  add('µs/doc', e['us_per_doc']);
  add('CPU µs/doc', e['cpu_us_per_doc']);
  // W7-write's batches: CPU µs/doc of the batch written at each store size (flat = no growth).
  const bySize = Object.keys(e).filter((key) => key.startsWith('cpu_us_per_doc_from_'));
  if (bySize.length > 0) parts.push(`CPU µs/doc by store size ${bySize.map((key) => `${key.slice(20)}: ${fmt(num(e[key]))}`).join(' / ')}`);
  add('first BM25 ms', e['first_bm25_ms']);
  add('first call ms', e['first_call_ms']);
  add('first BM25 + embedding query ms', e['first_queries_ms']);
  add('vs serial', e['ratio_to_serial_median']);
  add('vs bare timers', e['ratio_to_bare_timers_median']);
  add('copy overhead ms', e['copy_overhead_ms']);
  add('ms/copy', e['ms_per_copy']);
  add('≈ structuredClones', e['copies_equivalent']);
  add('live heap KB/run', e['heap_in_flight_kb_per_run']);
  add('bare runs/s', e['bare_runs_per_s_median'], 0);
  add('bare KB/run', e['bare_peak_minus_before_kb_per_run']);
  add('bare live heap KB/run', e['bare_heap_in_flight_kb_per_run']);
  if (num(e['receivers_sharing_sender_object']) !== undefined) parts.push(`shared ${String(e['receivers_sharing_sender_object'])}`);
  if (typeof e['entry_impl'] === 'string' && e['entry_impl'].startsWith('bench-local')) parts.push('local BranchJoiner');
  return parts.join(', ');
}

const COLUMNS = [
  'workload',
  'params',
  'median ms',
  'min ms',
  'reps',
  'µs/comp',
  'overhead µs/comp',
  'wall/critical',
  'runs/s',
  'peak RSS MB',
  'KB/in-flight run',
  'first yield ms',
  'load 1m',
  'notes',
] as const;

/** One row per record, columns padded; empty cells where a figure does not apply. */
export function renderTable(records: readonly BenchRecord[]): string {
  const rows = records.map((r) => {
    const e = r.extra;
    return [
      r.workload,
      formatParams(r.params),
      fmt(r.median_ms, 3),
      fmt(r.min_ms, 3),
      String(e.reps),
      fmt(num(e['us_per_component'])),
      fmt(num(e['overhead_us_per_component'])),
      fmt(num(e['ratio_median']), 3),
      fmt(num(e['runs_per_s_median']), 0),
      fmt(peakRssMb(e), 1),
      fmt(num(e['peak_minus_before_kb_per_run'])),
      r.params['metric'] === 'first_yield' ? fmt(r.median_ms, 3) : '',
      fmt(num(e['host_loadavg_1m']), 1),
      notes(r),
    ];
  });
  if (rows.length === 0) return '(no records)';
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i >= 2 && i < COLUMNS.length - 1 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ').trimEnd();
  return [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

interface TargetLine {
  readonly target: string;
  readonly subject: string;
  readonly met: boolean;
  readonly detail: string;
}

/** The targets of issue 2, checked against the records that exist (absent workloads are reported so). */
export function targets(records: readonly BenchRecord[]): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const r of records.filter((x) => x.workload === 'W1')) {
    const overhead = num(r.extra['overhead_us_per_component']);
    if (overhead === undefined) continue;
    lines.push({
      target: 'per-component overhead < 20 µs',
      subject: `W1 ${formatParams(r.params)}`,
      met: overhead < 20,
      detail: `${fmt(overhead)} µs${overhead < 20 ? '' : ` (${fmt(overhead - 20)} µs over)`}`,
    });
  }
  // W3 in worker threads has issue 16's targets of its own (workerTargets).
  for (const r of records.filter((x) => (x.workload === 'W2' || x.workload === 'W3') && x.params['executor'] !== 'worker')) {
    const ratio = num(r.extra['ratio_median']);
    const ideal = num(r.extra['ideal_ms']);
    if (ratio === undefined || ideal === undefined) continue;
    lines.push({
      target: 'wall ≤ 1.05 × critical path',
      subject: `${r.workload} ${formatParams(r.params)}`,
      met: ratio <= 1.05,
      detail: `median ${fmt(r.median_ms)} ms / ideal ${fmt(ideal)} ms = ${fmt(ratio, 3)}${ratio <= 1.05 ? '' : ` (${fmt(r.median_ms - 1.05 * ideal)} ms over 1.05×)`}`,
    });
  }
  const big = records.find((r) => r.workload === 'W4' && r.params['concurrent_runs'] === 10_000);
  if (records.some((r) => r.workload === 'W4')) {
    lines.push({
      target: '10,000 concurrent runs complete without error',
      subject: 'W4 runs=10000',
      met: big !== undefined,
      detail: big
        ? `${fmt(num(big.extra['runs_per_s_median']), 0)} runs/s, ${fmt(num(big.extra['peak_minus_before_kb_per_run']))} KB per in-flight run`
        : 'no N = 10,000 record (workload failed or --quick)',
    });
  }
  return lines;
}

export function targetReport(records: readonly BenchRecord[]): string {
  const lines = targets(records);
  const workers = workerTargets(records);
  if (lines.length === 0 && workers.length === 0) return 'targets: no W1–W4 records to check';
  const show = (l: TargetLine): string => `  ${l.met ? 'MET   ' : 'MISSED'} ${l.target}: ${l.subject}: ${l.detail}`;
  const report = lines.length > 0 ? ['targets (issue 2):', ...lines.map(show)] : [];
  if (workers.length > 0) report.push('targets (issue 16, worker threads):', ...workers.map(show));
  const perRun = perRunTargets(records);
  if (perRun.length > 0) report.push('targets (issue 16, per-run cost):', ...perRun.map(show));
  return report.join('\n');
}

/** Issue 16's targets for W3 with every component in a worker thread: ≤ 1.10 × blocking, ≤ 1.25 × CPU-bound. */
export function workerTargets(records: readonly BenchRecord[]): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const r of records.filter((x) => x.workload === 'W3' && x.params['executor'] === 'worker')) {
    const ratio = num(r.extra['ratio_median']);
    const ideal = num(r.extra['ideal_ms']);
    const limit = r.params['work'] === 'cpu' ? 1.25 : r.params['work'] === 'blocking_sleep' ? 1.1 : undefined;
    if (ratio === undefined || ideal === undefined || limit === undefined) continue;
    lines.push({
      target: `wall ≤ ${fmt(limit)} × critical path`,
      subject: `W3 ${formatParams(r.params)}`,
      met: ratio <= limit,
      detail: `median ${fmt(r.median_ms)} ms / ideal ${fmt(ideal)} ms = ${fmt(ratio, 3)}${ratio <= limit ? '' : ` (${fmt(r.median_ms - limit * ideal)} ms over ${fmt(limit)}×)`}`,
    });
  }
  return lines;
}

/**
 * Issue 16's W4 targets at 10,000 runs, each with the bare-JS limit measured in the same process
 * (the same timer chains under one `Promise.all`), when the record has it.
 */
export function perRunTargets(records: readonly BenchRecord[]): TargetLine[] {
  const big = records.find((r) => r.workload === 'W4' && r.params['concurrent_runs'] === 10_000);
  if (big === undefined) return [];
  const lines: TargetLine[] = [];
  const rate = num(big.extra['runs_per_s_median']);
  const bareRate = num(big.extra['bare_runs_per_s_median']);
  if (rate !== undefined) {
    lines.push({
      target: '≥ 50,000 runs/s',
      subject: 'W4 runs=10000',
      met: rate >= 50_000,
      detail: `${fmt(rate, 0)} runs/s${bareRate !== undefined ? ` (bare JS ${fmt(bareRate, 0)} runs/s: ${fmt(bareRate / rate, 1)} × faster)` : ''}`,
    });
  }
  const kb = num(big.extra['peak_minus_before_kb_per_run']);
  const bareKb = num(big.extra['bare_peak_minus_before_kb_per_run']);
  if (kb !== undefined) {
    lines.push({
      target: '≤ 10 KB RSS per in-flight run',
      subject: 'W4 runs=10000',
      met: kb <= 10,
      detail: `${fmt(kb)} KB${bareKb !== undefined ? ` (bare JS ${fmt(bareKb)} KB)` : ''}`,
    });
  }
  return lines;
}
