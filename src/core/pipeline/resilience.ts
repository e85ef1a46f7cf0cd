import { ComponentAttemptTimeoutError, ComponentRetryError, isAbortError, isErrorNamed } from '../../errors.js';
import type { AnyComponent, RunContext } from '../component/component.js';
import { getLogger } from '../logger.js';
import { describeThrown } from '../thrown-value.js';
import type { CompiledNode } from './compiled-graph.js';
import { ComponentLimit } from './component-limit.js';
import { callWithDeadline } from './deadline.js';
import type { ResolvedResilienceOptions, ResolvedRetryOptions } from './resilience-options.js';

/**
 * What `addComponent`'s `timeout`, `retry` and `concurrencyLimit` do around each call of one
 * component instance: take a slot of the shared limit, run one attempt under its time limit, and on
 * a retryable failure wait (backoff with jitter, or the server's `retryAfter`) and try again.
 *
 * The run's signal always wins: an abort during an attempt, a wait for a slot or a backoff stops at
 * once with the abort's reason, never retried. Every attempt gets the same inputs object.
 */
export class ComponentPolicy {
  readonly options: ResolvedResilienceOptions;
  /** The concurrency limit shared by every run, when one is set. */
  readonly limit: ComponentLimit | undefined;
  /** Replaceable in tests: the source of jitter. */
  random: () => number = Math.random;

  constructor(options: ResolvedResilienceOptions) {
    this.options = options;
    this.limit = options.concurrencyLimit === undefined ? undefined : new ComponentLimit(options.concurrencyLimit);
  }

  /** Runs `once` (one attempt of the component) under the policy. */
  async call(node: CompiledNode, context: RunContext, once: (context: RunContext) => unknown): Promise<unknown> {
    const retry = this.options.retry;
    const maxAttempts = retry?.maxAttempts ?? 1;
    const errors: unknown[] = [];
    for (let attempt = 1; ; attempt++) {
      context.signal.throwIfAborted();
      try {
        return await this.#attempt(node, context, once, attempt);
      } catch (error) {
        // Cancellation is the run's decision, not a component failure: it is never retried.
        if (context.signal.aborted) throw error;
        errors.push(error);
        const again = retry !== undefined && attempt < maxAttempts && (retry.retryOn ?? isRetryableError)(error, attempt);
        if (!again) {
          if (errors.length === 1) throw error;
          const why = attempt >= maxAttempts ? `all ${attempt} attempts it is allowed (retry.maxAttempts)` : `${attempt} attempts, the last with an error that is not retryable`;
          throw new ComponentRetryError(
            `Component '${node.name}' (type: '${node.className}') failed ${why}. Last error: ${describeThrown(error)}`,
            { component: node.name, cause: error, attempts: attempt, errors },
          );
        }
        const delay = retryDelayMs(attempt - 1, retry, error, this.random);
        getLogger().info?.(
          `Component '${node.name}' (type: '${node.className}'): attempt ${attempt} of ${maxAttempts} failed (${describeThrown(error)}); retrying in ${Math.round(delay)} ms.`,
          { component: node.name, attempt, delayMs: delay },
        );
        await sleep(delay, context.signal);
      }
    }
  }

  async #attempt(node: CompiledNode, context: RunContext, once: (context: RunContext) => unknown, attempt: number): Promise<unknown> {
    const release = this.limit === undefined ? undefined : await this.limit.acquire(context.signal);
    try {
      const timeoutMs = this.options.timeout;
      if (timeoutMs === undefined) return await once(context);
      return await withTimeout(node, context, once, timeoutMs, attempt);
    } finally {
      // Also after a timeout whose attempt ignores its signal: the slot goes to the next call even
      // though the abandoned one may still be finishing.
      release?.();
    }
  }
}

/**
 * The default `retryOn`: errors that another attempt may well not meet. An error's own `retryable`
 * flag decides first (the chat generators' errors carry one); then an HTTP `status`/`statusCode` of
 * 408, 429 or 5xx; then a connection failure code (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, ...)
 * on the error or its causes; an attempt that timed out is retryable; aborts and anything else are not.
 */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isAbortError(error)) return false;
  if (isErrorNamed(error, ComponentAttemptTimeoutError)) return true;
  const flag = read(error, 'retryable');
  if (typeof flag === 'boolean') return flag;
  const status = read(error, 'status') ?? read(error, 'statusCode');
  if (typeof status === 'number') return status === 408 || status === 429 || (status >= 500 && status <= 599);
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = read(current, 'code');
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    current = read(current, 'cause');
  }
  return false;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The wait before retry number `retry` (0-based), in ms: `initialInterval × backoffFactor^retry`, at
 * most `maxInterval`, spread over [½, 1] of that with jitter; at least what the server asked
 * (`retryAfter` in seconds, as the chat generators' errors carry it), capped by `maxInterval` too.
 */
export function retryDelayMs(retry: number, options: ResolvedRetryOptions, error?: unknown, random: () => number = Math.random): number {
  const backoff = Math.min(options.initialInterval * options.backoffFactor ** retry, options.maxInterval);
  const jittered = options.jitter ? backoff * (0.5 + 0.5 * random()) : backoff;
  const asked = typeof error === 'object' && error !== null ? read(error, 'retryAfter') : undefined;
  const askedMs = typeof asked === 'number' && Number.isFinite(asked) && asked > 0 ? asked * 1000 : 0;
  return Math.min(Math.max(jittered, askedMs), options.maxInterval);
}

/** Which instances have a policy: set by `addComponent`, read on every call. */
const policies = new WeakMap<AnyComponent, ComponentPolicy>();

export function bindComponentPolicy(instance: AnyComponent, policy: ComponentPolicy): void {
  policies.set(instance, policy);
}

export function unbindComponentPolicy(instance: AnyComponent): void {
  policies.delete(instance);
}

export function componentPolicyOf(instance: AnyComponent): ComponentPolicy | undefined {
  return policies.get(instance);
}

function withTimeout(node: CompiledNode, context: RunContext, once: (context: RunContext) => unknown, timeoutMs: number, attempt: number): unknown {
  return callWithDeadline(
    context.signal,
    timeoutMs,
    () =>
      new ComponentAttemptTimeoutError(
        `Component '${node.name}' (type: '${node.className}'): attempt ${attempt} did not finish within its timeout of ${timeoutMs} ms, ` +
          `so its signal was aborted. Raise the timeout option of addComponent, or find out why it is slow.`,
        { component: node.name, timeoutMs, attempt },
      ),
    (signal) => once({ ...context, signal }),
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** A property read that a throwing getter or Proxy cannot turn into a crash of the retry logic. */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
