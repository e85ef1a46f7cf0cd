/**
 * SERVE (issue 12, part 5): the same pipeline (a chain of async sleeps) called in-process and
 * over HTTP through `haystack-ts/serve` on 127.0.0.1, by N concurrent clients in a bounded closed
 * loop (each sends its next request when the last one is answered). Reports requests/s and
 * p50/p99 latency of in-process `runAsync`, `POST /run` and `POST /stream` (read to the final
 * event), and what the server adds.
 *
 * The machine is shared, so the three modes run interleaved: several rounds, each running every
 * mode once, in an order that rotates from round to round. The overhead is the ratio of a mode's
 * p50 to the in-process p50 *of the same round* (the median over rounds), so that load drifting
 * between rounds cancels out; the 1-minute load average of each round is reported beside it.
 * The server's CPU time per request (`process.cpuUsage`, this process only) is reported too: it
 * is the figure least moved by other processes.
 *
 * The HTTP clients run in a child process (bench/lib/serve-client.mjs, node:http with
 * keep-alive), so that this process does the server's work and nothing else.
 *
 * `bare_http_run` is the floor: the same JSON in and out through a plain `node:http` handler
 * (no Hono, no validation, no admission), so that what the serve layer adds can be told apart
 * from what any Node HTTP server costs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SleepAdd } from '../lib/components.js';
import { BenchmarkMismatchError } from '../lib/check.js';
import { collectGarbage, isMainModule, peakRssMb, quickRequested, round, runAsScript } from '../lib/record.js';
import type { BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { AsyncPipeline } from '../../src/index.js';
import { createPipelineApp, listen } from '../../src/serve/index.js';

export interface ServeBenchOptions extends WorkloadOptions {
  readonly clients?: number;
  /** Requests per client per mode in each round. */
  readonly requestsPerClient?: number;
  readonly rounds?: number;
  readonly chain?: number;
  readonly sleepMs?: number;
  /** The modes to run (in_process always runs: it is the reference). For profiling one path. */
  readonly modes?: readonly Mode[];
}

export type Mode = 'in_process' | 'bare_http_run' | 'http_run' | 'http_stream';
const ALL_MODES: readonly Mode[] = ['in_process', 'bare_http_run', 'http_run', 'http_stream'];

interface Series {
  readonly latencies: number[];
  readonly wallMs: number;
  /** CPU time of this process (the server, or the in-process loop) over the series, µs. */
  readonly cpuUs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The load generator in its own process; `run` sends one closed-loop series and resolves with its latencies. */
async function startClient(clients: number): Promise<{ child: ChildProcess; run(mode: Mode, port: number, perClient: number, chain: number, offset: number): Promise<{ latencies: number[]; wallMs: number }> }> {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'serve-client.mjs');
  // No tsx loader for the plain-JS client (execArgv would pass it on).
  const child = fork(script, [String(clients)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, (reply: { latencies: number[]; wallMs: number; error?: string }) => void>();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.on('message', (message: { ready?: boolean; id?: number; latencies?: number[]; wallMs?: number; error?: string }) => {
    if (message.ready === true) return ready();
    pending.get(message.id!)?.({ latencies: message.latencies!, wallMs: message.wallMs!, ...(message.error !== undefined ? { error: message.error } : {}) });
    pending.delete(message.id!);
  });
  await isReady;
  let next = 0;
  return {
    child,
    run: (mode, port, perClient, chain, offset) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, (reply) => (reply.error !== undefined ? reject(new BenchmarkMismatchError(reply.error)) : resolve(reply)));
        child.send({ id, mode, port, perClient, chain, offset });
      }),
  };
}

