import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, defineComponent } from '../../../src/index.js';

function warming(log: string[], name: string) {
  const Cls = defineComponent({
    name: 'Warm',
    inputs: {},
    outputs: { v: z.number() },
    run: () => {
      log.push(`run ${name}`);
      return { v: 1 };
    },
    warmUp: async () => {
      await Promise.resolve();
      log.push(`warm ${name}`);
    },
  });
  return new Cls();
}

describe.each([
  ['Pipeline', () => new Pipeline()],
  ['AsyncPipeline', () => new AsyncPipeline()],
] as const)('%s warm-up', (_label, make) => {
  it('warms every component up in insertion order, one at a time, before any runs, on every run', async () => {
    const log: string[] = [];
    const p = make().addComponent('b', warming(log, 'b')).addComponent('a', warming(log, 'a'));
    await p.run({});
    expect(log).toEqual(['warm b', 'warm a', 'run a', 'run b']);
    await p.warmUp();
    expect(log.slice(4)).toEqual(['warm b', 'warm a']);
  });

  it('warms up before validating the input', async () => {
    const log: string[] = [];
    const p = make().addComponent('a', warming(log, 'a'));
    await expect(p.run({ nope: { x: 1 } })).rejects.toThrow(/Component named 'nope' not found/);
    expect(log).toEqual(['warm a']);
  });
});
