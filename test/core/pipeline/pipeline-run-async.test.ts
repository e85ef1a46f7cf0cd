/**
 * Haystack 3.x's run methods on `Pipeline`: `runAsync` and `runAsyncGenerator` run the concurrent
 * engine (the one `AsyncPipeline` keeps under its 2.x name), while `run` stays sequential.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineRuntimeError, PipelineValidationError } from '../../../src/index.js';
import { GateProbe, flush, makeComponent } from './helpers.js';

function twoGated(probe: GateProbe) {
  return new Pipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b'));
}

describe('Pipeline.runAsync (Haystack 3.x)', () => {
  it('runs independent components concurrently', async () => {
    const probe = new GateProbe();
    const running = twoGated(probe).runAsync({ a: { value: 1 }, b: { value: 10 } });
    await flush();
    expect(probe.started.sort()).toEqual(['a', 'b']);
    expect(probe.maxRunning).toBe(2);
    probe.open('b');
    probe.open('a');
    expect(await running).toEqual({ a: { value: 2 }, b: { value: 11 } });
  });

  it('honours concurrencyLimit like AsyncPipeline', async () => {
    const probe = new GateProbe();
    const running = twoGated(probe).runAsync({ a: { value: 1 }, b: { value: 10 } }, { concurrencyLimit: 1 });
    await flush();
    expect(probe.started).toEqual(['a']);
    probe.open('a');
    await flush();
    expect(probe.started).toEqual(['a', 'b']);
    probe.open('b');
    await running;
    expect(probe.maxRunning).toBe(1);
  });

  it('calls components through runAsync, as the concurrent engine does, while run stays sequential', async () => {
    const calls: string[] = [];
    const make = () =>
      makeComponent(
        'Both',
        { value: z.number() },
        { value: z.number() },
        ({ value }) => (calls.push('run'), { value }),
        async ({ value }) => (calls.push('runAsync'), { value }),
      );
    const pipeline = new Pipeline().addComponent('x', make());
    await pipeline.runAsync({ x: { value: 1 } });
    await pipeline.run({ x: { value: 1 } });
    expect(calls).toEqual(['runAsync', 'run']);
  });

  it('prefixes its errors with Pipeline.runAsync', async () => {
    const failing = makeComponent('Failing', { value: z.number() }, { value: z.number() }, () => {
      throw new Error('boom');
    });
    const pipeline = new Pipeline().addComponent('f', failing);
    const error = await pipeline.runAsync({ f: { value: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as Error).message).toMatch(/^Pipeline\.runAsync: The following component failed to run/);
    await expect(pipeline.runAsync({ nope: { value: 1 } } as never)).rejects.toThrow(PipelineValidationError);
  });

  it('types its data and result from the sockets, like run', () => {
    const probe = new GateProbe();
    const pipeline = twoGated(probe);
    expectTypeOf(pipeline.runAsync).parameter(0).toEqualTypeOf<Parameters<typeof pipeline.run>[0]>();
    expectTypeOf(pipeline.runAsync).returns.toEqualTypeOf<ReturnType<typeof pipeline.run>>();
    // @ts-expect-error an unknown socket of a known component
    void (() => pipeline.runAsync({ a: { valeu: 1 } }));
  });
});

describe('Pipeline.runAsyncGenerator (Haystack 3.x)', () => {
  it('yields each finished component, then the final outputs', async () => {
    const probe = new GateProbe();
    const seen: unknown[] = [];
    const iterating = (async () => {
      for await (const partial of twoGated(probe).runAsyncGenerator({ a: { value: 1 }, b: { value: 10 } })) seen.push(partial);
    })();
    await flush();
    probe.open('b');
    await flush();
    expect(seen).toEqual([{ b: { value: 11 } }]);
    probe.open('a');
    await iterating;
    expect(seen).toEqual([{ b: { value: 11 } }, { a: { value: 2 } }, { a: { value: 2 }, b: { value: 11 } }]);
  });

  it('aborts the components still running when the loop is left early', async () => {
    const probe = new GateProbe();
    const generator = twoGated(probe).runAsyncGenerator({ a: { value: 1 }, b: { value: 10 } });
    const first = generator.next();
    await flush();
    probe.open('a');
    expect((await first).value).toEqual({ a: { value: 2 } });
    await generator.return(undefined);
    expect(probe.aborted).toEqual(['b']);
  });
});

describe('Pipeline and AsyncPipeline', () => {
  it('a Pipeline is the concurrent engine with a sequential run; AsyncPipeline keeps its concurrent run', async () => {
    expect(new Pipeline()).toBeInstanceOf(AsyncPipeline);
    const probe = new GateProbe();
    const asyncPipeline = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b'));
    const running = asyncPipeline.run({ a: { value: 1 }, b: { value: 10 } });
    await flush();
    expect(probe.maxRunning).toBe(2);
    probe.open('a');
    probe.open('b');
    await running;
  });
});