export async function runServeBench(options: ServeBenchOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const clients = options.clients ?? (quick ? 20 : 100);
  const perClient = options.requestsPerClient ?? (quick ? 2 : 10);
  const rounds = options.rounds ?? (quick ? 1 : 5);
  const chain = options.chain ?? 3;
  const sleepMs = options.sleepMs ?? 5;
  const { records, put } = recorder(options.sink);
  const MODES = ALL_MODES.filter((m) => m === 'in_process' || options.modes === undefined || options.modes.includes(m));

  // The source build directly: the serve layer is not part of the engine swap of bench/lib/engine.ts.
  const pipeline = new AsyncPipeline();
  for (let i = 0; i < chain; i += 1) pipeline.addComponent(`step_${i}`, new SleepAdd(sleepMs / 1000, 1));
  for (let i = 0; i < chain - 1; i += 1) pipeline.connect(`step_${i}.value`, `step_${i + 1}.value`);
  const last = `step_${chain - 1}`;

  // Limits above the load: this measures the server's cost, not its admission control.
  const app = createPipelineApp({ chain: pipeline }, { maxConcurrentRuns: clients, maxQueuedRuns: clients, logger: { warn: () => undefined } });
  const server = await listen(app, { port: 0, hostname: '127.0.0.1', keepAliveTimeoutMs: 120_000 });
  // The floor: a plain node:http handler around the same runAsync, JSON in and out.
  const bare: Server = createServer({ keepAliveTimeout: 120_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: Record<string, Record<string, unknown>> };
      pipeline.runAsync(body.data).then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ result }));
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  const client = await startClient(clients);

  const inProcess = async (count: number, offset: number): Promise<{ latencies: number[]; wallMs: number }> => {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < count; r += 1) {
          const value = offset + c * 1000 + r;
          const t = performance.now();
          const out = (await pipeline.runAsync({ step_0: { value } })) as Record<string, { value?: number }>;
          latencies.push(performance.now() - t);
          const got = out[last]?.value;
          if (got !== value + chain) throw new BenchmarkMismatchError(`SERVE in_process: client ${c} got ${got} for ${value}, expected ${value + chain}`);
        }
      }),
    );
    return { latencies, wallMs: performance.now() - started };
  };

  const series = async (mode: Mode, count: number, offset: number): Promise<Series> => {
    collectGarbage();
    const cpu = process.cpuUsage();
    const { latencies, wallMs } = mode === 'in_process' ? await inProcess(count, offset) : await client.run(mode, mode === 'bare_http_run' ? barePort : server.port, count, chain, offset);
    const used = process.cpuUsage(cpu);
    return { latencies, wallMs, cpuUs: used.user + used.system };
  };

  const byMode = new Map<Mode, Series[]>(MODES.map((m) => [m, []]));
  const loads: number[] = [];
  try {
    // Warm-up: JIT on both sides, the keep-alive pool's sockets.
    for (const mode of MODES) await series(mode, Math.max(1, Math.ceil(perClient / 2)), 0);
    for (let r = 0; r < rounds; r += 1) {
      loads.push(loadavg()[0]!);
      // Rotated order: no mode always runs first (after the GC) or last.
      const order = MODES.map((_, i) => MODES[(i + r) % MODES.length]!);
      for (const mode of order) byMode.get(mode)!.push(await series(mode, perClient, (r + 1) * 1_000_000));
    }
    loads.push(loadavg()[0]!);

    const base = byMode.get('in_process')!;
    for (const mode of MODES) {
      const all = byMode.get(mode)!;
      const latencies = all.flatMap((s) => s.latencies);
      const sorted = [...latencies].sort((a, b) => a - b);
      const wallMs = all.reduce((sum, s) => sum + s.wallMs, 0);
      const cpuUs = all.reduce((sum, s) => sum + s.cpuUs, 0);
      // Same-round ratios: each round's figure over the in-process figure of that round.
      const p50Ratios = all.map((s, i) => percentile([...s.latencies].sort((a, b) => a - b), 50) / percentile([...base[i]!.latencies].sort((a, b) => a - b), 50));
      const p99Ratios = all.map((s, i) => percentile([...s.latencies].sort((a, b) => a - b), 99) / percentile([...base[i]!.latencies].sort((a, b) => a - b), 99));
      const rateRatios = all.map((s, i) => s.latencies.length / s.wallMs / (base[i]!.latencies.length / base[i]!.wallMs));
      const baseCpu = base.reduce((sum, s) => sum + s.cpuUs, 0) / base.reduce((sum, s) => sum + s.latencies.length, 0);
      const p50Ratio = median(p50Ratios);
      put({
        workload: 'SERVE',
        params: { mode, clients, chain, sleep_ms: sleepMs },
        median_ms: round(percentile(sorted, 50)),
        min_ms: round(sorted[0]!),
        extra: {
          reps: latencies.length,
          rounds,
          p50_ms: round(percentile(sorted, 50)),
          p99_ms: round(percentile(sorted, 99)),
          req_per_s: round(latencies.length / (wallMs / 1000), 1),
          runs_per_s_median: round(latencies.length / (wallMs / 1000), 1),
          ideal_ms: chain * sleepMs,
          p50_over_in_process: round(p50Ratio),
          p50_over_in_process_by_round: p50Ratios.map((x) => round(x)),
          p99_over_in_process: round(median(p99Ratios)),
          req_per_s_over_in_process: round(median(rateRatios)),
          server_overhead_p50_pct: round((p50Ratio - 1) * 100, 1),
          cpu_us_per_request: round(cpuUs / latencies.length, 1),
          cpu_us_per_request_over_in_process: round(cpuUs / latencies.length - baseCpu, 1),
          loadavg_1m_min: round(Math.min(...loads), 2),
          loadavg_1m_max: round(Math.max(...loads), 2),
          client_in_process: false,
          peak_rss_mb: peakRssMb(),
        },
      });
    }
  } finally {
    client.child.disconnect();
    bare.closeAllConnections();
    await new Promise((resolve) => bare.close(resolve));
    await server.close({ timeoutMs: 1_000 });
  }
  return records;
}

/**
 * Two pipelines: 3 × 5 ms (the tight loop: at 100 clients that is 6,700 requests/s, so
 * the server's CPU per request decides), and 3 × 50 ms (components that wait on a model or a
 * store, as served pipelines do: 670 requests/s).
 */
export async function runServeBenches(options: ServeBenchOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const records: BenchRecord[] = [];
  for (const sleepMs of quick ? [5] : [5, 50]) records.push(...(await runServeBench({ ...options, sleepMs })));
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runServeBenches({ quick: quickRequested() }));
