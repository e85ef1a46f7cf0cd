import { PipelineValidationError } from '../errors.js';
import type { AsyncRunOptions } from '../core/pipeline/pipeline-options.js';
import { errorResponse } from './error-response.js';
import { pipelineSchemas } from './json-schema.js';
import { errorJson, idHeader, jsonResponse, stamped } from './json-response.js';
import { toJsonValue } from './json-value.js';
import { splitRunEvents, splitStreamEvents, type RunEvent, type TokenEvent } from './partial-events.js';
import { parseRunRequest, type RunRequest } from './request-data.js';
import { admit, type Admission } from './run-admission.js';
import { readBodyText } from './request-body.js';
import { RunGate } from './run-gate.js';
import type { ResolvedEntry } from './serve-options.js';
import type { ServerState } from './server-state.js';
import { SSE_HEADERS, sseEvent } from './sse.js';
import { streamMethodOf, tokenItems } from './token-stream.js';

/** The Fetch API handlers of one pipeline; the app routes to them. */
export interface PipelineHandlers {
  readonly gate: RunGate;
  run(request: Request, requestId: string): Promise<Response>;
  stream(request: Request, requestId: string): Promise<Response>;
  schema(): Response;
  mermaid(): Response;
}

/** Reads the body as JSON; a body that is not JSON is a 400 like any other bad input, one too large a 413. */
export async function readJson(request: Request, where: string, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(request, maxBytes, where);
  try {
    return text.length === 0 ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new PipelineValidationError(`${where}: the request body is not valid JSON.`);
  }
}

/** The run options of a served run. */
export function runOptions(state: ServerState, signal: AbortSignal, include: Iterable<string> | undefined): AsyncRunOptions {
  return {
    signal,
    ...(include !== undefined ? { includeOutputsFrom: include } : {}),
    ...(state.options.componentTimeouts !== undefined ? { componentTimeouts: state.options.componentTimeouts } : {}),
  };
}

/**
 * The final outputs as `/run` would return them for the request's `includeOutputsFrom`: a
 * stream runs with more components included (to send their partial outputs), so the sockets
 * that only inclusion added are dropped again.
 */
export function asRunResult(
  result: Readonly<Record<string, unknown>>,
  open: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  requested: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [component, outputs] of Object.entries(result)) {
    if (requested.has(component)) {
      out[component] = outputs;
      continue;
    }
    const keep = open[component];
    if (keep === undefined) continue;
    const kept = Object.fromEntries(Object.entries(outputs as Record<string, unknown>).filter(([socket]) => Object.hasOwn(keep, socket)));
    if (Object.keys(kept).length > 0) out[component] = kept;
  }
  return out;
}

/**
 * `/run`, `/stream`, `/schema` and `/mermaid` of one pipeline, as plain Fetch handlers: the
 * framework only routes to them, so no framework type reaches the public declarations.
 */
