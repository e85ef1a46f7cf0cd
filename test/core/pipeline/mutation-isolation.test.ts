import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const ENGINES = [
  ['Pipeline', () => new Pipeline()],
  ['AsyncPipeline', () => new AsyncPipeline()],
] as const;

const list = z.array(z.number());
const mutator = (name: string) =>
  makeComponent(name, { items: list }, { items: list }, ({ items }) => {
    items.push(99);
    return { items };
  });
const reader = (name: string) => makeComponent(name, { items: list }, { items: list }, ({ items }) => ({ items: [...items] }));

describe.each(ENGINES)('%s mutation isolation', (_label, make) => {
  it("a component mutating its input cannot change another receiver's copy (fan-out)", async () => {
    const source = makeComponent('Source', {}, { items: list }, () => ({ items: [1, 2] }));
    const p = make().addComponent('source', source).addComponent('a_mutator', mutator('M')).addComponent('b_reader', reader('R'));
    p.connect('source', 'a_mutator').connect('source', 'b_reader');
    expect(await p.run({})).toEqual({ a_mutator: { items: [1, 2, 99] }, b_reader: { items: [1, 2] } });
  });

  it("a component mutating its input cannot change the caller's data, nor its own later visits", async () => {
    const callerItems = [1];
    const p = make().addComponent('m', mutator('M'));
    expect(await p.run({ m: { items: callerItems } })).toEqual({ m: { items: [1, 99] } });
    expect(callerItems).toEqual([1]);
  });

  it('a downstream component cannot change the recorded output of an included component', async () => {
    const source = makeComponent('Source', {}, { items: list }, () => ({ items: [1] }));
    const p = make().addComponent('source', source).addComponent('m', mutator('M')).connect('source', 'm');
    expect(await p.run({}, { includeOutputsFrom: ['source'] })).toEqual({ source: { items: [1] }, m: { items: [1, 99] } });
  });

  it('hands the original to a single receiver (no copy on a plain hop)', async () => {
    const produced: unknown[] = [];
    const received: unknown[] = [];
    const source = makeComponent('Source', {}, { items: list }, () => {
      const items = [1];
      produced.push(items);
      return { items };
    });
    const sink = makeComponent('Sink', { items: list }, { n: z.number() }, ({ items }) => {
      received.push(items);
      return { n: items.length };
    });
    await make().addComponent('source', source).addComponent('sink', sink).connect('source', 'sink').run({});
    expect(received[0]).toBe(produced[0]);
  });

  it('copies a value fanned out to two receivers once (the last consumer gets the original)', async () => {
    const produced: unknown[] = [];
    const received: unknown[] = [];
    const source = makeComponent('Source', {}, { items: list }, () => {
      const items = [1];
      produced.push(items);
      return { items };
    });
    const sink = () =>
      makeComponent('Sink', { items: list }, { n: z.number() }, ({ items }) => {
        received.push(items);
        return { n: items.length };
      });
    const p = make().addComponent('source', source).addComponent('a', sink()).addComponent('b', sink());
    await p.connect('source', 'a').connect('source', 'b').run({});
    expect(received.filter((r) => r === produced[0])).toHaveLength(1);
    expect(received).toEqual([[1], [1]]);
  });
});
