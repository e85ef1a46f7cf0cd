/**
 * addComponent's `concurrencyLimit`: one limit for every run of one component instance, first come
 * first served; an aborted run leaves the queue. Promise gates, no timers.
 */
import { describe, expect, it } from 'vitest';
import { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { ComponentLimit } from '../../../src/core/pipeline/component-limit.js';
import { GateProbe, flush } from './helpers.js';

describe('concurrencyLimit', () => {
  it('caps the calls in flight across concurrent runs of the same pipeline', async () => {
    const probe = new GateProbe();
    const pipeline = new AsyncPipeline().addComponent('llm', probe.component('llm'), { concurrencyLimit: 2 });
    const runs = [1, 2, 3, 4, 5].map((value) => pipeline.runAsync({ llm: { value } }));
    await flush();
    expect(probe.running).toBe(2);
    // The gate is one for all runs of 'llm': opening it lets every waiting call through in turn.
    probe.open('llm');
    const results = await Promise.all(runs);
    expect(results.map((r) => r.llm?.value)).toEqual([2, 3, 4, 5, 6]);
    expect(probe.maxRunning).toBe(2);
  });

  it('applies to the sequential engine too (concurrent calls of Pipeline.run)', async () => {
    const probe = new GateProbe();
    const pipeline = new Pipeline().addComponent('llm', probe.component('llm'), { concurrencyLimit: 1 });
    const runs = [1, 2, 3].map((value) => pipeline.runAsync({ llm: { value } }));
    await flush();
    expect(probe.running).toBe(1);
    probe.open('llm');
    await Promise.all(runs);
    expect(probe.maxRunning).toBe(1);
  });

  it('an aborted run leaves the queue without taking a slot', async () => {
    const probe = new GateProbe();
    const pipeline = new AsyncPipeline().addComponent('llm', probe.component('llm'), { concurrencyLimit: 1 });
    const first = pipeline.runAsync({ llm: { value: 1 } });
    const controller = new AbortController();
    const second = pipeline.runAsync({ llm: { value: 2 } }, { signal: controller.signal }).catch((e: unknown) => e);
    const third = pipeline.runAsync({ llm: { value: 3 } });
    await flush();
    const reason = new Error('gone');
    controller.abort(reason);
    expect(await second).toBe(reason);
    probe.open('llm');
    expect((await first).llm?.value).toBe(2);
    expect((await third).llm?.value).toBe(4);
    expect(probe.started).toEqual(['llm', 'llm']);
  });
});

describe('ComponentLimit', () => {
  it('hands slots over in arrival order and never exceeds its limit', async () => {
    const limit = new ComponentLimit(2);
    const signal = new AbortController().signal;
    const order: number[] = [];
    const a = await limit.acquire(signal);
    const b = await limit.acquire(signal);
    const waiting = [3, 4, 5].map((n) => limit.acquire(signal).then((release) => (order.push(n), release)));
    expect([limit.active, limit.waiting]).toEqual([2, 3]);
    a();
    a(); // a second release of the same slot is ignored
    await flush();
    expect(order).toEqual([3]);
    expect([limit.active, limit.waiting]).toEqual([2, 2]);
    b();
    (await waiting[0]!)();
    await flush();
    expect(order).toEqual([3, 4, 5]);
    (await waiting[1]!)();
    (await waiting[2]!)();
    expect([limit.active, limit.waiting]).toEqual([0, 0]);
  });

  it('rejects at once for an aborted signal', async () => {
    const limit = new ComponentLimit(1);
    const controller = new AbortController();
    controller.abort(new Error('late'));
    await expect(limit.acquire(controller.signal)).rejects.toThrow('late');
    expect(limit.active).toBe(0);
  });
});
