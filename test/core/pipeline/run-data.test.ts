import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineValidationError } from '../../../src/index.js';
import { makeComponent, recordingLogger } from './helpers.js';

const echo = (name = 'Echo') =>
  makeComponent(name, { query: z.string(), topK: z.number().default(3) }, { got: z.string() }, ({ query, topK }) => ({ got: `${query}:${topK}` }));

const ENGINES = [
  ['Pipeline', (o?: ConstructorParameters<typeof Pipeline>[0]) => new Pipeline(o)],
  ['AsyncPipeline', (o?: ConstructorParameters<typeof AsyncPipeline>[0]) => new AsyncPipeline(o)],
] as const;

describe.each(ENGINES)('%s run data', (_label, make) => {
  it('accepts data by component', async () => {
    const p = make().addComponent('a', echo());
    expect(await p.run({ a: { query: 'q', topK: 5 } })).toEqual({ a: { got: 'q:5' } });
  });

  it('gives a flat key to every component with an unconnected input of that name', async () => {
    const p = make().addComponent('a', echo()).addComponent('b', echo());
    expect(await p.run({ query: 'q' })).toEqual({ a: { got: 'q:3' }, b: { got: 'q:3' } });
  });

  it('warns about flat keys that match no input, and drops them', async () => {
    const logger = recordingLogger();
    const p = make({ logger }).addComponent('a', echo());
    // @ts-expect-error: 'nope' is no input of any component
    expect(await p.run({ query: 'q', nope: 1 })).toEqual({ a: { got: 'q:3' } });
    expect(logger.warnings).toEqual([
      expect.stringContaining(`Inputs ["nope"] were not matched to any component inputs, please check your run parameters.`),
    ]);
  });

  it('reads data whose values are all plain objects as by-component (Haystack quirk)', async () => {
    const p = make().addComponent('a', makeComponent('F', { filters: z.record(z.string(), z.unknown()) }, { ok: z.boolean() }, () => ({ ok: true })));
    await expect(p.run({ filters: { x: 1 } })).rejects.toThrow("Component named 'filters' not found in the pipeline.");
  });

  it('rejects unknown components and sockets, and missing mandatory inputs, naming them', async () => {
    const p = make().addComponent('a', echo());
    // @ts-expect-error: there is no component 'b'
    const unknown = await p.run({ b: { query: 'q' } }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PipelineValidationError);
    expect((unknown as PipelineValidationError).component).toBe('b');
    // @ts-expect-error: 'a' has no input 'nope'
    await expect(p.run({ a: { query: 'q', nope: 1 } })).rejects.toThrow(/Input 'nope' not found in component 'a'/);
    const missing = await p.run({ a: {} }).catch((e: unknown) => e as PipelineValidationError);
    expect(missing).toMatchObject({ component: 'a', socket: 'query' });
    expect((missing as Error).message).toMatch(/Missing mandatory input 'query' for component 'a'\./);
    await expect(p.run(42 as never)).rejects.toThrow(/expected the run data to be an object/);
  });

  it('rejects a value for a connected non-list socket, and promotes a connected list socket', async () => {
    const list = () => makeComponent('L', { items: z.array(z.number()) }, { items: z.array(z.number()) }, ({ items }) => ({ items }));
    const p = make().addComponent('a', list()).addComponent('b', list()).connect('a', 'b');
    expect(await p.run({ a: { items: [2] }, b: { items: [1] } })).toEqual({ b: { items: [1, 2] } });
    const q = make().addComponent('a', echo()).addComponent('b', makeComponent('S', { query: z.string() }, { got: z.string() }, (i) => ({ got: i.query })));
    q.connect('a.got', 'b.query');
    await expect(q.run({ a: { query: 'x' }, b: { query: 'y' } })).rejects.toThrow(/Component 'b' cannot accept multiple inputs to 'query'/);
  });

  it('treats an undefined value as not given', async () => {
    const p = make().addComponent('a', echo());
    expect(await p.run({ a: { query: 'q', topK: undefined } })).toEqual({ a: { got: 'q:3' } });
  });
});
