import { errorResponse } from './error-response.js';
import type { ServerState } from './server-state.js';

/**
 * Responses built with their `x-request-id` header already in place. The app's middleware sets
 * the header on every other response; setting it afterwards makes `@hono/node-server` turn the
 * plain header object into a `Headers` and back (a tenth of the adapter's time per request).
 */
const stampedResponses = new WeakSet<Response>();

/** Marks a response as carrying its `x-request-id` (see {@link isStamped}). */
export function stamped(response: Response): Response {
  stampedResponses.add(response);
  return response;
}

/** Whether the response was built with its `x-request-id`. */
export function isStamped(response: Response): boolean {
  return stampedResponses.has(response);
}

/** The `x-request-id` header, to spread into a response's headers. */
export function idHeader(requestId: string): { readonly 'x-request-id': string } {
  return { 'x-request-id': requestId };
}

/** A JSON response (Fetch API), so handlers stay independent of the framework's status typing. */
export function jsonResponse(body: unknown, status = 200, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** The error's status and body; the failure is logged with the request id (never the inputs). */
export function errorJson(error: unknown, requestId: string, state: ServerState, pipeline: string | undefined): Response {
  const { status, body } = errorResponse(error, requestId);
  if (status >= 500 || status === 422) {
    state.warn('serve: run failed', {
      requestId,
      pipeline,
      status,
      error: body.error.type,
      component: body.error.component,
      // The full message is for the operator; the body carries only the safe summary.
      detail: error instanceof Error ? error.message : undefined,
    });
  }
  return stamped(jsonResponse(body, status, idHeader(requestId)));
}

/** A refusal made by the server itself (busy, shutting down, bad body), not by a run. */
export function refusal(status: number, type: string, message: string, requestId: string, headers: Readonly<Record<string, string>> = {}): Response {
  return stamped(jsonResponse({ error: { type, message, requestId } }, status, { ...headers, ...idHeader(requestId) }));
}
