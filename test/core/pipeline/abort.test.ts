import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, isAbortError } from '../../../src/index.js';
import { GateProbe, flush, makeComponent } from './helpers.js';

describe('cancellation with an AbortSignal', () => {
  it('rejects at once with the reason of an already aborted signal', async () => {
    const reason = new Error('stop');
    const c = makeComponent('C', {}, { v: z.number() }, () => ({ v: 1 }));
    await expect(new Pipeline().addComponent('c', c).run({}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const d = makeComponent('C', {}, { v: z.number() }, () => ({ v: 1 }));
    await expect(new AsyncPipeline().addComponent('d', d).runAsync({}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('AsyncPipeline: aborts in-flight components, schedules nothing more, rejects with an AbortError', async () => {
    const probe = new GateProbe();
    const p = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b')).connect('a', 'b');
    const controller = new AbortController();
    const run = p.runAsync({}, { signal: controller.signal });
    await flush();
    controller.abort();
    const error = await run.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(error).toBe(controller.signal.reason);
    expect(probe.aborted).toEqual(['a']);
    expect(probe.started).toEqual(['a']);
    expect(probe.running).toBe(0);
  });

  it('Pipeline: passes the signal to the running component and stops before the next one', async () => {
    const probe = new GateProbe();
    const step = (name: string) =>
      makeComponent(name, { value: z.number().optional() }, { value: z.number() }, (input, context) => probe.component(name).runAsync!(input, context));
    const p = new Pipeline().addComponent('a', step('a')).addComponent('b', step('b')).connect('a', 'b');
    const controller = new AbortController();
    const run = p.run({}, { signal: controller.signal });
    await flush();
    controller.abort(new Error('user cancelled'));
    await expect(run).rejects.toThrow('user cancelled');
    expect(probe.started).toEqual(['a']);
  });

  it('removes its listener from the caller signal when the run ends', async () => {
    const controller = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: () => void, options?: { once?: boolean }) => {
      added.push(listener);
      add(type, listener, options);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: () => void) => {
      removed.push(listener);
      remove(type, listener);
    }) as typeof signal.removeEventListener;
    const c = makeComponent('C', {}, { v: z.number() }, () => ({ v: 1 }));
    await new AsyncPipeline().addComponent('c', c).runAsync({}, { signal });
    const d = makeComponent('C', {}, { v: z.number() }, () => ({ v: 1 }));
    await new Pipeline().addComponent('d', d).run({}, { signal });
    expect(added).toHaveLength(2);
    expect(removed).toEqual(added);
  });
});
