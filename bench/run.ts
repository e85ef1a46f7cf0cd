/**
 * `npm run bench`: runs every `bench/workloads/*.ts` in a fresh Node process (so peak RSS belongs to
 * one workload), collects its JSON-line records, writes them to `.bench-results/<timestamp>.jsonl`
 * and prints a table plus the issue's targets.
 *
 *   npm run bench                       all workloads
 *   npm run bench -- --only W1,W3,copy  workloads whose file name is or starts with `<token>-`
 *   npm run bench -- --quick            fewer reps, smaller sizes: a smoke run, not a measurement
 *   npm run bench -- --json             the records as JSON lines on stdout instead of the table
 *   npm run bench -- --from FILE.jsonl  print the table and targets of stored records, run nothing
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { selectWorkloads } from './lib/discover.js';
import { renderTable, targetReport } from './lib/table.js';
import type { BenchRecord } from './lib/record.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workloadDir = join(root, 'bench', 'workloads');

interface CliOptions {
  readonly from: string | undefined;
  readonly only: readonly string[] | undefined;
  readonly quick: boolean;
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions {
  let only: string[] | undefined;
  let from: string | undefined;
  let quick = false;
  let json = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--json') json = true;
    else if (arg === '--from') {
      from = argv[(i += 1)];
      if (!from) throw new Error('bench: --from expects a .jsonl file of records');
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[(i += 1)] : arg.slice('--only='.length);
      if (!value) throw new Error('bench: --only expects a comma-separated list, e.g. --only W1,W3');
      only = value.split(',').map((token) => token.trim().toLowerCase()).filter(Boolean);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench -- [--only W1,W3,copy] [--quick] [--json] | --from FILE.jsonl\n');
      process.exit(0);
    } else throw new Error(`bench: unknown option '${arg}'; expected --only, --quick, --json or --from`);
  }
  return { from, only, quick, json };
}

interface WorkloadRun {
  readonly file: string;
  readonly records: BenchRecord[];
  readonly exitCode: number | null;
  readonly seconds: number;
}

function isRecord(value: unknown): value is BenchRecord {
  return typeof value === 'object' && value !== null && (value as { impl?: unknown }).impl === 'haystack-ts';
}

/** One workload in a fresh process: records from stdout, everything else passed through to stderr. */
function runWorkload(file: string, quick: boolean): Promise<WorkloadRun> {
  const started = performance.now();
  const args = ['--expose-gc', '--import', 'tsx', join('bench', 'workloads', file), ...(quick ? ['--quick'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...(quick ? { HAYSTACK_TS_BENCH_QUICK: '1' } : {}) },
  });
  const records: BenchRecord[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (isRecord(parsed)) records.push(parsed);
    else process.stderr.write(`[${basename(file, '.ts')}] ${line}\n`);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({ file, records, exitCode, seconds: (performance.now() - started) / 1000 });
    });
  });
}

function machineInfo(): string {
  const cpu = cpus();
  return `Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.from !== undefined) {
    const stored = readFileSync(options.from, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as unknown)
      .filter(isRecord);
    process.stdout.write(`${renderTable(stored)}\n\n${targetReport(stored)}\n`);
    return;
  }
  const files = selectWorkloads(readdirSync(workloadDir), options.only);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = join(root, '.bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `${stamp}${options.quick ? '-quick' : ''}.jsonl`);
  const all: BenchRecord[] = [];
  const busy = loadavg()[0]! > cpus().length * 0.5;
  if (busy) process.stderr.write(`bench: warning: load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores; other processes will inflate the figures\n`);
  const failed: string[] = [];
  for (const file of files) {
    process.stderr.write(`bench: ${file}${options.quick ? ' (quick)' : ''} ...\n`);
    const result = await runWorkload(file, options.quick);
    all.push(...result.records);
    // Written after every workload so a later crash keeps what was measured.
    writeFileSync(outFile, all.map((r) => `${JSON.stringify(r)}\n`).join(''));
    process.stderr.write(`bench: ${file}: ${result.records.length} records in ${result.seconds.toFixed(1)} s${result.exitCode === 0 ? '' : `, exit code ${result.exitCode}`}\n`);
    if (result.exitCode !== 0) failed.push(file);
  }
  if (options.json) {
    for (const record of all) process.stdout.write(`${JSON.stringify(record)}\n`);
  } else {
    process.stdout.write(`\nhaystack-ts benchmarks: ${machineInfo()}${options.quick ? ' [--quick: smoke run, not a measurement]' : ''}\n\n`);
    process.stdout.write(`${renderTable(all)}\n\n${targetReport(all)}\n`);
    process.stdout.write(`\nrecords: ${relative(root, outFile)}\n`);
  }
  if (failed.length > 0) {
    process.stderr.write(`bench: failed: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
