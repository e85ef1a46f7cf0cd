import { describe, expect, it } from 'vitest';
import { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { warmingComponent } from '../../helpers/warming-component.js';

describe.each([
  ['Pipeline', () => new Pipeline()],
  ['AsyncPipeline', () => new AsyncPipeline()],
] as const)('%s warm-up', (_label, make) => {
  it('warms every component up in insertion order, one at a time, before any runs, on every run', async () => {
    const log: string[] = [];
    const p = make().addComponent('b', warmingComponent(log, 'b')).addComponent('a', warmingComponent(log, 'a'));
    await p.run({});
    expect(log).toEqual(['warm b', 'warm a', 'run a', 'run b']);
    await p.warmUp();
    expect(log.slice(4)).toEqual(['warm b', 'warm a']);
  });

  it('warms up before validating the input', async () => {
    const log: string[] = [];
    const p = make().addComponent('a', warmingComponent(log, 'a'));
    await expect(p.run({ nope: { x: 1 } })).rejects.toThrow(/Component named 'nope' not found/);
    expect(log).toEqual(['warm a']);
  });
});
