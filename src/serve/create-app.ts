import { Hono, type Context } from 'hono';
import { isStamped, jsonResponse, refusal } from './json-response.js';
import { chatHandlers } from './chat-completions.js';
import { pipelineHandlers } from './pipeline-routes.js';
import { requestIdOf } from './request-id.js';
import { finishRequestSpan, inRequestSpan, startRequestSpan, type RouteTags } from './request-span.js';
import type { RunGate } from './run-gate.js';
import { resolveEntries, resolveServeOptions, type PipelineEntry, type ServeOptions } from './serve-options.js';
import type { ServablePipeline } from './servable-pipeline.js';
import { ServerState } from './server-state.js';

/** Options of {@link PipelineApp.shutdown}. */
export interface ShutdownOptions {
  /**
   * How long runs in flight may take to finish before they are aborted.
   * @default 10_000
   */
  readonly timeoutMs?: number;
}

/** How busy one served pipeline is. */
export interface PipelineLoad {
  readonly active: number;
  readonly queued: number;
}

/** Pipelines served over HTTP, as a Fetch handler. */
export interface PipelineApp {
  /**
   * The Fetch API handler: pass it to `listen()` on Node, to `Deno.serve` or `Bun.serve`, or
   * mount it in a Hono app (`app.mount('/pipelines', pipelineApp.fetch)`).
   */
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  /** The served pipelines' names. */
  readonly names: readonly string[];
  /** Requests running or waiting for a run, over all pipelines. */
  readonly inFlight: number;
  /** Whether `shutdown()` was called. */
  readonly closing: boolean;
  /** Runs active and queued, per pipeline. */
  load(name: string): PipelineLoad | undefined;
  /**
   * Graceful shutdown: new runs are refused with 503 from now on (the health endpoint says so
   * too), runs in flight finish; those still going after `timeoutMs` are aborted.
   */
  shutdown(options?: ShutdownOptions): Promise<void>;
}

/**
 * Serves pipelines over HTTP (issue 12; Hayhooks' role in Haystack). Each pipeline `name` gets:
 *
 * - `POST /name/run`: `{ "data": {...}, "includeOutputsFrom"?: [...] }` in, `{ "result": {...} }` out;
 * - `POST /name/stream`: the same body, answered with Server-Sent Events: `partial` per
 *   component output (`runAsyncGenerator`) and, when a component can stream, `token` per streamed
 *   chunk (`stream()`), in the order they happen; then `final` (the `/run` result) or `error`;
 * - `GET /name/schema`: `inputs()`/`outputs()` as JSON Schema; `GET /name/mermaid`: the Mermaid text;
 *
 * plus `GET /health`, and `POST /v1/chat/completions` / `GET /v1/models` (OpenAI-compatible,
 * with `tools` where the generator takes them) for the pipelines given a `chat` mapping. With a
 * tracer enabled, each request is a `haystack.serve.request` span, parent of the run's spans. Errors map to statuses: bad input 400 (naming component
 * and socket), blocked or over `maxRunsPerComponent` 422, a component failure 500, a component
 * timeout 504, busy or shutting down 503, a body over `maxBodyBytes` 413.
 *
 * @example
 * import { createPipelineApp, listen } from 'haystack-ts/serve';
 * const app = createPipelineApp({ rag: pipeline });
 * const server = await listen(app, { port: 3000 });
 * // curl -X POST localhost:3000/rag/run -d '{"data":{"query":"Rhodes"}}'
 */
export function createPipelineApp(pipelines: Readonly<Record<string, ServablePipeline | PipelineEntry>>, options?: ServeOptions): PipelineApp {
  const resolved = resolveServeOptions(options);
  const entries = resolveEntries(pipelines, resolved);
  const state = new ServerState(resolved);
  const app = new Hono<{ Variables: { requestId: string; route: RouteTags } }>();

  app.use('*', async (c, next) => {
    const requestId = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    const started = performance.now();
    const span = startRequestSpan(c.req.method, requestId);
    if (span === undefined) await next();
    else {
      await inRequestSpan(span, next);
      c.res = finishRequestSpan(span, c.res, c.get('route'));
    }
    if (!isStamped(c.res)) {
      try {
        c.res.headers.set('x-request-id', requestId);
      } catch {
        // Immutable headers (a response passed through from elsewhere): the id is still in the log.
      }
    }
    state.info('serve: request', () => ({
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
    }));
  });

  // Each handler names its route for the request span (the pattern, not the raw path).
  type C = Context<{ Variables: { requestId: string; route: RouteTags } }>;
  const routed =
    (route: string, pipeline: string | undefined, handle: (c: C) => Response | Promise<Response>) =>
    (c: C): Response | Promise<Response> => {
      c.set('route', { route, pipeline });
      return handle(c);
    };
  app.get(
    resolved.healthPath,
    routed(resolved.healthPath, undefined, () =>
      state.closing ? jsonResponse({ status: 'shutting-down', inFlight: state.inFlight }, 503) : jsonResponse({ status: 'ok', inFlight: state.inFlight }),
    ),
  );
  const gates = new Map<string, RunGate>();
  for (const entry of entries) {
    const handlers = pipelineHandlers(entry, state);
    const base = `/${entry.name}`;
    const pipeline = entry.name;
    app.post(`${base}/run`, routed(`${base}/run`, pipeline, (c) => handlers.run(c.req.raw, c.get('requestId'))));
    app.post(`${base}/stream`, routed(`${base}/stream`, pipeline, (c) => handlers.stream(c.req.raw, c.get('requestId'))));
    app.get(`${base}/schema`, routed(`${base}/schema`, pipeline, () => handlers.schema()));
    app.get(`${base}/mermaid`, routed(`${base}/mermaid`, pipeline, () => handlers.mermaid()));
    gates.set(entry.name, handlers.gate);
  }
  const chat = chatHandlers(entries, gates, state);
  app.get('/v1/models', routed('/v1/models', undefined, () => chat.models()));
  app.post(
    '/v1/chat/completions',
    routed('/v1/chat/completions', undefined, (c) =>
      chat.completions(c.req.raw, c.get('requestId'), (model) => c.set('route', { route: '/v1/chat/completions', pipeline: model })),
    ),
  );

  app.notFound((c) => refusal(404, 'NotFound', `No route ${c.req.method} ${c.req.path.slice(0, 200)}; served pipelines: ${entries.map((e) => e.name).join(', ')}.`, c.get('requestId')));
  app.onError((error, c) => {
    state.warn('serve: unhandled error', { requestId: c.get('requestId'), error: error.name });
    return refusal(500, 'InternalError', 'The server failed to handle the request.', c.get('requestId'));
  });

  return {
    fetch: (request, env) => app.fetch(request, env as object | undefined),
    names: entries.map((e) => e.name),
    get inFlight() {
      return state.inFlight;
    },
    get closing() {
      return state.closing;
    },
    load: (name) => {
      const gate = gates.get(name);
      return gate === undefined ? undefined : { active: gate.active, queued: gate.queued };
    },
    shutdown: (shutdownOptions) => state.shutdown(shutdownOptions?.timeoutMs ?? 10_000),
  };
}
