import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Component, Pipeline, Variadic, type AnyComponent, type RunInput } from '../../../src/index.js';

const addInputs = { value: z.number(), add: z.number().optional() };
const addOutputs = { result: z.number() };
class Add extends Component<typeof addInputs, typeof addOutputs> {
  constructor() {
    super({ inputs: addInputs, outputs: addOutputs });
  }
  run({ value, add = 1 }: RunInput<typeof addInputs>) {
    return { result: value + add };
  }
}
const sumInputs = { values: Variadic(z.number()) };
const sumOutputs = { total: z.number(), label: z.string() };
class Sum extends Component<typeof sumInputs, typeof sumOutputs> {
  constructor() {
    super({ inputs: sumInputs, outputs: sumOutputs });
  }
  run({ values }: RunInput<typeof sumInputs>) {
    return { total: values.reduce((a, b) => a + b, 0) };
  }
}

describe('Pipeline typing', () => {
  it('types run data and results of a chained pipeline from the socket schemas', async () => {
    const p = new Pipeline().addComponent('add', new Add()).addComponent('sum', new Sum()).connect('add', 'sum');
    expectTypeOf(p).toEqualTypeOf<Pipeline<{ add: Add; sum: Sum }>>();
    const result = await p.run({ add: { value: 1 }, sum: { values: 2 } });
    expectTypeOf(result.sum).toEqualTypeOf<{ total?: number; label?: string } | undefined>();
    // Add has one output socket and its run always returns it: present whenever its entry is (issue 17.2).
    expectTypeOf(result.add).toEqualTypeOf<{ result: number } | undefined>();
    await p.run({ value: 1 }); // flat data by socket name
    const typeOnly = async () => {
      // @ts-expect-error: wrong type for a socket
      await p.run({ sum: { values: 'one' } });
      expectTypeOf(p.getComponent('other' as string)).toEqualTypeOf<AnyComponent>();
      // @ts-expect-error: unknown component
      await p.run({ nope: { value: 1 } });
    };
    void typeOnly;
    expectTypeOf(p.getComponent('add')).toEqualTypeOf<Add>();
  });

  it('types AsyncPipeline the same way, for runAsync, run and the generator', async () => {
    const p = new AsyncPipeline().addComponent('add', new Add());
    expectTypeOf(p).toEqualTypeOf<AsyncPipeline<{ add: Add }>>();
    expectTypeOf(await p.runAsync({ add: { value: 1 } })).toEqualTypeOf<{ add?: { result: number } }>();
    expectTypeOf(p.runAsyncGenerator({ value: 1 })).toEqualTypeOf<AsyncGenerator<{ add?: { result: number } }, void, undefined>>();
  });

  it('stays loosely typed when built statement by statement', async () => {
    const p = new Pipeline();
    p.addComponent('add', new Add());
    const result = await p.run({ add: { value: 1 } });
    expectTypeOf(result).toEqualTypeOf<Record<string, Record<string, unknown>>>();
    expectTypeOf(p.run).parameter(0).toEqualTypeOf<Record<string, unknown>>();
  });
});