export function pipelineHandlers(entry: ResolvedEntry, state: ServerState): PipelineHandlers {
  const gate = new RunGate(entry.maxConcurrentRuns, entry.maxQueuedRuns);
  const base = `/${entry.name}`;
  const pipeline = entry.pipeline;
  // Once per served pipeline: looking for a streaming socket walks every component's inputs.
  const tokens = streamMethodOf(pipeline);

  /** Parses and admits a request, or answers the refusal. */
  const start = async (request: Request, requestId: string, where: string): Promise<{ body: RunRequest; admission: Admission } | Response> => {
    let body: RunRequest;
    try {
      body = parseRunRequest(await readJson(request, where, state.options.maxBodyBytes), pipeline, where);
    } catch (error) {
      return errorJson(error, requestId, state, entry.name);
    }
    let admission: Admission | Response;
    try {
      admission = await admit(state, gate, request.signal, requestId);
    } catch (error) {
      return errorJson(error, requestId, state, entry.name);
    }
    return admission instanceof Response ? admission : { body, admission };
  };

  const run = async (request: Request, requestId: string): Promise<Response> => {
    const started = await start(request, requestId, `POST ${base}/run`);
    if (started instanceof Response) return started;
    const { body, admission } = started;
    try {
      const result = await pipeline.runAsync(body.data, runOptions(state, admission.signal, body.includeOutputsFrom));
      return stamped(jsonResponse({ result: toJsonValue(result) }, 200, idHeader(requestId)));
    } catch (error) {
      return errorJson(error, requestId, state, entry.name);
    } finally {
      admission.done();
    }
  };

  const stream = async (request: Request, requestId: string): Promise<Response> => {
    const started = await start(request, requestId, `POST ${base}/stream`);
    if (started instanceof Response) return started;
    const { body, admission } = started;
    const requested = new Set(body.includeOutputsFrom ?? []);
    const include = new Set([...entry.streamOutputsFrom, ...requested]);
    const options = runOptions(state, admission.signal, include);
    let events: AsyncGenerator<RunEvent | TokenEvent, void, undefined>;
    if (tokens !== undefined) events = splitStreamEvents(tokenItems(tokens, body.data, options));
    else if (pipeline.runAsyncGenerator !== undefined) events = splitRunEvents(pipeline.runAsyncGenerator(body.data, options));
    else events = finalOnly(pipeline.runAsync(body.data, options));

    // The first event is awaited before answering, so that errors raised at the start of a run
    // (bad input, a blocked pipeline) still get their status instead of an error event under 200.
    let first: IteratorResult<RunEvent | TokenEvent, void>;
    try {
      first = await events.next();
    } catch (error) {
      admission.done();
      return errorJson(error, requestId, state, entry.name);
    }
    let seq = 0;
    const encode = (event: RunEvent | TokenEvent): Uint8Array => {
      seq++;
      if (event.kind === 'partial') return sseEvent('partial', { component: event.component, outputs: toJsonValue(event.outputs) }, seq);
      if (event.kind === 'token') return sseEvent('token', { component: event.component, content: event.content, finishReason: event.finishReason }, seq);
      return sseEvent('final', { result: toJsonValue(asRunResult(event.result, pipeline.outputs(), requested)) }, seq);
    };
    let outcome = 'completed';
    const finish = (): void => {
      if (outcome !== 'completed') state.info('serve: stream ended', { requestId, pipeline: entry.name, outcome, events: seq });
      admission.done();
    };
    const body$ = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          if (first.done) {
            controller.close();
            finish();
          } else controller.enqueue(encode(first.value));
        },
        async pull(controller) {
          try {
            const step = await events.next();
            if (step.done) {
              controller.close();
              finish();
              return;
            }
            controller.enqueue(encode(step.value));
          } catch (error) {
            const { status, body: errorBody } = errorResponse(error, requestId);
            outcome = status === 499 ? 'aborted' : 'failed';
            if (status !== 499) errorJson(error, requestId, state, entry.name);
            try {
              controller.enqueue(sseEvent('error', { status, ...errorBody }));
              controller.close();
            } catch {
              // The client is gone; nothing to send.
            }
            finish();
          }
        },
        async cancel() {
          // The client disconnected: abort the run through its signal and wait for it to settle.
          outcome = 'aborted';
          admission.abort();
          try {
            await events.return();
          } catch {
            // The run's abort error: expected.
          }
          finish();
        },
      },
      // Nothing is read ahead of the client: the generator schedules components only when pulled.
      { highWaterMark: 0 },
    );
    return stamped(new Response(body$, { headers: { ...SSE_HEADERS, ...idHeader(requestId) } }));
  };

  return {
    gate,
    run,
    stream,
    schema: () => jsonResponse(pipelineSchemas(pipeline)),
    mermaid: () => new Response(pipeline.toMermaid(), { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
  };
}

async function* finalOnly(result: Promise<Readonly<Record<string, unknown>>>): AsyncGenerator<RunEvent, void, undefined> {
  yield { kind: 'final', result: await result };
}
