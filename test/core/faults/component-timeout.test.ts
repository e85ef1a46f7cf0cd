/**
 * Bounding a component that never resolves: the `componentTimeouts` run option (a Node-only extra)
 * and, for components that honour their signal, the caller's `signal: AbortSignal.timeout(...)`.
 * Fake timers make the limits fire deterministically; nothing here measures time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineComponentTimeoutError, PipelineRuntimeError, PipelineValidationError, defineComponent, isErrorNamed } from '../../../src/index.js';
import { RUNNERS, rejection } from './runners.js';

const Quick = defineComponent({ name: 'Quick', inputs: { v: z.int() }, outputs: { v: z.int(), extra: z.int() }, run: ({ v }) => ({ v, extra: v }) });

/** Never settles and ignores its signal, recording the signal it was given. */
function hanging(seen: AbortSignal[]) {
  const Cls = defineComponent({
    name: 'Hanging',
    inputs: { v: z.int() },
    outputs: { v: z.int() },
    run: (_input, context) => {
      if (context) seen.push(context.signal);
      return new Promise<never>(() => {});
    },
  });
  return new Cls();
}

/** Settles only when the test says so. */
function controlled(release: Promise<number>) {
  const Cls = defineComponent({ name: 'Controlled', inputs: { v: z.int() }, outputs: { v: z.int() }, run: async () => ({ v: await release }) });
  return new Cls();
}

describe.each(RUNNERS)('componentTimeouts ($label)', (runner) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with a PipelineComponentTimeoutError naming the component, aborting its signal, keeping partial outputs', async () => {
    const seen: AbortSignal[] = [];
    const running = runner.run(
      (p) => {
        p.addComponent('quick', new Quick()).addComponent('stuck', hanging(seen)).connect('quick.v', 'stuck.v');
      },
      { quick: { v: 2 } },
      { componentTimeouts: { stuck: 50 } },
    );
    const outcome = rejection(running);
    await vi.advanceTimersByTimeAsync(49);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(PipelineComponentTimeoutError);
    expect(isErrorNamed(error, PipelineRuntimeError)).toBe(true);
    const timeout = error as PipelineComponentTimeoutError;
    expect(timeout.name).toBe('PipelineComponentTimeoutError');
    expect(timeout.component).toBe('stuck');
    expect(timeout.componentType).toBe('Hanging');
    expect(timeout.timeoutMs).toBe(50);
    expect(timeout.partialOutputs).toEqual({ quick: { extra: 2 } });
    expect(timeout.message).toMatch(/Component 'stuck' \(type: 'Hanging'\) did not finish within 50 ms/);
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBe(error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('leaves a component that finishes in time alone and clears its timer', async () => {
    let release!: (v: number) => void;
    const gate = new Promise<number>((resolve) => (release = resolve));
    const running = runner.run((p) => void p.addComponent('c', controlled(gate)), { c: { v: 1 } }, { componentTimeouts: { c: 1_000 } });
    await vi.advanceTimersByTimeAsync(999);
    release(7);
    expect(await running).toEqual({ c: { v: 7 } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('lets the run signal reach a timed component', async () => {
    const seen: AbortSignal[] = [];
    const caller = new AbortController();
    const running = rejection(runner.run((p) => void p.addComponent('stuck', hanging(seen)), { stuck: { v: 1 } }, { componentTimeouts: { stuck: 1_000 }, signal: caller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    caller.abort(new Error('caller gave up'));
    expect(seen[0]!.aborted).toBe(true);
    expect((seen[0]!.reason as Error).message).toBe('caller gave up');
    // The component ignores its signal: the timeout still ends the run.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await running).toBeInstanceOf(Error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [{ nope: 10 }, /componentTimeouts names 'nope', which is not a component of this pipeline/],
    [{ q: 0 }, /expected componentTimeouts\['q'\] to be a number of milliseconds in \(0, 2147483647\], got 0/],
    [{ q: -5 }, /got -5/],
    [{ q: Number.NaN }, /got NaN/],
    [{ q: '10' }, /got '10'/],
    [{ q: 2 ** 31 }, /got 2147483648/],
    [[10], /expected componentTimeouts to be an object/],
  ])('rejects %j with a PipelineValidationError', async (timeouts, message) => {
    const error = await rejection(runner.run((p) => void p.addComponent('q', new Quick()), { q: { v: 1 } }, { componentTimeouts: timeouts as never }));
    expect(error).toBeInstanceOf(PipelineValidationError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('AsyncPipeline componentTimeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('cancels the siblings in flight when a component times out', async () => {
    const stuck: AbortSignal[] = [];
    const sibling: AbortSignal[] = [];
    const running = rejection(
      new AsyncPipeline()
        .addComponent('stuck', hanging(stuck))
        .addComponent(
          'sibling',
          new (defineComponent({
            name: 'Sibling',
            inputs: { v: z.int() },
            outputs: {},
            run: (_i, context) =>
              new Promise<Record<string, never>>((resolve) => {
                sibling.push(context!.signal);
                context!.signal.addEventListener('abort', () => resolve({}), { once: true });
              }),
          }))(),
        )
        .runAsync({ stuck: { v: 1 }, sibling: { v: 1 } }, { componentTimeouts: { stuck: 10 } }),
    );
    await vi.advanceTimersByTimeAsync(10);
    expect(await running).toBeInstanceOf(PipelineComponentTimeoutError);
    expect(sibling[0]!.aborted).toBe(true);
  });
});

describe('bounding a whole run with the caller signal (documented example)', () => {
  it('AbortSignal.timeout ends a run whose component honours context.signal', async () => {
    const Waiting = defineComponent({
      name: 'Waiting',
      inputs: {},
      outputs: { done: z.boolean() },
      run: (_input, context) =>
        new Promise<{ done: boolean }>((_resolve, reject) => {
          context!.signal.addEventListener('abort', () => reject(context!.signal.reason), { once: true });
        }),
    });
    for (const make of [() => new Pipeline(), () => new AsyncPipeline()]) {
      const error = await rejection(make().addComponent('waiting', new Waiting()).run({}, { signal: AbortSignal.timeout(1) }));
      expect((error as Error).name).toBe('TimeoutError');
    }
  });
});
