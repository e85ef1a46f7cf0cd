import { PipelineValidationError } from '../../errors.js';
import { describeValue } from '../../describe.js';

/**
 * The resilience options of `addComponent` (a Node-only extra; Haystack has none at the component
 * level): a time limit per attempt, retries with backoff, and a concurrency limit that every run
 * of the pipeline shares.
 */

/** When and how often a failed component call is tried again. */
export interface RetryOptions {
  /**
   * How many attempts in all, the first included.
   * @default 3
   * @example { maxAttempts: 5 }
   */
  readonly maxAttempts?: number;
  /**
   * The wait before the first retry, in milliseconds; each later wait is `backoffFactor` times longer.
   * @default 500
   */
  readonly initialInterval?: number;
  /**
   * How much longer each wait is than the one before.
   * @default 2
   */
  readonly backoffFactor?: number;
  /**
   * The longest wait between attempts, in milliseconds (also caps a server's `retryAfter`).
   * @default 30000
   */
  readonly maxInterval?: number;
  /**
   * Spread the waits randomly over [½, 1] × the backoff, so that many runs failing together (a 429
   * burst) do not retry in lockstep.
   * @default true
   */
  readonly jitter?: boolean;
  /**
   * Decides whether an error is worth another attempt (`attempt` is the 1-based attempt that failed).
   * @default {@link isRetryableError}: rate limits (429), 408, 5xx, connection failures, attempt timeouts
   * @example { retryOn: (error) => error instanceof MyTransientError }
   */
  readonly retryOn?: (error: unknown, attempt: number) => boolean;
}

/** The resilience options of `addComponent`. */
export interface ComponentResilienceOptions {
  /**
   * The time limit of one attempt, in milliseconds. When it is reached the attempt's `context.signal`
   * aborts with a `ComponentAttemptTimeoutError`, which is retried when `retry` is set (the run
   * option `componentTimeouts`, by contrast, bounds all attempts together and stops the run).
   * @default no limit
   * @example pipeline.addComponent('llm', generator, { timeout: 20_000 })
   */
  readonly timeout?: number;
  /**
   * Retry failed calls: `true` for the defaults, a number for `maxAttempts`, or {@link RetryOptions}.
   * @default no retries
   * @example pipeline.addComponent('llm', generator, { retry: { maxAttempts: 4, initialInterval: 1000 } })
   */
  readonly retry?: RetryOptions | number | boolean;
  /**
   * The most calls of this component in flight at once, across every run of the pipeline (a
   * service's concurrent requests included); the others wait their turn, first come first served.
   * Retries wait for a slot again; the waits between attempts hold none.
   * @default no limit
   * @example pipeline.addComponent('llm', generator, { concurrencyLimit: 8 })
   */
  readonly concurrencyLimit?: number;
}

/** {@link RetryOptions} after validation. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly initialInterval: number;
  readonly backoffFactor: number;
  readonly maxInterval: number;
  readonly jitter: boolean;
  readonly retryOn: ((error: unknown, attempt: number) => boolean) | undefined;
}

/** {@link ComponentResilienceOptions} after validation; `undefined` fields are off. */
export interface ResolvedResilienceOptions {
  readonly timeout: number | undefined;
  readonly retry: ResolvedRetryOptions | undefined;
  readonly concurrencyLimit: number | undefined;
}

/** The option names, so that `addComponent` can tell them from typos. */
export const RESILIENCE_OPTION_NAMES: readonly string[] = ['timeout', 'retry', 'concurrencyLimit'];
const RETRY_OPTION_NAMES: readonly string[] = ['maxAttempts', 'initialInterval', 'backoffFactor', 'maxInterval', 'jitter', 'retryOn'];

export const RETRY_DEFAULTS = { maxAttempts: 3, initialInterval: 500, backoffFactor: 2, maxInterval: 30_000, jitter: true } as const;

/** The largest delay `setTimeout` honours. */
const MAX_MS = 2 ** 31 - 1;

/**
 * Validates the resilience fields of `addComponent`'s options (other fields are not looked at).
 * @returns `undefined` when none is set
 * @throws PipelineValidationError with "expected X, got Y"
 */
export function resolveResilienceOptions(options: unknown, where: string): ResolvedResilienceOptions | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const o = options as ComponentResilienceOptions;
  if (o.timeout === undefined && o.retry === undefined && o.concurrencyLimit === undefined) return undefined;
  const timeout = o.timeout;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0) || timeout > MAX_MS)) {
    throw new PipelineValidationError(`${where}: expected timeout to be a number of milliseconds in (0, ${MAX_MS}], got ${describeValue(timeout)}.`);
  }
  const limit = o.concurrencyLimit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new PipelineValidationError(`${where}: expected concurrencyLimit to be an integer >= 1, got ${describeValue(limit)}.`);
  }
  return { timeout, retry: resolveRetry(o.retry, where), concurrencyLimit: limit };
}

function resolveRetry(retry: unknown, where: string): ResolvedRetryOptions | undefined {
  if (retry === undefined || retry === false) return undefined;
  if (retry === true) return { ...RETRY_DEFAULTS, retryOn: undefined };
  if (typeof retry === 'number') return { ...RETRY_DEFAULTS, retryOn: undefined, maxAttempts: attempts(retry, where) };
  if (typeof retry !== 'object' || retry === null || Array.isArray(retry)) {
    throw new PipelineValidationError(`${where}: expected retry to be true, a number of attempts or a RetryOptions object, got ${describeValue(retry)}.`);
  }
  for (const key of Object.keys(retry)) {
    if (!RETRY_OPTION_NAMES.includes(key)) {
      throw new PipelineValidationError(`${where}: unknown retry option '${key}'; the options are: ${RETRY_OPTION_NAMES.join(', ')}.`);
    }
  }
  const r = retry as RetryOptions;
  const number = (name: keyof RetryOptions, value: unknown, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_MS) {
      throw new PipelineValidationError(`${where}: expected retry.${name} to be a number in [${min}, ${MAX_MS}], got ${describeValue(value)}.`);
    }
    return value;
  };
  if (r.jitter !== undefined && typeof r.jitter !== 'boolean') {
    throw new PipelineValidationError(`${where}: expected retry.jitter to be a boolean, got ${describeValue(r.jitter)}.`);
  }
  if (r.retryOn !== undefined && typeof r.retryOn !== 'function') {
    throw new PipelineValidationError(`${where}: expected retry.retryOn to be a function (error, attempt) => boolean, got ${describeValue(r.retryOn)}.`);
  }
  return {
    maxAttempts: r.maxAttempts === undefined ? RETRY_DEFAULTS.maxAttempts : attempts(r.maxAttempts, where),
    initialInterval: number('initialInterval', r.initialInterval, RETRY_DEFAULTS.initialInterval, 0),
    backoffFactor: number('backoffFactor', r.backoffFactor, RETRY_DEFAULTS.backoffFactor, 1),
    maxInterval: number('maxInterval', r.maxInterval, RETRY_DEFAULTS.maxInterval, 0),
    jitter: r.jitter ?? RETRY_DEFAULTS.jitter,
    retryOn: r.retryOn,
  };
}

function attempts(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1000) {
    throw new PipelineValidationError(`${where}: expected retry.maxAttempts to be an integer in [1, 1000], got ${describeValue(value)}.`);
  }
  return value;
}
