/**
 * addComponent's `timeout`: a time limit per attempt (fake timers). The attempt's signal aborts with
 * a ComponentAttemptTimeoutError, which `retry` retries; the run option componentTimeouts still
 * bounds all attempts together.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ComponentAttemptTimeoutError, ComponentRetryError, Pipeline, PipelineComponentTimeoutError, PipelineRuntimeError, type RunContext } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

/** Hangs (until its signal aborts) on the first `hangs` calls, then answers at once. */
function hanging(hangs: number, honoursSignal = true) {
  const state = { calls: 0, abortReasons: [] as unknown[] };
  const component = makeComponent('Slow', { value: z.number() }, { value: z.number() }, (input, context?: RunContext) => {
    state.calls++;
    if (state.calls > hangs) return { value: input.value + 1 };
    return new Promise<never>((_, reject) => {
      if (!honoursSignal) return;
      context?.signal.addEventListener('abort', () => {
        state.abortReasons.push(context.signal.reason);
        reject(context.signal.reason);
      });
    });
  });
  return { component, state };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('timeout (per attempt)', () => {
  it('aborts a slow attempt with a ComponentAttemptTimeoutError and fails the run with it', async () => {
    vi.useFakeTimers();
    const { component, state } = hanging(1);
    const running = new Pipeline().addComponent('slow', component, { timeout: 1000 }).run({ slow: { value: 1 } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    expect(state.abortReasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const error = await running;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ComponentAttemptTimeoutError);
    expect(cause).toMatchObject({ component: 'slow', timeoutMs: 1000, attempt: 1 });
    expect(state.abortReasons).toEqual([cause]);
  });

  it('with retry, a timed-out attempt is tried again', async () => {
    vi.useFakeTimers();
    const { component, state } = hanging(2);
    const running = new Pipeline()
      .addComponent('slow', component, { timeout: 1000, retry: { maxAttempts: 3, initialInterval: 0, jitter: false } })
      .run({ slow: { value: 1 } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await running).toEqual({ slow: { value: 2 } });
    expect(state.calls).toBe(3);
    expect(state.abortReasons.map((r) => (r as ComponentAttemptTimeoutError).attempt)).toEqual([1, 2]);
  });

  it('gives up on an attempt that ignores its signal, and tries again', async () => {
    vi.useFakeTimers();
    const { component, state } = hanging(1, false);
    const running = new Pipeline()
      .addComponent('slow', component, { timeout: 50, retry: { maxAttempts: 2, initialInterval: 0, jitter: false } })
      .run({ slow: { value: 1 } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await running).toEqual({ slow: { value: 2 } });
    expect(state.calls).toBe(2);
  });

  it('all attempts timing out is a ComponentRetryError whose errors are the timeouts', async () => {
    vi.useFakeTimers();
    const { component } = hanging(10);
    const running = new Pipeline()
      .addComponent('slow', component, { timeout: 100, retry: { maxAttempts: 2, initialInterval: 0, jitter: false } })
      .run({ slow: { value: 1 } })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const cause = ((await running) as Error).cause as ComponentRetryError;
    expect(cause).toBeInstanceOf(ComponentRetryError);
    expect(cause.errors.map((e) => (e as Error).name)).toEqual(['ComponentAttemptTimeoutError', 'ComponentAttemptTimeoutError']);
  });

  it('the run option componentTimeouts bounds all attempts together', async () => {
    vi.useFakeTimers();
    const { component, state } = hanging(10);
    const running = new Pipeline()
      .addComponent('slow', component, { timeout: 100, retry: { maxAttempts: 10, initialInterval: 0, jitter: false } })
      .run({ slow: { value: 1 } }, { componentTimeouts: { slow: 250 } })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    expect(await running).toBeInstanceOf(PipelineComponentTimeoutError);
    expect(state.calls).toBe(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(state.calls).toBe(3);
  });

  it('a synchronous component that returns in time is unaffected', async () => {
    const component = makeComponent('Sync', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
    expect(await new Pipeline().addComponent('s', component, { timeout: 10 }).run({ s: { value: 3 } })).toEqual({ s: { value: 3 } });
  });
});
