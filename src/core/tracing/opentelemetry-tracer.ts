/**
 * A {@link Tracer} on OpenTelemetry (Haystack's `OpenTelemetryTracer`), built on `@opentelemetry/api`,
 * an optional peer dependency imported on first use. Spans go wherever the application's
 * OpenTelemetry SDK sends them; tags become attributes (coerced as Haystack does), failures set
 * status ERROR and record the exception.
 */
import { PipelineValidationError } from '../../errors.js';
import { importOptional } from '../optional-package.js';
import { coerceTagValue } from './coerce.js';
import type { Span, SpanOptions, Tracer } from './tracer.js';

type OtelApi = typeof import('@opentelemetry/api');
type OtelTracer = import('@opentelemetry/api').Tracer;
type OtelSpan = import('@opentelemetry/api').Span;

/** The part of an OpenTelemetry `Tracer` this adapter uses (structural: no OpenTelemetry types in the public API). */
export interface OpenTelemetryTracerLike {
  startSpan(name: string, options?: object, context?: unknown): unknown;
}

/** Options of {@link OpenTelemetryTracer.create}. */
export interface OpenTelemetryTracerOptions {
  /**
   * The OpenTelemetry tracer to create spans with.
   * @default trace.getTracer('haystack') of the globally registered provider
   * @example OpenTelemetryTracer.create({ tracer: provider.getTracer('my-service') })
   */
  readonly tracer?: OpenTelemetryTracerLike;
}

let api: Promise<OtelApi> | undefined;
function loadApi(): Promise<OtelApi> {
  api ??= importOptional<OtelApi>(
    {
      name: '@opentelemetry/api',
      where: 'OpenTelemetryTracer.create',
      notInstalled:
        "OpenTelemetryTracer.create: the optional peer dependency '@opentelemetry/api' is not installed; run `npm install @opentelemetry/api` " +
        '(and an OpenTelemetry SDK to export the spans).',
      reinstall: 'npm install @opentelemetry/api',
    },
    () => import('@opentelemetry/api'),
    (message, cause) => new PipelineValidationError(message, { cause }),
  ).catch((error: unknown) => {
    api = undefined;
    throw error;
  });
  return api;
}

/** The OpenTelemetry span of each adapter span, for parenting (kept out of the public declarations). */
const rawSpans = new WeakMap<OpenTelemetrySpan, OtelSpan>();

/** One OpenTelemetry span behind Haystack's span interface. */
export class OpenTelemetrySpan implements Span {
  readonly #span: OtelSpan;
  readonly #api: OtelApi;

  /** @internal created by {@link OpenTelemetryTracer}; typed loosely so that declarations need no OpenTelemetry types */
  constructor(otel: object, span: object) {
    this.#api = otel as OtelApi;
    this.#span = span as OtelSpan;
    rawSpans.set(this, this.#span);
  }

  setTag(key: string, value: unknown): void {
    this.#span.setAttribute(key, coerceTagValue(value));
  }

  setTags(tags: Readonly<Record<string, unknown>>): void {
    for (const key of Object.keys(tags)) this.setTag(key, tags[key]);
  }

  recordError(error: unknown): void {
    const exception = error instanceof Error ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { message: String(error) };
    this.#span.recordException(exception);
    this.#span.setStatus({ code: this.#api.SpanStatusCode.ERROR, message: exception.message });
  }

  end(): void {
    this.#span.end();
  }

  /** The OpenTelemetry span. */
  rawSpan(): unknown {
    return this.#span;
  }

  getCorrelationDataForLogs(): Record<string, unknown> {
    const context = this.#span.spanContext();
    return { trace_id: context.traceId, span_id: context.spanId };
  }
}

/**
 * Haystack's tracer on OpenTelemetry. A pipeline run started inside an active OpenTelemetry span
 * (with a context manager registered, as the Node SDK does) becomes its child; spans that
 * instrumented libraries create inside a component (HTTP calls) become the component's children.
 *
 * @example
 * import { trace } from '@opentelemetry/api';
 * enableTracing(await OpenTelemetryTracer.create({ tracer: trace.getTracer('rag-service') }));
 */
export class OpenTelemetryTracer implements Tracer {
  readonly #api: OtelApi;
  readonly #tracer: OtelTracer;

  private constructor(otel: OtelApi, tracer: OtelTracer) {
    this.#api = otel;
    this.#tracer = tracer;
  }

  /** Imports `@opentelemetry/api` (once) and wraps `options.tracer`, or the global provider's `haystack` tracer. */
  static async create(options: OpenTelemetryTracerOptions = {}): Promise<OpenTelemetryTracer> {
    if (typeof options !== 'object' || options === null) {
      throw new PipelineValidationError(`OpenTelemetryTracer.create: expected an options object, got ${options === null ? 'null' : typeof options}.`);
    }
    const given = options.tracer;
    if (given !== undefined && (typeof given !== 'object' || given === null || typeof given.startSpan !== 'function')) {
      throw new PipelineValidationError('OpenTelemetryTracer.create: expected tracer to be an OpenTelemetry Tracer (with startSpan), got ' + `${given === null ? 'null' : typeof given}.`);
    }
    const otel = await loadApi();
    return new OpenTelemetryTracer(otel, (given as OtelTracer | undefined) ?? otel.trace.getTracer('haystack'));
  }

  startSpan(operationName: string, options: SpanOptions = {}): Span {
    const otel = this.#api;
    const parent = options.parentSpan;
    const raw = parent instanceof OpenTelemetrySpan ? rawSpans.get(parent) : undefined;
    const context = raw !== undefined ? otel.trace.setSpan(otel.context.active(), raw) : otel.context.active();
    const span = new OpenTelemetrySpan(otel, this.#tracer.startSpan(operationName, {}, context));
    if (options.tags !== undefined) span.setTags(options.tags);
    return span;
  }

  withActiveSpan<R>(span: Span, fn: () => R): R {
    const raw = span instanceof OpenTelemetrySpan ? rawSpans.get(span) : undefined;
    if (raw === undefined) return fn();
    const otel = this.#api;
    return otel.context.with(otel.trace.setSpan(otel.context.active(), raw), fn);
  }

  currentSpan(): Span | undefined {
    const span = this.#api.trace.getActiveSpan();
    return span === undefined || !span.isRecording() ? undefined : new OpenTelemetrySpan(this.#api, span);
  }
}
