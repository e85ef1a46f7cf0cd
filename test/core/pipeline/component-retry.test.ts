/**
 * addComponent's `retry`: which failures are tried again, how long it waits (fake timers, no
 * wall clock), what the run reports when every attempt fails, and that an abort ends it at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  ComponentAttemptTimeoutError,
  ComponentRetryError,
  Pipeline,
  PipelineRuntimeError,
  isRetryableError,
  retryDelayMs,
  type ResolvedRetryOptions,
} from '../../../src/index.js';
import { makeComponent } from './helpers.js';

/** A component that throws the given errors in turn, then answers; counts its calls. */
function flaky(errors: unknown[]) {
  const state = { calls: 0, inputs: [] as unknown[] };
  const component = makeComponent('Flaky', { value: z.number() }, { value: z.number() }, async (input) => {
    state.calls++;
    state.inputs.push(input);
    const next = errors.shift();
    if (next !== undefined) throw next;
    return { value: input.value * 2 };
  });
  return { component, state };
}

const http = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { status });
const fast = { initialInterval: 0, jitter: false } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('retry', () => {
  it('tries a retryable failure again and returns the first success, with the same inputs', async () => {
    const { component, state } = flaky([http(429), http(503)]);
    const pipeline = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 3, ...fast } });
    expect(await pipeline.run({ f: { value: 2 } })).toEqual({ f: { value: 4 } });
    expect(state.calls).toBe(3);
    expect(state.inputs[0]).toBe(state.inputs[2]);
  });

  it('does the same under the concurrent engine', async () => {
    const { component, state } = flaky([http(500)]);
    const pipeline = new AsyncPipeline().addComponent('f', component, { retry: 2 });
    vi.useFakeTimers();
    const running = pipeline.runAsync({ f: { value: 1 } });
    await vi.runAllTimersAsync();
    expect(await running).toEqual({ f: { value: 2 } });
    expect(state.calls).toBe(2);
  });

  it('does not retry an error that is not retryable: it fails as without retry', async () => {
    const original = http(400);
    const { component, state } = flaky([original]);
    const pipeline = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 5, ...fast } });
    const error = await pipeline.run({ f: { value: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as Error).cause).toBe(original);
    expect(state.calls).toBe(1);
  });

  it('after the last attempt, reports a ComponentRetryError with every attempt’s error', async () => {
    const errors = [http(500), http(502), http(503)];
    const { component, state } = flaky([...errors]);
    const pipeline = new Pipeline().addComponent('llm', component, { retry: { maxAttempts: 3, ...fast } });
    const error = await pipeline.run({ llm: { value: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error).toMatchObject({ component: 'llm' });
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ComponentRetryError);
    expect(cause).toMatchObject({ attempts: 3, errors, cause: errors[2], component: 'llm' });
    expect((cause as Error).message).toBe("Component 'llm' (type: 'Flaky') failed all 3 attempts it is allowed (retry.maxAttempts). Last error: HTTP 503");
    expect(state.calls).toBe(3);
  });

  it('stops when a later failure is not retryable, saying so', async () => {
    const { component } = flaky([http(503), http(401)]);
    const pipeline = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 5, ...fast } });
    const error = await pipeline.run({ f: { value: 1 } }).catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({ attempts: 2 });
    expect(((error as Error).cause as Error).message).toMatch(/failed 2 attempts, the last with an error that is not retryable/);
  });

  it('asks retryOn, with the failed attempt’s number', async () => {
    const seen: [string, number][] = [];
    const { component, state } = flaky([new Error('odd'), new Error('odd')]);
    const retryOn = (error: unknown, attempt: number): boolean => (seen.push([(error as Error).message, attempt]), true);
    await new Pipeline().addComponent('f', component, { retry: { maxAttempts: 3, retryOn, ...fast } }).run({ f: { value: 1 } });
    expect(seen).toEqual([
      ['odd', 1],
      ['odd', 2],
    ]);
    expect(state.calls).toBe(3);
  });

  it('waits initialInterval, then backoffFactor times longer, before each retry', async () => {
    vi.useFakeTimers();
    const { component, state } = flaky([http(500), http(500)]);
    const pipeline = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 3, initialInterval: 1000, backoffFactor: 3, jitter: false } });
    const running = pipeline.run({ f: { value: 1 } });
    await vi.advanceTimersByTimeAsync(999);
    expect(state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(2999);
    expect(state.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toBe(3);
    expect(await running).toEqual({ f: { value: 2 } });
  });

  it('waits at least what the server asked (retryAfter, seconds)', async () => {
    vi.useFakeTimers();
    const { component, state } = flaky([Object.assign(http(429), { retryAfter: 5 })]);
    const running = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 2, initialInterval: 10, jitter: false } }).run({ f: { value: 1 } });
    await vi.advanceTimersByTimeAsync(4999);
    expect(state.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await running).toEqual({ f: { value: 2 } });
  });

  it('an abort during the wait ends the run at once with the abort’s reason, without another attempt', async () => {
    vi.useFakeTimers();
    const { component, state } = flaky([http(500)]);
    const controller = new AbortController();
    const running = new Pipeline()
      .addComponent('f', component, { retry: { maxAttempts: 3, initialInterval: 60_000 } })
      .run({ f: { value: 1 } }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(await running).toBe(reason);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(state.calls).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removeComponent drops the policy with the component', async () => {
    const { component, state } = flaky([http(500)]);
    const pipeline = new Pipeline().addComponent('f', component, { retry: { maxAttempts: 3, ...fast } });
    pipeline.removeComponent('f');
    const error = await new Pipeline().addComponent('f', component).run({ f: { value: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(state.calls).toBe(1);
  });
});

describe('isRetryableError', () => {
  it.each([
    ['429', http(429), true],
    ['408', http(408), true],
    ['500', http(500), true],
    ['503 as statusCode', Object.assign(new Error(), { statusCode: 503 }), true],
    ['400', http(400), false],
    ['401', http(401), false],
    ['404', http(404), false],
    ['an explicit retryable: false beats a 503', Object.assign(http(503), { retryable: false }), false],
    ['an explicit retryable: true', Object.assign(new Error(), { retryable: true }), true],
    ['ECONNRESET', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ["fetch's TypeError with an ECONNREFUSED cause", new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) }), true],
    ['ENOENT', Object.assign(new Error(), { code: 'ENOENT' }), false],
    ['an attempt timeout', new ComponentAttemptTimeoutError('slow', { timeoutMs: 1, attempt: 1 }), true],
    ['an abort', new DOMException('stop', 'AbortError'), false],
    ['a plain Error', new Error('bug'), false],
    ['a string', 'oops', false],
    ['a throwing getter', Object.defineProperty(new Error(), 'status', { get: () => { throw new Error('trap'); } }), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isRetryableError(error)).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  const options: ResolvedRetryOptions = { maxAttempts: 5, initialInterval: 100, backoffFactor: 2, maxInterval: 1000, jitter: true, retryOn: undefined };
  it('grows by backoffFactor up to maxInterval', () => {
    const none = { ...options, jitter: false };
    expect([0, 1, 2, 3, 4, 10].map((r) => retryDelayMs(r, none))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('jitter spreads the wait over [½, 1] of the backoff', () => {
    expect(retryDelayMs(2, options, undefined, () => 0)).toBe(200);
    expect(retryDelayMs(2, options, undefined, () => 0.5)).toBe(300);
    expect(retryDelayMs(2, options, undefined, () => 1)).toBe(400);
  });
  it('honours a retryAfter above the backoff, capped by maxInterval', () => {
    expect(retryDelayMs(0, options, { retryAfter: 0.5 }, () => 1)).toBe(500);
    expect(retryDelayMs(0, options, { retryAfter: 3600 }, () => 1)).toBe(1000);
    expect(retryDelayMs(3, options, { retryAfter: 0.01 }, () => 1)).toBe(800);
  });
});
