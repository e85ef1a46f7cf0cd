import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, GreedyVariadic, Pipeline, Variadic } from '../../../src/index.js';
import { NO_OUTPUT, USER, type CompiledGraph, type Entry } from '../../../src/core/pipeline/compiled-graph.js';
import { consumeInputs } from '../../../src/core/pipeline/consume-inputs.js';
import { writeOutputs } from '../../../src/core/pipeline/write-outputs.js';
import { makeComponent } from './helpers.js';

function compiled(p: object): CompiledGraph {
  return (p as unknown as { compiled(): CompiledGraph }).compiled();
}
const entry = (sender: number, value: unknown): Entry => ({ sender, value, shared: undefined });
// Lists only, as the writers make them (the run's own state may also hold a caller's lone entry bare).
const emptyState = (g: CompiledGraph): (Entry[] | undefined)[][] => g.nodes.map((n) => new Array(n.inputs.length));

const src = (name = 'Src') => makeComponent(name, {}, { value: z.number(), other: z.number() }, () => ({}));

describe('consuming inputs', () => {
  const p = new Pipeline()
    .addComponent('a', src())
    .addComponent('b', src())
    .addComponent(
      'sink',
      makeComponent(
        'Sink',
        {
          std: z.number(),
          lazy: Variadic(z.number()),
          greedy: GreedyVariadic(z.number()),
          list: z.array(z.number()).optional(),
          opt: z.number().default(9),
        },
        {},
        () => ({}),
      ),
    );
  p.connect('a.value', 'sink.lazy').connect('b.value', 'sink.lazy').connect('a.value', 'sink.greedy').connect('a.value', 'sink.list').connect('b.value', 'sink.list');
  const g = compiled(p);
  const sink = g.byName.get('sink')!;
  const [a, b] = [g.byName.get('a')!.index, g.byName.get('b')!.index];

  it('takes the first real value, lists for variadic sockets, flattened lists for auto-variadic ones, and defaults', () => {
    const state = emptyState(g);
    state[sink.index] = [
      [entry(USER, 1)],
      [entry(USER, 0), entry(a, 1), entry(b, NO_OUTPUT), entry(b, 2)],
      [entry(a, 5), entry(b, 6)],
      [entry(a, [1, 2]), entry(b, [3])],
      undefined,
    ];
    expect(consumeInputs(sink, state)).toEqual({ std: 1, lazy: [0, 1, 2], greedy: [5], list: [1, 2, 3], opt: 9 });
  });

  it('keeps only the caller values afterwards (sticky), except on greedy sockets', () => {
    const state = emptyState(g);
    state[sink.index] = [[entry(USER, 1)], [entry(USER, 0), entry(a, 1)], [entry(USER, 7)], [entry(a, [1])], undefined];
    consumeInputs(sink, state);
    expect(state[sink.index]!.map((e) => e?.map((x) => x.value))).toEqual([[1], [0], undefined, undefined, undefined]);
  });

  it('gives [default] to an optional auto-variadic list socket that received nothing (Haystack quirk)', () => {
    const state = emptyState(g);
    state[sink.index] = [[entry(USER, 1)], [entry(a, 1)], [entry(a, 1)], undefined, undefined];
    expect(consumeInputs(sink, state)['list']).toEqual([undefined]);
  });
});

