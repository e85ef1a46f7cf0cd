import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Component, defineComponent, describeInputs, GreedyVariadic, Variadic, type RunInput } from '../../../src/index.js';

const inputs = { value: z.number(), add: z.number().optional(), scale: z.number().default(2) };
const outputs = { result: z.number() };

class AddFixedValue extends Component<typeof inputs, typeof outputs> {
  constructor(readonly add = 1) {
    super({ inputs, outputs, initParameters: { add } });
  }
  run({ value, add = this.add }: RunInput<typeof inputs>) {
    return { result: value + add };
  }
}

describe('component declaration', () => {
  it('infers run argument types from socket schemas', () => {
    expectTypeOf<RunInput<typeof inputs>>().toEqualTypeOf<{ value: number; add?: number | undefined; scale?: number }>();
    const c = new AddFixedValue(3);
    expect(c.run({ value: 1 })).toEqual({ result: 4 });
    // @ts-expect-error: a wrong key is a compile error
    c.run({ valu: 1 });
  });

  it('describes mandatory, optional, defaulted and variadic sockets', () => {
    const described = describeInputs({ ...inputs, lazy: Variadic(z.string()), greedy: GreedyVariadic(z.number()) });
    expect(described.map((s) => [s.name, s.isMandatory, s.defaultValue, s.variadic])).toEqual([
      ['value', true, undefined, undefined],
      ['add', false, undefined, undefined],
      ['scale', false, 2, undefined],
      ['lazy', true, undefined, 'lazy'],
      ['greedy', true, undefined, 'greedy'],
    ]);
  });

  it('builds a class from the function form', async () => {
    const Double = defineComponent({
      name: 'Double',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      run: ({ value }) => ({ value: value * 2 }),
      runAsync: async ({ value }) => ({ value: value * 2 }),
    });
    const d = new Double();
    expect(Double.name).toBe('Double');
    expect(d.typeName).toBe('Double');
    expect(d.run({ value: 2 })).toEqual({ value: 4 });
    expect(await d.runAsync?.({ value: 3 })).toEqual({ value: 6 });
    expectTypeOf(d.run).parameter(0).toEqualTypeOf<{ value: number }>();
  });
});

describe('variadic sockets with a default', () => {
  it('are optional in the run argument and described with their default', () => {
    const declared = { values: Variadic(z.string(), { default: 'x' }), plain: Variadic(z.number()) };
    expectTypeOf<RunInput<typeof declared>>().toEqualTypeOf<{ plain: number[]; values?: string[] }>();
    expect(describeInputs(declared).map((s) => [s.name, s.isMandatory, s.defaultValue])).toEqual([
      ['values', false, 'x'],
      ['plain', true, undefined],
    ]);
  });
});
