import {
  DeserializationError,
  PipelineComponentTimeoutError,
  PipelineComponentsBlockedError,
  PipelineMaxComponentRuns,
  PipelineRuntimeError,
  PipelineValidationError,
  isAbortError,
  isErrorNamed,
  isHaystackError,
} from '../errors.js';

/** The JSON error body every endpoint answers with. */
export interface ErrorBody {
  readonly error: {
    /** The error's stable name (`PipelineValidationError`, ...), or a server condition (`QueueFull`). */
    readonly type: string;
    readonly message: string;
    readonly component?: string;
    readonly socket?: string;
    readonly requestId: string;
  };
}

/** An HTTP status and the body that goes with it. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
}

/** Status 499 (nginx's "client closed request"): logged for a disconnect, never sent. */
export const CLIENT_CLOSED = 499;

/**
 * Maps what a run threw to a status: bad input 400, a pipeline that cannot proceed (blocked, or a
 * component over `maxRunsPerComponent`) 422, a component past its time limit 504, any other
 * component failure 500, an abort (the client left) 499.
 *
 * Only messages of validation errors reach the body: they are about the request and written by
 * this library. A component failure's message embeds whatever the component threw (an upstream
 * API's text, a path), so the body names the component and says no more; the full message goes
 * to the log. No stack ever leaves the process.
 */
export function errorResponse(error: unknown, requestId: string): ErrorResponse {
  const make = (status: number, type: string, message: string, component?: string, socket?: string): ErrorResponse => ({
    status,
    body: {
      error: {
        type,
        message,
        ...(component !== undefined ? { component } : {}),
        ...(socket !== undefined ? { socket } : {}),
        requestId,
      },
    },
  });
  if (isAbortError(error)) return make(CLIENT_CLOSED, 'AbortError', 'The request was aborted.');
  if (!isHaystackError(error)) return make(500, 'InternalError', 'The server failed to handle the request.');
  if (error.name === 'PayloadTooLargeError') return make(413, 'PayloadTooLarge', error.message);
  const { component, socket, name } = error;
  // Each guard on a fresh `unknown`: the error classes are alike in shape, so a failed guard on a
  // narrowed value would narrow the next ones to `never`.
  const raw: unknown = error;
  if (isErrorNamed(raw, PipelineValidationError) || isErrorNamed(raw, DeserializationError)) {
    return make(400, name, error.message, component, socket);
  }
  if (isErrorNamed(raw, PipelineComponentsBlockedError)) {
    return make(422, name, 'The pipeline is blocked: no component can run with the given inputs. Check GET /<name>/schema for the mandatory inputs.', component);
  }
  if (isErrorNamed(raw, PipelineMaxComponentRuns)) {
    return make(422, name, `Component '${component ?? '?'}' reached the pipeline's maxRunsPerComponent limit.`, component);
  }
  const timeout: unknown = error;
  if (isErrorNamed(timeout, PipelineComponentTimeoutError)) {
    return make(504, name, `Component '${component ?? '?'}' did not finish within ${timeout.timeoutMs} ms.`, component);
  }
  const runtime: unknown = error;
  if (isErrorNamed(runtime, PipelineRuntimeError)) {
    const type = runtime.componentType !== undefined ? ` (type '${runtime.componentType}')` : '';
    return make(500, name, `Component '${component ?? '?'}'${type} failed while the pipeline ran.`, component);
  }
  return make(500, name, 'The pipeline failed.', component);
}
