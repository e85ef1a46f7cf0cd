import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, Variadic } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

function recorder() {
  const order: string[] = [];
  const node = (name: string, inputs: Record<string, z.ZodType> = {}) =>
    makeComponent('Step', inputs, { value: z.number() }, () => {
      order.push(name);
      return { value: 1 };
    });
  return { order, node };
}

describe('Pipeline.run order (sequential engine)', () => {
  it('runs READY components alphabetically and refills the queue only when it is stale', async () => {
    const { order, node } = recorder();
    // b → a, and c is independent. After b, `a` is READY but the queue still holds c (READY): c runs first.
    const p = new Pipeline().addComponent('b', node('b')).addComponent('c', node('c')).addComponent('a', node('a', { value: z.number() }));
    p.connect('b', 'a');
    await p.run({});
    expect(order).toEqual(['b', 'c', 'a']);
  });

  it('runs a lazy joiner after all its senders, and a deferred one only when nothing else can run', async () => {
    const { order, node } = recorder();
    const joiner = makeComponent('Joiner', { values: Variadic(z.number()) }, { total: z.number() }, ({ values }) => {
      order.push('joiner');
      return { total: values.length };
    });
    const p = new Pipeline()
      .addComponent('x', node('x'))
      .addComponent('y', node('y', { value: z.number() }))
      .addComponent('joiner', joiner)
      .addComponent('z', node('z'));
    p.connect('x', 'joiner').connect('x', 'y').connect('y', 'joiner');
    const out = await p.run({});
    expect(order).toEqual(['x', 'z', 'y', 'joiner']);
    expect(out).toEqual({ joiner: { total: 2 }, z: { value: 1 } });
  });

  it('calls run (not runAsync) and awaits it', async () => {
    const calls: string[] = [];
    const c = makeComponent(
      'Both',
      {},
      { via: z.string() },
      async () => {
        calls.push('run');
        return { via: 'run' };
      },
      async () => {
        calls.push('runAsync');
        return { via: 'runAsync' };
      },
    );
    expect(await new Pipeline().addComponent('c', c).run({})).toEqual({ c: { via: 'run' } });
    expect(calls).toEqual(['run']);
  });
});
