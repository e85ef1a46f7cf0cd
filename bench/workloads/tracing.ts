/**
 * Tracing overhead (our own workload, issue 11): W1's linear chain of 50 components with tracing off
 * (the no-op default) and with the OpenTelemetry tracer exporting to the SDK's InMemorySpanExporter.
 * `extra.tracing_overhead_us_per_component` = µs per component above the same case with tracing off.
 */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryTracer, disableTracing, enableTracing } from '../../src/index.js';
import { isMainModule, quickRequested, round, runAsScript, type BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { runW1, type W1Case } from './w1-linear-chain.js';

const CASES: readonly W1Case[] = [
  { components: 50, mode: 'run', component_kind: 'sync_only' },
  { components: 50, mode: 'run_async', component_kind: 'async_capable' },
];

type TracerKind = 'off' | 'otel-inmemory';

export async function runTracing(options: WorkloadOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const { records, put } = recorder(options.sink);
  const byCase = new Map<string, number>();
  for (const kind of ['off', 'otel-inmemory'] as const satisfies readonly TracerKind[]) {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    if (kind === 'otel-inmemory') enableTracing(await OpenTelemetryTracer.create({ tracer: provider.getTracer('bench') }));
    try {
      for (const params of CASES) {
        const [record] = await runW1({ quick, cases: [params], sink: () => undefined });
        if (record === undefined) throw new Error('tracing: W1 produced no record');
        const key = `${params.mode}/${params.component_kind}`;
        const usPerComponent = Number(record.extra['us_per_component']);
        if (kind === 'off') byCase.set(key, usPerComponent);
        const off = byCase.get(key);
        const spans = exporter.getFinishedSpans().length;
        exporter.reset();
        put({
          workload: 'W1-tracing',
          params: { ...params, tracer: kind },
          median_ms: record.median_ms,
          min_ms: record.min_ms,
          extra: {
            reps: record.extra.reps,
            us_per_component: usPerComponent,
            steady_overhead_us_per_component: record.extra['steady_overhead_us_per_component'],
            ...(kind !== 'off' && off !== undefined ? { tracing_overhead_us_per_component: round(usPerComponent - off) } : {}),
            spans_exported: spans,
          },
        });
      }
    } finally {
      disableTracing();
      await provider.shutdown();
    }
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runTracing({ quick: quickRequested() }));
