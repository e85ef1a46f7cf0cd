/**
 * An auto-variadic list socket whose real inputs are all empty lists receives `[]`: Haystack checks
 * whether any real value arrived, then flattens (`_consume_component_inputs`, 2.31 and 3.x).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineComponent } from '../../../src/index.js';
import { ENGINES } from '../features/engines.js';

const Empty = defineComponent({ name: 'Empty', inputs: { value: z.int() }, outputs: { items: z.array(z.int()) }, run: () => ({ items: [] }) });
const Count = defineComponent({
  name: 'Count',
  inputs: { values: z.array(z.int()) },
  outputs: { count: z.int(), seen: z.array(z.int()) },
  run: ({ values }) => ({ count: values.length, seen: values }),
});
const CountWithDefault = defineComponent({
  name: 'CountWithDefault',
  inputs: { values: z.array(z.int()).default([7]) },
  outputs: { seen: z.array(z.int()) },
  run: ({ values }) => ({ seen: values }),
});
/** Sends on `other` only: the route its receivers' list socket is not connected to. */
const OtherRoute = defineComponent({
  name: 'OtherRoute',
  inputs: { value: z.int() },
  outputs: { items: z.array(z.int()), other: z.int() },
  run: ({ value }) => ({ other: value }),
});

describe.each(ENGINES)('empty lists on an auto-variadic list socket ($label)', (engine) => {
  it('passes [] when every sender produced an empty list', async () => {
    const p = engine.make().addComponent('a', new Empty()).addComponent('b', new Empty()).addComponent('count', new Count());
    p.connect('a.items', 'count.values').connect('b.items', 'count.values');
    expect(await engine.run(p, { a: { value: 1 }, b: { value: 2 } }, undefined)).toEqual({ count: { count: 0, seen: [] } });
  });

  it("passes the caller's [] when the senders took the other route", async () => {
    const p = engine.make().addComponent('a', new OtherRoute()).addComponent('b', new OtherRoute()).addComponent('count', new Count());
    p.connect('a.items', 'count.values').connect('b.items', 'count.values');
    expect(await engine.run(p, { a: { value: 1 }, b: { value: 2 }, count: { values: [] } }, undefined)).toEqual({
      a: { other: 1 },
      b: { other: 2 },
      count: { count: 0, seen: [] },
    });
  });

  it('passes [] rather than [default] to an optional socket that received empty lists', async () => {
    const p = engine.make().addComponent('a', new Empty()).addComponent('b', new Empty()).addComponent('sink', new CountWithDefault());
    p.connect('a.items', 'sink.values').connect('b.items', 'sink.values');
    expect(await engine.run(p, { a: { value: 1 }, b: { value: 2 } }, undefined)).toEqual({ sink: { seen: [] } });
  });

  it('still flattens non-empty lists next to empty ones', async () => {
    const One = defineComponent({ name: 'One', inputs: { value: z.int() }, outputs: { items: z.array(z.int()) }, run: ({ value }) => ({ items: [value] }) });
    const p = engine.make().addComponent('a', new Empty()).addComponent('b', new One()).addComponent('count', new Count());
    p.connect('a.items', 'count.values').connect('b.items', 'count.values');
    expect(await engine.run(p, { a: { value: 1 }, b: { value: 2 } }, undefined)).toEqual({ count: { count: 1, seen: [2] } });
  });
});
