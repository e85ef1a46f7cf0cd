/**
 * An auto-variadic list socket whose real inputs are all empty lists receives `[]`: Haystack checks
 * whether any real value arrived, then flattens (`_consume_component_inputs`, 2.31 and 3.x).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineComponent } from '../../../src/index.js';
import type { PipelineBase } from '../../../src/core/pipeline/pipeline-base.js';
import { RUNNERS } from './runners.js';

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
  run: ({ values }) => ({ seen: values ?? [] }),
});
/** Sends on `other` only: the route its receivers' list socket is not connected to. */
const OtherRoute = defineComponent({
  name: 'OtherRoute',
  inputs: { value: z.int() },
  outputs: { items: z.array(z.int()), other: z.int() },
  run: ({ value }) => ({ other: value }),
});

describe.each(RUNNERS)('empty lists on an auto-variadic list socket ($label)', (runner) => {
  it('passes [] when every sender produced an empty list', async () => {
    const build = (p: PipelineBase) => {
      p.addComponent('a', new Empty()).addComponent('b', new Empty()).addComponent('count', new Count()).connect('a.items', 'count.values').connect('b.items', 'count.values');
    };
    expect(await runner.run(build, { a: { value: 1 }, b: { value: 2 } })).toEqual({ count: { count: 0, seen: [] } });
  });

  it("passes the caller's [] when the senders took the other route", async () => {
    const build = (p: PipelineBase) => {
      p.addComponent('a', new OtherRoute()).addComponent('b', new OtherRoute()).addComponent('count', new Count()).connect('a.items', 'count.values').connect('b.items', 'count.values');
    };
    expect(await runner.run(build, { a: { value: 1 }, b: { value: 2 }, count: { values: [] } })).toEqual({
      a: { other: 1 },
      b: { other: 2 },
      count: { count: 0, seen: [] },
    });
  });

  it('passes [] rather than [default] to an optional socket that received empty lists', async () => {
    const build = (p: PipelineBase) => {
      p.addComponent('a', new Empty()).addComponent('b', new Empty()).addComponent('sink', new CountWithDefault()).connect('a.items', 'sink.values').connect('b.items', 'sink.values');
    };
    expect(await runner.run(build, { a: { value: 1 }, b: { value: 2 } })).toEqual({ sink: { seen: [] } });
  });

  it('still flattens non-empty lists next to empty ones', async () => {
    const One = defineComponent({ name: 'One', inputs: { value: z.int() }, outputs: { items: z.array(z.int()) }, run: ({ value }) => ({ items: [value] }) });
    const build = (p: PipelineBase) => {
      p.addComponent('a', new Empty()).addComponent('b', new One()).addComponent('count', new Count()).connect('a.items', 'count.values').connect('b.items', 'count.values');
    };
    expect(await runner.run(build, { a: { value: 1 }, b: { value: 2 } })).toEqual({ count: { count: 1, seen: [2] } });
  });
});