describe('writing outputs', () => {
  const p = new Pipeline()
    .addComponent('a', src())
    .addComponent('b', src())
    .addComponent('std', makeComponent('Std', { value: z.number().optional() }, {}, () => ({})))
    .addComponent('lazy', makeComponent('Lazy', { values: Variadic(z.number()) }, {}, () => ({})))
    .addComponent('greedy', makeComponent('Greedy', { value: GreedyVariadic(z.number()) }, {}, () => ({})));
  p.connect('a.value', 'std.value').connect('a.value', 'lazy.values').connect('b.value', 'lazy.values');
  p.connect('a.value', 'greedy.value').connect('b.value', 'greedy.value');
  const g = compiled(p);
  const [a, b, std, lazy, greedy] = ['a', 'b', 'std', 'lazy', 'greedy'].map((n) => g.byName.get(n)!);

  it('appends on lazy sockets (markers too) and overwrites standard and greedy sockets', () => {
    const state = emptyState(g);
    writeOutputs(g, a!, { value: 1 }, state, false, 'test');
    writeOutputs(g, b!, {}, state, false, 'test');
    writeOutputs(g, a!, { value: 2 }, state, false, 'test');
    expect(state[lazy!.index]![0]!.map((e) => e.value)).toEqual([1, NO_OUTPUT, 2]);
    expect(state[std!.index]![0]!.map((e) => e.value)).toEqual([2]);
    expect(state[greedy!.index]![0]!.map((e) => [e.sender, e.value])).toEqual([[a!.index, 2]]);
  });

  it('never lets a marker erase a waiting value, but lets a real value replace it', () => {
    const state = emptyState(g);
    writeOutputs(g, b!, { value: 5 }, state, false, 'test');
    writeOutputs(g, a!, {}, state, false, 'test');
    expect(state[greedy!.index]![0]!.map((e) => e.value)).toEqual([5]);
    expect(state[std!.index]![0]!.map((e) => e.value)).toEqual([NO_OUTPUT]);
    writeOutputs(g, a!, { value: 6 }, state, false, 'test');
    expect(state[greedy!.index]![0]!.map((e) => e.value)).toEqual([6]);
  });

  it('returns unconnected and undeclared keys, or everything for an included component', () => {
    const state = emptyState(g);
    expect(writeOutputs(g, a!, { value: 1, other: 2, extra: 3 }, state, false, 'test')).toEqual({ other: 2, extra: 3 });
    expect(writeOutputs(g, a!, { value: 1, other: 2 }, state, true, 'test')).toEqual({ value: 1, other: 2 });
  });
});

describe.each([
  ['Pipeline', () => new Pipeline({ maxRunsPerComponent: 10 })],
  ['AsyncPipeline', () => new AsyncPipeline({ maxRunsPerComponent: 10 })],
] as const)('%s: state across visits', (_label, make) => {
  it('re-uses a caller value on every later visit of a lazy socket ([7], [7,101], [7,102])', async () => {
    const calls: number[][] = [];
    const collect = makeComponent('Collect', { values: Variadic(z.number()) }, { value: z.number() }, ({ values }) => {
      calls.push(values);
      return { value: values[values.length - 1]! };
    });
    const step = makeComponent('Step', { value: z.number() }, { again: z.number(), done: z.number() }, ({ value }) => {
      const next = value < 100 ? 101 : value + 1;
      return next <= 102 ? { again: next } : { done: next };
    });
    const p = make().addComponent('collect', collect).addComponent('step', step).connect('collect', 'step').connect('step.again', 'collect.values');
    expect(await p.run({ collect: { values: 7 } })).toEqual({ step: { done: 103 } });
    expect(calls).toEqual([[7], [7, 101], [7, 102]]);
  });

  it('gives a greedy joiner the last value written when two senders ran before it', async () => {
    const joined: number[][] = [];
    const joiner = makeComponent('BranchJoiner', { value: GreedyVariadic(z.number()) }, { value: z.number() }, ({ value }) => {
      joined.push(value);
      return { value: value[0]! };
    });
    const constant = (v: number) => makeComponent('Const', {}, { value: z.number() }, () => ({ value: v }));
    const p = make().addComponent('a', constant(1)).addComponent('b', constant(2)).addComponent('joiner', joiner);
    p.connect('a', 'joiner').connect('b', 'joiner');
    expect(await p.run({})).toEqual({ joiner: { value: 2 } });
    expect(joined).toEqual([[2]]);
  });
});
