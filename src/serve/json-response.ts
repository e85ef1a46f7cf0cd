import { errorResponse } from './error-response.js';
import type { ServerState } from './server-state.js';

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
  return jsonResponse(body, status);
}

/** A refusal made by the server itself (busy, shutting down, bad body), not by a run. */
export function refusal(status: number, type: string, message: string, requestId: string, headers: Readonly<Record<string, string>> = {}): Response {
  return jsonResponse({ error: { type, message, requestId } }, status, headers);
}
