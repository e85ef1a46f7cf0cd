import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, GreedyVariadic, PipelineValidationError } from '../../../src/index.js';
import { GateProbe, flush, makeComponent } from './helpers.js';

describe('AsyncPipeline scheduling', () => {
  it('starts every ready component at once and the next one as soon as its input is there', async () => {
    const probe = new GateProbe();
    const p = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b')).addComponent('z', probe.component('z'));
    p.connect('a', 'b');
    const run = p.runAsync({});
    await flush();
    expect(probe.started).toEqual(['a', 'z']);
    probe.open('a');
    await flush();
    expect(probe.started).toEqual(['a', 'z', 'b']); // b runs while z is still in flight
    probe.open('b');
    probe.open('z');
    expect(await run).toEqual({ b: { value: 2 }, z: { value: 1 } });
  });

  it('looks past an in-flight component that still sorts first, so unrelated ready work starts at once', async () => {
    // `b` still looks READY while it runs (its first-visit trigger holds until it finishes) and sorts before
    // `c`. Haystack 2.31/3.x wait for a completion here; we skip in-flight entries and start `c` now.
    const probe = new GateProbe();
    const p = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b')).addComponent('c', probe.component('c'));
    p.connect('a', 'c');
    const run = p.runAsync({});
    await flush();
    probe.open('a');
    await flush();
    expect(probe.started).toEqual(['a', 'b', 'c']); // c started while b is still in flight
    probe.open('c');
    await flush();
    probe.open('b');
    expect(await run).toEqual({ b: { value: 1 }, c: { value: 2 } });
  });

  it('counts at most concurrencyLimit components in flight (default 4), in scheduling order', async () => {
    for (const [limit, expected] of [
      [undefined, 4],
      [2, 2],
      [1, 1],
      [Infinity, 8],
    ] as const) {
      const probe = new GateProbe();
      const p = new AsyncPipeline();
      const names = Array.from({ length: 8 }, (_, i) => `n${i}`);
      for (const n of names) p.addComponent(n, probe.component(n));
      const run = p.runAsync({}, limit === undefined ? {} : { concurrencyLimit: limit });
      for (let i = 0; i < names.length; i++) {
        await flush();
        probe.open(probe.started[i]!);
      }
      await run;
      expect(probe.maxRunning).toBe(expected);
      expect(probe.started).toEqual(names);
    }
  });

  it('rejects a concurrencyLimit below 1 (Haystack 3.x)', async () => {
    const p = new AsyncPipeline().addComponent('a', makeComponent('A', {}, { v: z.number() }, () => ({ v: 1 })));
    await expect(p.runAsync({}, { concurrencyLimit: 0 })).rejects.toThrow(PipelineValidationError);
    await expect(p.runAsync({}, { concurrencyLimit: 1.5 })).rejects.toThrow(/expected concurrencyLimit to be an integer >= 1/);
  });

  it('runs a greedy component alone, after draining what is in flight', async () => {
    const probe = new GateProbe();
    const seen: string[] = [];
    const joiner = makeComponent(
      'BranchJoiner',
      { value: GreedyVariadic(z.number()) },
      { value: z.number() },
      () => {
        throw new Error('unused');
      },
      async ({ value }) => {
        seen.push(`joiner(${value.join()}) with ${probe.running} running`);
        return { value: value[0]! };
      },
    );
    const p = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('slow', probe.component('slow')).addComponent('joiner', joiner);
    p.connect('a', 'joiner');
    const run = p.runAsync({});
    await flush();
    probe.open('a');
    await flush();
    expect(seen).toEqual([]); // waits for `slow`
    probe.open('slow');
    expect(await run).toEqual({ joiner: { value: 1 }, slow: { value: 1 } });
    expect(seen).toEqual(['joiner(1) with 0 running']);
  });

  it('prefers runAsync and calls a run-only component on the event loop', async () => {
    const calls: string[] = [];
    const both = makeComponent(
      'Both',
      {},
      { via: z.string() },
      () => {
        calls.push('run');
        return { via: 'run' };
      },
      async () => {
        calls.push('runAsync');
        return { via: 'runAsync' };
      },
    );
    const syncOnly = makeComponent('SyncOnly', {}, { via: z.string() }, () => ({ via: 'run' }));
    const p = new AsyncPipeline().addComponent('both', both).addComponent('sync', syncOnly);
    expect(await p.run({})).toEqual({ both: { via: 'runAsync' }, sync: { via: 'run' } });
    expect(calls).toEqual(['runAsync']);
  });

  it('passes the component name and a signal in the context', async () => {
    const contexts: unknown[] = [];
    const c = makeComponent('Ctx', {}, { ok: z.boolean() }, (_i, context) => {
      contexts.push(context);
      return { ok: true };
    });
    await new AsyncPipeline().addComponent('named', c).runAsync({});
    expect(contexts).toEqual([{ componentName: 'named', signal: expect.any(AbortSignal) }]);
  });
});
