/**
 * The error taxonomy: one base class, a few families, a stable `name` on each.
 *
 * Messages start with the API location (`Pipeline.connect: ...`) and say what to do. Fields carry
 * the data a caller needs to react without parsing the message (component, socket, visits, cause).
 * Type guards check a brand and the `name`, so they work across duplicated copies of the package
 * (two versions in one `node_modules`) where `instanceof` would fail.
 */

const BRAND = Symbol.for('haystack-ts.error');

/** Data that any haystack-ts error may carry. */
export interface HaystackErrorDetails {
  /** The component's name in the pipeline, when one is involved. */
  readonly component?: string | undefined;
  /** The socket's name, when one is involved. */
  readonly socket?: string | undefined;
  /** The underlying error. */
  readonly cause?: unknown;
}

/**
 * Pins a class's `name` to `name`, so it survives minifiers that rename classes (esbuild
 * `--minify` turns `PipelineRuntimeError` into a one-letter name). Each error's `name` and the
 * type guards read it. Call it in a static block of every error class: `static { named(this, 'X') }`.
 */
export function named(ctor: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(ctor, 'name', { value: name, configurable: true });
}

/** Base class of every error this library throws on purpose. */
export class HaystackError extends Error {
  static {
    named(this, 'HaystackError');
  }
  readonly component: string | undefined;
  readonly socket: string | undefined;
  declare readonly [BRAND]: true;

  constructor(message: string, details: HaystackErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    // The class's pinned name (see `named`); a subclass that pins none shows its own class name.
    this.name = new.target.name;
    this.component = details.component;
    this.socket = details.socket;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Errors of pipeline building and running that are not component failures. */
export class PipelineError extends HaystackError {
  static {
    named(this, 'PipelineError');
  }
}

/** A connection that cannot be made: unknown socket, incompatible types, ambiguous pair. */
export class PipelineConnectError extends PipelineError {
  static {
    named(this, 'PipelineConnectError');
  }
}

/** Bad input to a pipeline or a component: unknown component or socket, missing mandatory input. */
export class PipelineValidationError extends PipelineError {
  static {
    named(this, 'PipelineValidationError');
  }
}

/** A component was about to run more often than `maxRunsPerComponent` allows. */
export class PipelineMaxComponentRuns extends PipelineError {
  static {
    named(this, 'PipelineMaxComponentRuns');
  }
  /** How many times the component had run when the limit was hit. */
  readonly visits: number;
  constructor(message: string, details: HaystackErrorDetails & { visits: number }) {
    super(message, details);
    this.visits = details.visits;
  }
}

/**
 * Why a drawing failed: the renderer's packages or the browser are missing, the render failed, or
 * the file could not be written.
 */
export type PipelineDrawingFailure = 'renderer-missing' | 'browser-missing' | 'render-failed' | 'write-failed';

/** Drawing a pipeline (Mermaid text or image) failed. `reason` says why, for callers that react to it. */
export class PipelineDrawingError extends PipelineError {
  static {
    named(this, 'PipelineDrawingError');
  }
  readonly reason: PipelineDrawingFailure;
  constructor(message: string, details: HaystackErrorDetails & { reason: PipelineDrawingFailure }) {
    super(message, details);
    this.reason = details.reason;
  }
}

/** A component failed while the pipeline ran it, or returned something that is not an output object. */
export class PipelineRuntimeError extends HaystackError {
  static {
    named(this, 'PipelineRuntimeError');
  }
  /** The component's class name, when known. */
  readonly componentType: string | undefined;
  /** The outputs the pipeline had produced before the failure, keyed by component name. */
  readonly partialOutputs: Readonly<Record<string, Readonly<Record<string, unknown>>>>;

  constructor(
    message: string,
    details: HaystackErrorDetails & {
      componentType?: string | undefined;
      partialOutputs?: Record<string, Record<string, unknown>>;
    } = {},
  ) {
    super(message, details);
    this.componentType = details.componentType;
    this.partialOutputs = details.partialOutputs ?? {};
  }
}

/** Every component is blocked before anything could run: there is no valid entry point. */
export class PipelineComponentsBlockedError extends PipelineRuntimeError {
  static {
    named(this, 'PipelineComponentsBlockedError');
  }
}

/** A component's `warmUp()` failed: `component` names it and `cause` is what it threw. */
export class PipelineWarmUpError extends PipelineRuntimeError {
  static {
    named(this, 'PipelineWarmUpError');
  }
}

/**
 * A component ran longer than its `timeout` (an `addComponent` option): its signal was aborted and
 * the run stopped. `component` names it; `timeoutMs` is the limit it exceeded.
 */
export class PipelineComponentTimeoutError extends PipelineRuntimeError {
  static {
    named(this, 'PipelineComponentTimeoutError');
  }
  /** The component's time limit, in milliseconds. */
  readonly timeoutMs: number;
  constructor(
    message: string,
    details: HaystackErrorDetails & {
      componentType?: string | undefined;
      partialOutputs?: Record<string, Record<string, unknown>>;
      timeoutMs: number;
    },
  ) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
  }
}

/**
 * A value cannot cross a connection's conversion (`convertValue`): an empty list or a list of
 * several items to unwrap, a `ChatMessage` without text. The engine reports it as the `cause` of
 * the `PipelineRuntimeError` that stops the run (Haystack's `ValueError`).
 */
export class ConversionError extends HaystackError {
  static {
    named(this, 'ConversionError');
  }
}

/** A component is declared wrongly (sockets, `run`/`runAsync`, options). */
export class ComponentError extends HaystackError {
  static {
    named(this, 'ComponentError');
  }
}

/** A value cannot be serialized (`toDict`, `dumps`). */
export class SerializationError extends HaystackError {
  static {
    named(this, 'SerializationError');
  }
}

/** Serialized data cannot be turned back into objects: unknown type, hostile keys, plain secrets. */
export class DeserializationError extends HaystackError {
  static {
    named(this, 'DeserializationError');
  }
}

/**
 * A `Document` cannot be built from what was given: a field of the wrong type, or text whose id
 * would not be faithful (a lone UTF-16 surrogate). `field` names the offending field.
 */
export class DocumentValidationError extends HaystackError {
  static {
    named(this, 'DocumentValidationError');
  }
  /** The field at fault: `content`, `embedding`, `score`, `meta`, `blob.mimeType`. */
  readonly field: string;
  constructor(message: string, details: HaystackErrorDetails & { field: string }) {
    super(message, details);
    this.field = details.field;
  }
}

/** A document-store filter is malformed. */
export class FilterError extends HaystackError {
  static {
    named(this, 'FilterError');
  }
}

/** True for any error thrown on purpose by haystack-ts, even from another copy of the package. */
export function isHaystackError(error: unknown): error is HaystackError {
  if (typeof error !== 'object' || error === null) return false;
  // A guard never throws, even on a thrown Proxy whose traps do.
  try {
    return (error as Record<symbol, unknown>)[BRAND] === true;
  } catch {
    return false;
  }
}

/** Narrows `error` to one family by its stable `name` (subclasses included). */
export function isErrorNamed<E extends HaystackError>(
  error: unknown,
  ctor: abstract new (...args: never[]) => E,
): error is E {
  if (!isHaystackError(error)) return false;
  if (error instanceof ctor) return true;
  // Another copy of the package: its own name, or a class of that name up its prototype chain
  // (so a PipelineComponentsBlockedError also counts as a PipelineRuntimeError).
  if (error.name === ctor.name) return true;
  for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    if ((proto as { constructor?: { name?: unknown } }).constructor?.name === ctor.name) return true;
  }
  return false;
}

