import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, GreedyVariadic, Pipeline, PipelineMaxComponentRuns, Variadic } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const ENGINES = [
  ['Pipeline', (max: number) => new Pipeline({ maxRunsPerComponent: max })],
  ['AsyncPipeline', (max: number) => new AsyncPipeline({ maxRunsPerComponent: max })],
] as const;

describe.each(ENGINES)('%s maxRunsPerComponent (Haystack 3.x semantics)', (_label, make) => {
  it('lets an endless loop run exactly max times, then raises naming the component', async () => {
    let runs = 0;
    const joiner = makeComponent('BranchJoiner', { value: GreedyVariadic(z.number()) }, { value: z.number() }, ({ value }) => {
      runs++;
      return { value: value[0]! };
    });
    const inc = makeComponent('Inc', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value: value + 1 }));
    const p = make(3).addComponent('joiner', joiner).addComponent('inc', inc).connect('joiner', 'inc').connect('inc', 'joiner');
    const error = await p.run({ joiner: { value: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineMaxComponentRuns);
    expect((error as PipelineMaxComponentRuns).message).toMatch(/Maximum run count 3 reached for component 'joiner'/);
    expect(error).toMatchObject({ component: 'joiner', visits: 3 });
    expect(runs).toBe(3);
  });

  it('does not raise for a loop that finished after exactly max runs (blocked candidates are not counted)', async () => {
    const collect = makeComponent('Collect', { values: Variadic(z.number()) }, { value: z.number() }, ({ values }) => ({ value: values[values.length - 1]! }));
    const step = makeComponent('Step', { value: z.number() }, { again: z.number(), done: z.number() }, ({ value }) => {
      const next = value < 100 ? 101 : value + 1;
      return next <= 102 ? { again: next } : { done: next };
    });
    const p = make(3).addComponent('collect', collect).addComponent('step', step).connect('collect', 'step').connect('step.again', 'collect.values');
    expect(await p.run({ collect: { values: 7 } })).toEqual({ step: { done: 103 } });
  });

  it('allows a max of 0 runs only for pipelines that run nothing', async () => {
    const p = make(0).addComponent('a', makeComponent('A', {}, { v: z.number() }, () => ({ v: 1 })));
    await expect(p.run({})).rejects.toThrow(PipelineMaxComponentRuns);
  });
});
