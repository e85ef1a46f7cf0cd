import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, PipelineValidationError } from '../../../src/index.js';
import { GateProbe, flush, makeComponent } from './helpers.js';

describe('AsyncPipeline.runAsyncGenerator', () => {
  it('yields each finished component with unconsumed outputs, then the final outputs', async () => {
    // a → {b, c}, c → d; a also has an unconnected `extra` output (the spec's example).
    const a = makeComponent('A', {}, { value: z.number(), extra: z.number() }, () => ({ value: 1, extra: 0 }));
    const pass = (name: string) => makeComponent(name, { value: z.number() }, { value: z.number() }, ({ value }) => ({ value: value + 1 }));
    const p = new AsyncPipeline().addComponent('a', a).addComponent('b', pass('B')).addComponent('c', pass('C')).addComponent('d', pass('D'));
    p.connect('a.value', 'b').connect('a.value', 'c').connect('c', 'd');
    const yields: unknown[] = [];
    for await (const item of p.runAsyncGenerator({})) yields.push(item);
    expect(yields).toEqual([{ a: { extra: 0 } }, { b: { value: 2 } }, { d: { value: 3 } }, { a: { extra: 0 }, b: { value: 2 }, d: { value: 3 } }]);
  });

  it('yields the full outputs of included components, and {} from a greedy one only when included', async () => {
    const a = makeComponent('A', {}, { value: z.number() }, () => ({ value: 1 }));
    const b = makeComponent('B', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
    const p = new AsyncPipeline().addComponent('a', a).addComponent('b', b).connect('a', 'b');
    const yields: unknown[] = [];
    for await (const item of p.runAsyncGenerator({}, { includeOutputsFrom: ['a'] })) yields.push(item);
    expect(yields).toEqual([{ a: { value: 1 } }, { b: { value: 1 } }, { a: { value: 1 }, b: { value: 1 } }]);
  });

  it('surfaces validation errors on the first iteration, not at the call', async () => {
    const p = new AsyncPipeline().addComponent('a', makeComponent('A', { x: z.number() }, { y: z.number() }, ({ x }) => ({ y: x })));
    const generator = p.runAsyncGenerator({});
    await expect(generator.next()).rejects.toThrow(PipelineValidationError);
  });

  it('schedules new components only while the consumer iterates (backpressure)', async () => {
    const started: string[] = [];
    const step = (name: string) =>
      makeComponent(name, { value: z.number().optional() }, { value: z.number(), seen: z.string() }, ({ value }) => {
        started.push(name);
        return { value: (value ?? 0) + 1, seen: name };
      });
    const p = new AsyncPipeline().addComponent('a', step('a')).addComponent('b', step('b')).addComponent('c', step('c'));
    p.connect('a.value', 'b.value').connect('b.value', 'c.value');
    const generator = p.runAsyncGenerator({});
    expect((await generator.next()).value).toEqual({ a: { seen: 'a' } });
    await flush();
    await flush();
    expect(started).toEqual(['a']); // b waits for the consumer
    expect((await generator.next()).value).toEqual({ b: { seen: 'b' } });
    expect(started).toEqual(['a', 'b']);
    await generator.return(undefined);
    expect(started).toEqual(['a', 'b']);
  });

  it('aborts and awaits what is in flight when the consumer breaks out', async () => {
    const probe = new GateProbe();
    const done = makeComponent('Done', {}, { value: z.number() }, () => ({ value: 1 }));
    const p = new AsyncPipeline().addComponent('a', done).addComponent('slow', probe.component('slow'));
    for await (const item of p.runAsyncGenerator({})) {
      expect(item).toEqual({ a: { value: 1 } });
      expect(probe.started).toEqual(['slow']);
      break;
    }
    // After `break` returns, the in-flight component has been aborted and has settled.
    expect(probe.aborted).toEqual(['slow']);
    expect(probe.running).toBe(0);
    expect(probe.finished).toEqual([]);
  });
});