/** True for the standard abort rejection (`DOMException` named `AbortError`, or any error named so). */
export function isAbortError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  try {
    return (error as { name?: unknown }).name === 'AbortError';
  } catch {
    return false;
  }
}

/**
 * A component set to run in a worker thread cannot be rebuilt there (its class declares no
 * `moduleUrl`, its init parameters do not serialize, or the worker failed to import or construct
 * it). Raised by `addComponent` or `warmUp`, never in the middle of a run.
 */
export class WorkerReconstructionError extends ComponentError {
  static {
    named(this, 'WorkerReconstructionError');
  }
}

/**
 * One attempt of a component ran longer than its `timeout` (an `addComponent` option): the attempt's
 * signal was aborted. Retryable by default when the component also has a `retry` policy.
 */
export class ComponentAttemptTimeoutError extends ComponentError {
  static {
    named(this, 'ComponentAttemptTimeoutError');
  }
  /** The time limit of one attempt, in milliseconds. */
  readonly timeoutMs: number;
  /** Which attempt (1-based) timed out. */
  readonly attempt: number;
  constructor(message: string, details: HaystackErrorDetails & { timeoutMs: number; attempt: number }) {
    super(message, details);
    this.timeoutMs = details.timeoutMs;
    this.attempt = details.attempt;
  }
}

/**
 * A component with a `retry` policy (an `addComponent` option) failed every attempt it was allowed,
 * or failed again with an error that is not retryable. `cause` is the last attempt's error,
 * `errors` every attempt's, in order.
 */
export class ComponentRetryError extends ComponentError {
  static {
    named(this, 'ComponentRetryError');
  }
  /** How many attempts were made. */
  readonly attempts: number;
  /** What each attempt threw, in order. */
  readonly errors: readonly unknown[];
  constructor(message: string, details: HaystackErrorDetails & { attempts: number; errors: readonly unknown[] }) {
    super(message, details);
    this.attempts = details.attempts;
    this.errors = details.errors;
  }
}
