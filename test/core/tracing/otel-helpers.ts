/** An OpenTelemetry SDK provider with an in-memory exporter, enabled as Haystack's tracer for one test. */
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OpenTelemetryTracer, disableTracing, enableTracing, setContentTracingEnabled } from '../../../src/index.js';

export interface OtelFixture {
  readonly exporter: InMemorySpanExporter;
  spans(): ReadableSpan[];
  byName(name: string): ReadableSpan[];
  parentOf(span: ReadableSpan): string | undefined;
  close(): Promise<void>;
}

export async function withOtel(options: { content?: boolean } = {}): Promise<OtelFixture> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  enableTracing(await OpenTelemetryTracer.create({ tracer: provider.getTracer('test') }));
  const previous = setContentTracingEnabled(options.content ?? false);
  return {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    byName: (name) => exporter.getFinishedSpans().filter((s) => s.name === name),
    parentOf: (span) => span.parentSpanContext?.spanId,
    async close() {
      disableTracing();
      setContentTracingEnabled(previous);
      await provider.shutdown();
    },
  };
}
