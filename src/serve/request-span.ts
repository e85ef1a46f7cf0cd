import { isStamped, stamped } from './json-response.js';
import { activeTracer, currentSpan, runWithSpan, setTags, type Span, type Tracer } from '../core/tracing/tracer.js';

/**
 * One span per HTTP request when a tracer is enabled (`enableTracing`): it is current while the
 * handler runs, so the pipeline run's `haystack.pipeline.run` span (and through it every
 * component's) is its child, through AsyncLocalStorage. A streamed response keeps it open until
 * the body ends or the client leaves.
 */

/** The request span's operation name. */
export const SERVE_REQUEST = 'haystack.serve.request';

/** What the route handlers tell the request span about themselves. */
export interface RouteTags {
  /** The route pattern, e.g. `/rag/run` (never the raw path of an unmatched request). */
  readonly route: string;
  /** The served pipeline, once known (for `/v1/chat/completions`, the request's model). */
  readonly pipeline?: string | undefined;
}

/** A started request span and the tracer it belongs to. */
export interface RequestSpan {
  readonly tracer: Tracer;
  readonly span: Span;
}

/** Starts the span, child of the current one (an enclosing app's), or nothing when tracing is off. */
export function startRequestSpan(method: string, requestId: string): RequestSpan | undefined {
  const tracer = activeTracer();
  if (tracer === undefined) return undefined;
  const span = tracer.startSpan(SERVE_REQUEST, {
    tags: { 'http.request.method': method, 'haystack.serve.request_id': requestId },
    parentSpan: currentSpan(),
  });
  return { tracer, span };
}

/** Runs the handler chain with the span current. */
export function inRequestSpan<R>(request: RequestSpan, fn: () => R): R {
  return runWithSpan(request.tracer, request.span, fn);
}

/**
 * Tags the outcome and ends the span: now for a plain response; for an event stream when its body
 * ends (`haystack.serve.outcome` completed, failed or aborted). Returns the response to send.
 */
export function finishRequestSpan(request: RequestSpan, response: Response, route: RouteTags | undefined): Response {
  const { span } = request;
  setTags(span, {
    'http.route': route?.route ?? 'unmatched',
    'http.response.status_code': response.status,
    ...(route?.pipeline !== undefined ? { 'haystack.serve.pipeline': route.pipeline } : {}),
  });
  const body = response.body;
  if (body === null || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    span.end();
    return response;
  }
  let ended = false;
  const end = (outcome: string, error?: unknown): void => {
    if (ended) return;
    ended = true;
    span.setTag('haystack.serve.outcome', outcome);
    if (error !== undefined) span.recordError?.(error);
    span.end();
  };
  const reader = body.getReader();
  let cancelled = false;
  const traced = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let step: Awaited<ReturnType<typeof reader.read>>;
        try {
          step = await reader.read();
        } catch (error) {
          if (cancelled) return;
          controller.error(error);
          end('failed', error);
          return;
        }
        // The client left while the read was pending: cancel() ends the span.
        if (cancelled) return;
        if (step.done) {
          controller.close();
          end('completed');
        } else controller.enqueue(step.value);
      },
      async cancel(reason) {
        cancelled = true;
        // The run is aborted and settles first: its span ends inside this one.
        try {
          await reader.cancel(reason);
        } finally {
          end('aborted');
        }
      },
    },
    // Pulled only when the client reads, as the handlers' own streams are.
    { highWaterMark: 0 },
  );
  const wrapped = new Response(traced, { status: response.status, statusText: response.statusText, headers: response.headers });
  return isStamped(response) ? stamped(wrapped) : wrapped;
}
