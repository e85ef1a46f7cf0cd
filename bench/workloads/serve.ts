/**
 * SERVE (issue 12): the same pipeline (a chain of async 5 ms sleeps) called in-process and over
 * HTTP through `haystack-ts/serve` on 127.0.0.1, by N concurrent clients in a bounded closed loop
 * (each sends its next request when the last one is answered, a fixed number of times). Reports
 * requests/s and p50/p99 latency of in-process `runAsync`, `POST /run` and `POST /stream` (read to
 * the final event), and what the server adds over in-process at p50.
 *
 * Clients and server share this process and its one JS thread (node:http with keep-alive, not
 * fetch, to keep the client side light), so the HTTP figures include the client's own cost.
 */
import { Agent, request } from 'node:http';
import { SleepAdd } from '../lib/components.js';
import { BenchmarkMismatchError } from '../lib/check.js';
import { collectGarbage, isMainModule, peakRssMb, quickRequested, round, runAsScript } from '../lib/record.js';
import type { BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { AsyncPipeline } from '../../src/index.js';
import { createPipelineApp, listen } from '../../src/serve/index.js';

export interface ServeBenchOptions extends WorkloadOptions {
  readonly clients?: number;
  readonly requestsPerClient?: number;
  readonly chain?: number;
  readonly sleepMs?: number;
}

type Mode = 'in_process' | 'http_run' | 'http_stream';

function percentile(sorted: readonly number[], p: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

export async function runServeBench(options: ServeBenchOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const clients = options.clients ?? (quick ? 20 : 100);
  const perClient = options.requestsPerClient ?? (quick ? 3 : 20);
  const chain = options.chain ?? 3;
  const sleepMs = options.sleepMs ?? 5;
  const { records, put } = recorder(options.sink);

  // The source build directly: the serve layer is not part of the engine swap of bench/lib/engine.ts.
  const pipeline = new AsyncPipeline();
  for (let i = 0; i < chain; i += 1) pipeline.addComponent(`step_${i}`, new SleepAdd(sleepMs / 1000, 1));
  for (let i = 0; i < chain - 1; i += 1) pipeline.connect(`step_${i}.value`, `step_${i + 1}.value`);
  const last = `step_${chain - 1}`;

  // Limits above the load: this measures the server's cost, not its admission control.
  const app = createPipelineApp({ chain: pipeline }, { maxConcurrentRuns: clients, maxQueuedRuns: clients, logger: { warn: () => undefined } });
  const server = await listen(app, { port: 0, hostname: '127.0.0.1', keepAliveTimeoutMs: 120_000 });
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const port = server.port;

  const post = (path: string, body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`SERVE: ${path} answered ${res.statusCode}: ${text}`))));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  const call = async (mode: Mode, value: number): Promise<number> => {
    if (mode === 'in_process') {
      const out = (await pipeline.runAsync({ step_0: { value } })) as Record<string, { value?: number }>;
      return out[last]?.value ?? Number.NaN;
    }
    const body = JSON.stringify({ data: { step_0: { value } } });
    if (mode === 'http_run') return (JSON.parse(await post('/chain/run', body)) as { result: Record<string, { value: number }> }).result[last]!.value;
    const text = await post('/chain/stream', body);
    const final = text.slice(text.lastIndexOf('event: final'));
    const data = final.slice(final.indexOf('data: ') + 6, final.indexOf('\n\n'));
    return (JSON.parse(data) as { result: Record<string, { value: number }> }).result[last]!.value;
  };

  /** One closed-loop series: every latency, and the wall time of the whole series. */
  const series = async (mode: Mode): Promise<{ latencies: number[]; wallMs: number }> => {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < perClient; r += 1) {
          const value = c * 1000 + r;
          const t = performance.now();
          const got = await call(mode, value);
          latencies.push(performance.now() - t);
          if (got !== value + chain) throw new BenchmarkMismatchError(`SERVE ${mode}: client ${c} got ${got} for ${value}, expected ${value + chain} (cross-talk?)`);
        }
      }),
    );
    return { latencies, wallMs: performance.now() - started };
  };

  try {
    const modes: Mode[] = ['in_process', 'http_run', 'http_stream'];
    // Warm-up: JIT, sockets of the keep-alive pool.
    for (const mode of modes) await series(mode);
    let baseP50: number | undefined;
    for (const mode of modes) {
      collectGarbage();
      const { latencies, wallMs } = await series(mode);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      if (mode === 'in_process') baseP50 = p50;
      put({
        workload: 'SERVE',
        params: { mode, clients, chain, sleep_ms: sleepMs },
        median_ms: round(p50),
        min_ms: round(sorted[0]!),
        extra: {
          reps: latencies.length,
          p50_ms: round(p50),
          p99_ms: round(p99),
          req_per_s: round(latencies.length / (wallMs / 1000), 1),
          runs_per_s_median: round(latencies.length / (wallMs / 1000), 1),
          ideal_ms: chain * sleepMs,
          p50_over_in_process: baseP50 !== undefined ? round(p50 / baseP50) : null,
          added_p50_ms: baseP50 !== undefined ? round(p50 - baseP50) : null,
          client_in_process: true,
          peak_rss_mb: peakRssMb(),
        },
      });
    }
  } finally {
    agent.destroy();
    await server.close({ timeoutMs: 1_000 });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runServeBench({ quick: quickRequested() }));
