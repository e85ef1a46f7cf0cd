/**
 * The tracer layer (Haystack's `haystack/tracing/tracer.py`): a `Tracer` that starts `Span`s, one
 * process-wide tracer set with `enableTracing` (no-op until then), and content tracing, off unless
 * `HAYSTACK_CONTENT_TRACING_ENABLED=true` or `setContentTracingEnabled(true)`.
 *
 * Haystack's tracer is a context manager (`with tracer.trace(...)`); in JavaScript a span is started
 * and ended explicitly, and `trace()` wraps a function (sync or async) for code of your own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PipelineValidationError } from '../../errors.js';

/** An instrumented operation (Haystack's `Span`). Only `setTag` and `end` are required. */
export interface Span {
  /** Sets one tag; values that are not string, number or boolean are coerced by the tracer. */
  setTag(key: string, value: unknown): void;
  /** Ends the span; called exactly once. */
  end(): void;
  /** Sets several tags (default: `setTag` for each). */
  setTags?(tags: Readonly<Record<string, unknown>>): void;
  /**
   * Sets a tag carrying content (a query, documents, a reply). The engine calls it only when content
   * tracing is enabled; without it, `setTag` is used.
   */
  setContentTag?(key: string, value: unknown): void;
  /** Marks the span as failed and records the error (its name and message; never inputs). */
  recordError?(error: unknown): void;
  /** The backend's own span object. */
  rawSpan?(): unknown;
  /** Identifiers to add to log records (e.g. `trace_id`, `span_id`). */
  getCorrelationDataForLogs?(): Record<string, unknown>;
}

/** Options of {@link Tracer.startSpan} and {@link trace}. */
export interface SpanOptions {
  /** Tags set on the new span. */
  readonly tags?: Readonly<Record<string, unknown>>;
  /** The parent; when absent the tracer's current span, if any, else a root span. */
  readonly parentSpan?: Span | undefined;
}

/** Creates spans (Haystack's `Tracer`). */
export interface Tracer {
  /** Starts a span that is not yet active; the caller ends it. */
  startSpan(operationName: string, options?: SpanOptions): Span;
  /**
   * Runs `fn` with `span` active in the backend's own context (OpenTelemetry's), so that spans
   * created by instrumented libraries inside `fn` get it as parent. Default: just calls `fn`.
   */
  withActiveSpan?<R>(span: Span, fn: () => R): R;
  /** The backend's current span, if any (used as parent of a pipeline run started outside any span). */
  currentSpan?(): Span | undefined;
}

/** Haystack's environment variable turning content tags on. */
export const HAYSTACK_CONTENT_TRACING_ENABLED_ENV_VAR = 'HAYSTACK_CONTENT_TRACING_ENABLED';

let active: Tracer | undefined;
let contentTracing = (globalThis.process?.env?.[HAYSTACK_CONTENT_TRACING_ENABLED_ENV_VAR] ?? 'false').toLowerCase() === 'true';

/** The span that is current in this async context, set while a traced function or component runs. */
const current = new AsyncLocalStorage<Span>();

/**
 * Sends spans to `tracer` from now on (Haystack's `enable_tracing`), for every pipeline of the
 * process. Runs already going keep the tracer they started with.
 * @example enableTracing(await OpenTelemetryTracer.create());
 */
export function enableTracing(tracer: Tracer): void {
  if (typeof tracer !== 'object' || tracer === null || typeof (tracer as { startSpan?: unknown }).startSpan !== 'function') {
    throw new PipelineValidationError(`enableTracing: expected a tracer (an object with startSpan(operationName, options)), got ${tracer === null ? 'null' : typeof tracer}.`);
  }
  active = tracer;
}

/** Back to the no-op default (Haystack's `disable_tracing`). */
export function disableTracing(): void {
  active = undefined;
}

/** Whether a tracer is enabled (Haystack's `is_tracing_enabled`). */
export function isTracingEnabled(): boolean {
  return active !== undefined;
}

/** The enabled tracer, or undefined (tracing off: nothing is created, nothing costs). */
export function activeTracer(): Tracer | undefined {
  return active;
}

/**
 * Turns content tags (component inputs and outputs, pipeline input and output data) on or off;
 * initially from `HAYSTACK_CONTENT_TRACING_ENABLED`. Returns the previous setting.
 */
export function setContentTracingEnabled(enabled: boolean): boolean {
  if (typeof enabled !== 'boolean') throw new PipelineValidationError(`setContentTracingEnabled: expected a boolean, got ${typeof enabled}.`);
  const previous = contentTracing;
  contentTracing = enabled;
  return previous;
}

/** Whether content tags are recorded. */
export function isContentTracingEnabled(): boolean {
  return contentTracing;
}

/** Sets a content tag when content tracing is enabled (Haystack's `Span.set_content_tag`). */
export function setContentTag(span: Span, key: string, value: unknown): void {
  if (!contentTracing) return;
  if (span.setContentTag !== undefined) span.setContentTag(key, value);
  else span.setTag(key, value);
}

/** Sets every tag, with the span's `setTags` when it has one. */
export function setTags(span: Span, tags: Readonly<Record<string, unknown>>): void {
  if (span.setTags !== undefined) span.setTags(tags);
  else for (const key of Object.keys(tags)) span.setTag(key, tags[key]);
}

/** The current span: the one of the traced function or component running in this async context. */
export function currentSpan(): Span | undefined {
  return current.getStore() ?? active?.currentSpan?.();
}

/**
 * Runs `fn` with `span` current (for {@link currentSpan} and nested spans) and active in the
 * tracer's backend.
 */
export function runWithSpan<R>(tracer: Tracer, span: Span, fn: () => R): R {
  return current.run(span, () => (tracer.withActiveSpan !== undefined ? tracer.withActiveSpan(span, fn) : fn()));
}

/**
 * Traces `fn` in a span of the enabled tracer (Haystack's `with tracer.trace(...)`), child of the
 * current span: ended when `fn` returns or its promise settles, failed (status and exception) when
 * it throws or rejects. Without a tracer, `fn` is just called.
 *
 * @example
 * const answer = await trace('my-app.answer', async (span) => {
 *   span.setTag('user', userId);
 *   return pipeline.runAsync(data); // its haystack.pipeline.run span is a child
 * });
 */
export function trace<R>(operationName: string, fn: (span: Span | undefined) => R, options?: SpanOptions): R {
  const tracer = active;
  if (tracer === undefined) return fn(undefined);
  const span = tracer.startSpan(operationName, { tags: options?.tags ?? {}, parentSpan: options?.parentSpan ?? currentSpan() });
  return endWhenSettled(span, () => runWithSpan(tracer, span, () => fn(span)));
}

/** Calls `fn`; ends `span` when it returns or its promise settles, recording a failure first. */
export function endWhenSettled<R>(span: Span, fn: () => R, onSuccess?: (value: unknown) => void): R {
  let result: R;
  try {
    result = fn();
  } catch (error) {
    span.recordError?.(error);
    span.end();
    throw error;
  }
  if (!isPromiseLike(result)) {
    onSuccess?.(result);
    span.end();
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      try {
        onSuccess?.(value);
      } finally {
        span.end();
      }
      return value;
    },
    (error: unknown) => {
      span.recordError?.(error);
      span.end();
      throw error;
    },
  ) as R;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
