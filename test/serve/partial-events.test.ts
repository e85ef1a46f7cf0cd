import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, GreedyVariadic, defineComponent } from '../../src/index.js';
import { splitRunEvents, type RunEvent } from '../../src/serve/partial-events.js';
import { Count, Upper, endlessPipeline } from './helpers.js';

async function collect(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const Empty = defineComponent({ name: 'Empty', inputs: { text: z.string() }, outputs: { text: z.string() }, run: () => ({}) });

describe('splitRunEvents over runAsyncGenerator', () => {
  it('tells partials from the final outputs in a linear pipeline', async () => {
    const p = new AsyncPipeline().addComponent('upper', new Upper()).addComponent('count', new Count()).connect('upper.text', 'count.text');
    const events = await collect(splitRunEvents(p.runAsyncGenerator({ text: 'ab' }, { includeOutputsFrom: ['upper', 'count'] })));
    expect(events).toEqual([
      { kind: 'partial', component: 'upper', outputs: { text: 'AB' } },
      { kind: 'partial', component: 'count', outputs: { length: 2, echo: 'AB' } },
      { kind: 'final', result: { upper: { text: 'AB' }, count: { length: 2, echo: 'AB' } } },
    ]);
  });

  it('does not mistake the one-component final outputs for a second partial', async () => {
    const p = new AsyncPipeline().addComponent('upper', new Upper());
    const events = await collect(splitRunEvents(p.runAsyncGenerator({ text: 'a' }, { includeOutputsFrom: ['upper'] })));
    expect(events.map((e) => e.kind)).toEqual(['partial', 'final']);
  });

  it('reports a component that produced nothing in the final outputs only', async () => {
    const p = new AsyncPipeline().addComponent('empty', new Empty());
    const events = await collect(splitRunEvents(p.runAsyncGenerator({ text: 'a' }, { includeOutputsFrom: ['empty'] })));
    expect(events).toEqual([{ kind: 'final', result: { empty: {} } }]);
  });

  it('streams every visit of a loop, then the final outputs', async () => {
    const Joiner = defineComponent({ name: 'Joiner', inputs: { value: GreedyVariadic(z.number()) }, outputs: { value: z.number() }, run: ({ value }) => ({ value: value[0]! }) });
    const Step = defineComponent({
      name: 'Step',
      inputs: { value: z.number() },
      outputs: { again: z.number(), done: z.number() },
      run: ({ value }) => (value < 2 ? { again: value + 1 } : { done: value }),
    });
    const p = new AsyncPipeline().addComponent('joiner', new Joiner()).addComponent('step', new Step()).connect('joiner', 'step').connect('step.again', 'joiner');
    const events = await collect(splitRunEvents(p.runAsyncGenerator({ joiner: { value: 0 } }, { includeOutputsFrom: ['joiner', 'step'] })));
    expect(events.map((e) => (e.kind === 'partial' ? `${e.component}:${JSON.stringify(e.outputs)}` : 'final'))).toEqual([
      'joiner:{"value":0}',
      'step:{"again":1}',
      'joiner:{"value":1}',
      'step:{"again":2}',
      'joiner:{"value":2}',
      'step:{"done":2}',
      'final',
    ]);
    expect(events.at(-1)).toEqual({ kind: 'final', result: { joiner: { value: 2 }, step: { done: 2 } } });
  });

  it('passes the run error on, and stops the run when the consumer leaves early', async () => {
    await expect(collect(splitRunEvents(endlessPipeline(2).runAsyncGenerator({ joiner: { value: 0 } }, { includeOutputsFrom: ['joiner', 'inc'] })))).rejects.toThrow(
      /Maximum run count 2/,
    );
    const p = new AsyncPipeline().addComponent('upper', new Upper()).addComponent('count', new Count()).connect('upper.text', 'count.text');
    for await (const event of splitRunEvents(p.runAsyncGenerator({ text: 'ab' }, { includeOutputsFrom: ['upper', 'count'] }))) {
      expect(event.kind).toBe('partial');
      break;
    }
  });
});
