import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, GreedyVariadic, Pipeline, PipelineRuntimeError } from '../../../src/index.js';
import { NO_INPUTS, type CompiledGraph } from '../../../src/core/pipeline/compiled-graph.js';
import { DIRTY_FLAG } from '../../../src/core/pipeline/scheduling.js';
import { sparesOf } from '../../../src/core/pipeline/run-spares.js';
import { deferred, flush, makeComponent, recordingLogger } from './helpers.js';

/**
 * A completed async run leaves its tasks, counters and input state to the next runs of the same
 * graph (run-spares.ts). What is reused must carry nothing from one run into another.
 */

/** The pipeline's compiled graph, whose spares a test looks at (`compiled()` is protected). */
function graphOf(pipeline: object): CompiledGraph {
  return (pipeline as unknown as { compiled(): CompiledGraph }).compiled();
}

const add = (n: number) => makeComponent('Add', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value: value + n }));

function chain(logger = recordingLogger()) {
  return new AsyncPipeline({ logger })
    .addComponent('a', add(1))
    .addComponent('b', add(10))
    .addComponent('c', add(100))
    .connect('a', 'b')
    .connect('b', 'c');
}

describe('AsyncPipeline runs after runs', () => {
  it("does not let a run's unconsumed inputs reach the next run", async () => {
    const logger = recordingLogger();
    let secondRuns = 0;
    const maybe = () => makeComponent('Maybe', { emit: z.boolean() }, { value: z.number() }, ({ emit }) => (emit ? { value: 5 } : {}));
    const second = makeComponent('TwoInputs', { a: z.number(), b: z.number() }, { out: z.number() }, ({ a, b }) => {
      secondRuns++;
      return { out: a + b };
    });
    const p = new AsyncPipeline({ logger })
      .addComponent('first', maybe())
      .addComponent('third', maybe())
      .addComponent('second', second)
      .connect('first.value', 'second.a')
      .connect('third.value', 'second.b');
    // Blocks with b still waiting on 'second'.
    expect(await p.runAsync({ first: { emit: false }, third: { emit: true } })).toEqual({});
    // a arrives, b does not: 'second' must block again, not run with the last run's b.
    expect(await p.runAsync({ first: { emit: true }, third: { emit: false } })).toEqual({});
    expect(secondRuns).toBe(0);
    expect(logger.warnings).toHaveLength(2);
  });

  it('counts visits from zero in every run, one after another and at once', async () => {
    // A loop that visits 'joiner' exactly maxRunsPerComponent times: a count carried over would raise.
    const joiner = makeComponent('BranchJoiner', { value: GreedyVariadic(z.number()) }, { value: z.number() }, ({ value }) => ({ value: value[0]! }));
    const step = makeComponent('Step', { value: z.number() }, { again: z.number(), done: z.number() }, ({ value }) =>
      value % 10 < 2 ? { again: value + 1 } : { done: value },
    );
    const p = new AsyncPipeline({ maxRunsPerComponent: 3 }).addComponent('joiner', joiner).addComponent('step', step).connect('joiner', 'step').connect('step.again', 'joiner');
    for (let i = 0; i < 4; i++) expect(await p.runAsync({ joiner: { value: 10 * i } })).toEqual({ step: { done: 10 * i + 2 } });
    const outputs = await Promise.all(Array.from({ length: 20 }, (_, i) => p.runAsync({ joiner: { value: 10 * i } })));
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, i) => ({ step: { done: 10 * i + 2 } })));
  });

  it('keeps a completed run’s task, counters and state for the next run, holding no value', async () => {
    const p = chain();
    expect(await p.runAsync({ a: { value: 1 } })).toEqual({ c: { value: 112 } });
    const spares = sparesOf(graphOf(p));
    expect(spares.kept).toEqual({ tasks: 1, counters: 1, states: 1 });
    // The next run takes them as it starts.
    const next = p.runAsync({ a: { value: 2 } });
    expect(spares.kept).toEqual({ tasks: 0, counters: 0, states: 0 });
    expect(await next).toEqual({ c: { value: 113 } });

    const state = spares.takeState()!;
    expect(state).toHaveLength(3);
    expect(state.every((slot) => slot === NO_INPUTS)).toBe(true);
    expect(spares.takeCounters()).toEqual([0, 0, 0, DIRTY_FLAG, DIRTY_FLAG, DIRTY_FLAG]);
    const task = spares.takeTask()!;
    expect(task.pruned).toBeUndefined();
    expect(() => task.onResolved({ value: 1 })).toThrow(/a task kept for reuse was called/);
  });

  it('reuses as many as were in flight at once, and the outputs stay right', async () => {
    const p = chain();
    const batch = () => Promise.all(Array.from({ length: 50 }, (_, i) => p.runAsync({ a: { value: i } })));
    expect(await batch()).toEqual(Array.from({ length: 50 }, (_, i) => ({ c: { value: i + 111 } })));
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 50, counters: 50, states: 50 });
    expect(await batch()).toEqual(Array.from({ length: 50 }, (_, i) => ({ c: { value: i + 111 } })));
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 50, counters: 50, states: 50 });
  });

  it('gives back from runAsyncGenerator once it completed, not when the loop is left early', async () => {
    const p = chain();
    const partials = [];
    for await (const partial of p.runAsyncGenerator({ a: { value: 1 } })) partials.push(partial);
    expect(partials.at(-1)).toEqual({ c: { value: 112 } });
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 1, counters: 1, states: 1 });

    const q = chain();
    for await (const partial of q.runAsyncGenerator({ a: { value: 1 } }, { includeOutputsFrom: ['a'] })) {
      expect(partial).toEqual({ a: { value: 2 } });
      break;
    }
    expect(sparesOf(graphOf(q)).kept).toEqual({ tasks: 0, counters: 0, states: 0 });
  });

  it('gives nothing back from a run that failed, even once the sibling it cancelled has finished', async () => {
    const sibling = deferred();
    let siblingFinished = false;
    const slow = makeComponent(
      'Slow',
      { value: z.number() },
      { value: z.number() },
      () => ({ value: 0 }),
      async ({ value }) => {
        // Ignores its signal: the failed run's cancel cannot stop it.
        await sibling.promise;
        siblingFinished = true;
        return { value };
      },
    );
    const boom = makeComponent(
      'Boom',
      { value: z.number() },
      { value: z.number() },
      () => ({ value: 0 }),
      async () => {
        await flush(); // 'slow' is running by now
        setImmediate(() => sibling.resolve());
        throw new Error('boom');
      },
    );
    const p = new AsyncPipeline().addComponent('slow', slow).addComponent('boom', boom);
    await expect(p.runAsync({ slow: { value: 1 }, boom: { value: 1 } })).rejects.toBeInstanceOf(PipelineRuntimeError);
    await flush();
    expect(siblingFinished).toBe(true);
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 0, counters: 0, states: 0 });
  });

  it('gives nothing back from a run aborted by its caller', async () => {
    const gate = deferred();
    const waits = makeComponent(
      'Waits',
      { value: z.number() },
      { value: z.number() },
      () => ({ value: 0 }),
      async ({ value }) => {
        await gate.promise;
        return { value };
      },
    );
    const p = new AsyncPipeline().addComponent('waits', waits);
    const controller = new AbortController();
    const run = p.runAsync({ waits: { value: 1 } }, { signal: controller.signal });
    controller.abort(new Error('stop'));
    gate.resolve();
    await expect(run).rejects.toThrow('stop');
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 0, counters: 0, states: 0 });
    // The pipeline still runs, from fresh objects.
    expect(await p.runAsync({ waits: { value: 2 } })).toEqual({ waits: { value: 2 } });
  });

  it('has Pipeline.run give back its counters and state too, and count from zero in its next run', async () => {
    const joiner = makeComponent('BranchJoiner', { value: GreedyVariadic(z.number()) }, { value: z.number() }, ({ value }) => ({ value: value[0]! }));
    const step = makeComponent('Step', { value: z.number() }, { again: z.number(), done: z.number() }, ({ value }) => {
      if (value === 999) throw new Error('boom');
      return value % 10 < 2 ? { again: value + 1 } : { done: value };
    });
    const p = new Pipeline({ maxRunsPerComponent: 3 }).addComponent('joiner', joiner).addComponent('step', step).connect('joiner', 'step').connect('step.again', 'joiner');
    expect(await p.run({ joiner: { value: 0 } })).toEqual({ step: { done: 2 } });
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 0, counters: 1, states: 1 });
    expect(await p.run({ joiner: { value: 10 } })).toEqual({ step: { done: 12 } });
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 0, counters: 1, states: 1 });
    await expect(p.run({ joiner: { value: 999 } })).rejects.toThrow(PipelineRuntimeError);
    // The failed run took the kept arrays and gave nothing back.
    expect(sparesOf(graphOf(p)).kept).toEqual({ tasks: 0, counters: 0, states: 0 });
  });

  it('starts a recompiled graph with nothing kept', async () => {
    const p = chain();
    await p.runAsync({ a: { value: 1 } });
    const before = graphOf(p);
    const grown = p.addComponent('d', add(1000)).connect('c', 'd');
    expect(graphOf(grown)).not.toBe(before);
    expect(sparesOf(graphOf(grown)).kept).toEqual({ tasks: 0, counters: 0, states: 0 });
    expect(await grown.runAsync({ a: { value: 1 } })).toEqual({ d: { value: 1112 } });
    expect(sparesOf(graphOf(grown)).kept).toEqual({ tasks: 1, counters: 1, states: 1 });
  });
});
