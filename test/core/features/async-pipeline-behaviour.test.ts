import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  defineComponent,
  GreedyVariadic,
  Pipeline,
  PipelineRuntimeError,
  isAbortError,
  type RunContext,
} from '../../../src/index.js';
import { recordCalls } from './harness.js';

// Scenario-level behaviours of Haystack's test_async_pipeline.py (2.31 and the 3.x additions of
// the core spec §7.2), observed through the public API only. No timing: concurrency is shown with
// promises the test resolves itself.

/** A promise with its resolver, to make components wait for each other without timers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves when `signal` aborts; never otherwise. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** Lets pending macrotasks (and everything they schedule) run. */
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('AsyncPipeline behaviour (test_async_pipeline.py)', () => {
  it('serves concurrent runs of one pipeline independently (re-entrance)', async () => {
    const bothStarted = deferred();
    let started = 0;
    const Waiter = defineComponent({
      name: 'Waiter',
      inputs: { waitFor: z.number() },
      outputs: { waitedFor: z.number() },
      run: ({ waitFor }) => ({ waitedFor: waitFor }),
      runAsync: async ({ waitFor }) => {
        // Each run waits until the other one is in flight too: the runs overlap.
        if (++started === 2) bothStarted.resolve();
        await bothStarted.promise;
        return { waitedFor: waitFor };
      },
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('wait', new Waiter());
    const recorder = recordCalls(pipeline);
    const results = await Promise.all([pipeline.runAsync({ waitFor: 1 }), pipeline.runAsync({ waitFor: 2 })]);
    expect(results).toEqual([{ wait: { waitedFor: 1 } }, { wait: { waitedFor: 2 } }]);
    // One visit per run: the second run did not see the first run's visit count.
    expect(recorder.calls).toEqual({ 'wait#1': { waitFor: 1 }, 'wait#2': { waitFor: 2 } });
  });

  it('run() gives the same outputs as runAsync()', async () => {
    const Echo = defineComponent({
      name: 'Echo',
      inputs: { waitFor: z.number() },
      outputs: { waitedFor: z.number() },
      run: ({ waitFor }) => ({ waitedFor: waitFor }),
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('wait', new Echo());
    expect(await pipeline.run({ waitFor: 0.001 })).toEqual({ wait: { waitedFor: 0.001 } });
    expect(await pipeline.runAsync({ waitFor: 0.001 })).toEqual({ wait: { waitedFor: 0.001 } });
  });

  it('rejects a concurrencyLimit below 1 (3.x)', async () => {
    const pipeline = new AsyncPipeline();
    await expect(pipeline.runAsync({}, { concurrencyLimit: 0 })).rejects.toThrow(/concurrencyLimit/);
  });

  it('shows an included component that returned {} as {}, and omits a consumed producer that is not included', async () => {
    const Producer = defineComponent({
      name: 'Producer',
      inputs: { text: z.string().optional() },
      outputs: { value: z.string().optional() },
      run: ({ text }) => ({ value: `P: ${text}` }),
      runAsync: async ({ text }) => ({ value: `P: ${text}` }),
    });
    const EmptyProcessor = defineComponent({
      name: 'EmptyProcessor',
      inputs: { sources: z.array(z.string()) },
      outputs: {},
      run: () => ({}),
      runAsync: async () => ({}),
    });
    const Combiner = defineComponent({
      name: 'Combiner',
      inputs: { inputA: z.string().optional(), inputB: z.string().optional() },
      outputs: { combined: z.string() },
      run: ({ inputA = '', inputB = '' }) => ({ combined: `${inputA} | ${inputB}` }),
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('producer_a', new Producer());
    pipeline.addComponent('producer_b', new Producer());
    pipeline.addComponent('empty_processor', new EmptyProcessor());
    pipeline.addComponent('combiner', new Combiner());
    pipeline.connect('producer_a.value', 'combiner.inputA');
    pipeline.connect('producer_b.value', 'combiner.inputB');
    const result = await pipeline.runAsync(
      { producer_a: { text: 'hello' }, producer_b: { text: 'world' }, empty_processor: { sources: [] } },
      { includeOutputsFrom: ['producer_a', 'empty_processor', 'combiner'] },
    );
    expect(result).toEqual({
      producer_a: { value: 'P: hello' },
      combiner: { combined: 'P: hello | P: world' },
      empty_processor: {},
    });
    expect(result).not.toHaveProperty('producer_b');
  });

  it('gives each receiver of one output its own copy: a receiver mutating it does not affect a sibling', async () => {
    interface Doc {
      content: string;
    }
    const docSchema = z.object({ content: z.string() });
    const Fresh = defineComponent({
      name: 'Fresh',
      inputs: { document: docSchema },
      outputs: { output: docSchema },
      run: ({ document }) => ({ output: { content: document.content } }),
    });
    const Modifier = defineComponent({
      name: 'Modifier',
      inputs: { document: docSchema },
      outputs: { output: docSchema },
      run: ({ document }: { document: Doc }) => {
        document.content = 'modified';
        return { output: document };
      },
    });
    for (const pipeline of [new AsyncPipeline(), new Pipeline()]) {
      pipeline.addComponent('first', new Fresh());
      // 'modifier' sorts before 'second', so it runs first when both are ready.
      pipeline.addComponent('modifier', new Modifier());
      pipeline.addComponent('second', new Fresh());
      pipeline.connect('first.output', 'modifier.document');
      pipeline.connect('first.output', 'second.document');
      const result = await pipeline.run({ first: { document: { content: 'original' } } });
      expect(result['modifier']).toEqual({ output: { content: 'modified' } });
      expect(result['second']).toEqual({ output: { content: 'original' } });
    }
  });

  it("keeps an included producer's output intact when a downstream component mutates what it received", async () => {
    const docSchema = z.object({ content: z.string() });
    const Producer = defineComponent({
      name: 'Producer',
      inputs: {},
      outputs: { doc: docSchema },
      run: () => ({ doc: { content: 'original' } }),
    });
    const Mutator = defineComponent({
      name: 'Mutator',
      inputs: { doc: docSchema },
      outputs: { doc: docSchema },
      run: ({ doc }) => {
        doc.content = 'mutated';
        return { doc };
      },
    });
    for (const pipeline of [new AsyncPipeline(), new Pipeline()]) {
      pipeline.addComponent('producer', new Producer());
      pipeline.addComponent('mutator', new Mutator());
      pipeline.connect('producer.doc', 'mutator.doc');
      const result = await pipeline.run({}, { includeOutputsFrom: ['producer'] });
      expect(result['producer']).toEqual({ doc: { content: 'original' } });
      expect(result['mutator']).toEqual({ doc: { content: 'mutated' } });
    }
  });

  it('cancels in-flight siblings when a component fails, before rejecting (3.x)', async () => {
    const slowStarted = deferred();
    let slowCancelled = false;
    const Slow = defineComponent({
      name: 'Slow',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: ({ text }) => ({ value: text }),
      runAsync: async (_input, context) => {
        slowStarted.resolve();
        try {
          return await untilAborted(context?.signal);
        } catch (error) {
          slowCancelled = true;
          throw error;
        }
      },
    });
    const Failing = defineComponent({
      name: 'Failing',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: () => {
        throw new Error('boom');
      },
      runAsync: async () => {
        // Fail only once the sibling is running, so there is an in-flight task to clean up.
        await slowStarted.promise;
        throw new Error('boom');
      },
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('slow', new Slow());
    pipeline.addComponent('failing', new Failing());
    const error = await pipeline
      .runAsync({ slow: { text: 'x' }, failing: { text: 'y' } }, { concurrencyLimit: 2 })
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as PipelineRuntimeError).component).toBe('failing');
    expect(((error as Error).cause as Error).message).toBe('boom');
    expect(slowCancelled).toBe(true);
  });

  it('cancels in-flight components when the consumer abandons runAsyncGenerator (3.x)', async () => {
    const slowStarted = deferred();
    let slowCancelled = false;
    const Fast = defineComponent({
      name: 'Fast',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: ({ text }) => ({ value: text }),
      runAsync: async ({ text }) => {
        await slowStarted.promise;
        return { value: text };
      },
    });
    const Slow = defineComponent({
      name: 'Slow',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: ({ text }) => ({ value: text }),
      runAsync: async (_input, context) => {
        slowStarted.resolve();
        try {
          return await untilAborted(context?.signal);
        } catch (error) {
          slowCancelled = true;
          throw error;
        }
      },
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('fast', new Fast());
    pipeline.addComponent('slow', new Slow());
    const partials: unknown[] = [];
    for await (const partial of pipeline.runAsyncGenerator({ fast: { text: 'x' }, slow: { text: 'y' } }, { concurrencyLimit: 2 })) {
      partials.push(partial);
      break;
    }
    expect(partials).toEqual([{ fast: { value: 'x' } }]);
    expect(slowCancelled).toBe(true);
  });

  it('yields each finished component with unconsumed outputs, then the final outputs (what runAsync returns)', async () => {
    const Source = defineComponent({
      name: 'Source',
      inputs: { value: z.number() },
      outputs: { toB: z.number(), toC: z.number(), extra: z.number() },
      run: ({ value }) => ({ toB: value, toC: value, extra: 0 }),
    });
    const Inc = defineComponent({
      name: 'Inc',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      runAsync: async ({ value }) => ({ value: value + 1 }),
      run: ({ value }) => ({ value: value + 1 }),
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('a', new Source());
    pipeline.addComponent('b', new Inc());
    pipeline.addComponent('c', new Inc());
    pipeline.addComponent('d', new Inc());
    pipeline.connect('a.toB', 'b.value');
    pipeline.connect('a.toC', 'c.value');
    pipeline.connect('c.value', 'd.value');
    const yields: Array<Record<string, unknown>> = [];
    for await (const item of pipeline.runAsyncGenerator({ a: { value: 1 } })) yields.push(item);
    const final = { a: { extra: 0 }, b: { value: 2 }, d: { value: 3 } };
    // c's only output is consumed by d: it yields nothing.
    expect(yields.slice(0, -1)).toEqual(expect.arrayContaining([{ a: { extra: 0 } }, { b: { value: 2 } }, { d: { value: 3 } }]));
    expect(yields).toHaveLength(4);
    expect(yields.at(-1)).toEqual(final);
    expect(await pipeline.runAsync({ a: { value: 1 } })).toEqual(final);
  });

  it('runs a ready greedy component alone, after the in-flight components finish', async () => {
    const sourceDone = deferred();
    const Source = defineComponent({
      name: 'Source',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      run: ({ value }) => ({ value }),
      runAsync: async ({ value }) => {
        sourceDone.resolve();
        return { value };
      },
    });
    const Slow = defineComponent({
      name: 'Slow',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      run: ({ value }) => ({ value }),
      runAsync: async ({ value }) => {
        // Finishes well after the source, so the joiner is ready while this is still in flight.
        await sourceDone.promise;
        for (let i = 0; i < 5; i++) await nextMacrotask();
        return { value };
      },
    });
    const Joiner = defineComponent({
      name: 'Joiner',
      inputs: { value: GreedyVariadic(z.number()) },
      outputs: { joined: z.number() },
      run: ({ value }) => ({ joined: value[0] ?? -1 }),
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('source', new Source());
    pipeline.addComponent('slow', new Slow());
    pipeline.addComponent('joiner', new Joiner());
    pipeline.connect('source.value', 'joiner.value');
    const order: string[] = [];
    for await (const item of pipeline.runAsyncGenerator({ source: { value: 1 }, slow: { value: 2 } })) {
      order.push(Object.keys(item).join('+'));
    }
    expect(order.slice(0, -1)).toEqual(['slow', 'joiner']);
  });

  it('makes the caller’s AsyncLocalStorage context visible inside sync and async components', async () => {
    const storage = new AsyncLocalStorage<string>();
    const SyncReader = defineComponent({
      name: 'SyncReader',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: () => ({ value: storage.getStore() ?? 'unset' }),
    });
    const AsyncReader = defineComponent({
      name: 'AsyncReader',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: () => ({ value: 'sync path' }),
      runAsync: async () => {
        await nextMacrotask();
        return { value: storage.getStore() ?? 'unset' };
      },
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('sync_reader', new SyncReader());
    pipeline.addComponent('async_reader', new AsyncReader());
    const [first, second] = await Promise.all([
      storage.run('run 1', () => pipeline.runAsync({ text: 'irrelevant' })),
      storage.run('run 2', () => pipeline.runAsync({ text: 'irrelevant' })),
    ]);
    expect(first).toEqual({ sync_reader: { value: 'run 1' }, async_reader: { value: 'run 1' } });
    expect(second).toEqual({ sync_reader: { value: 'run 2' }, async_reader: { value: 'run 2' } });
  });

  it('passes the caller’s abort to running components and rejects with an AbortError', async () => {
    const started = deferred();
    let componentSawAbort = false;
    const Blocking = defineComponent({
      name: 'Blocking',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: ({ text }) => ({ value: text }),
      runAsync: async (_input, context?: RunContext) => {
        started.resolve();
        try {
          return await untilAborted(context?.signal);
        } catch (error) {
          componentSawAbort = true;
          throw error;
        }
      },
    });
    const After = defineComponent({
      name: 'After',
      inputs: { value: z.string() },
      outputs: { value: z.string() },
      run: ({ value }) => ({ value }),
    });
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('blocking', new Blocking());
    pipeline.addComponent('after', new After());
    pipeline.connect('blocking.value', 'after.value');
    const recorder = recordCalls(pipeline);
    const controller = new AbortController();
    const running = pipeline.runAsync({ blocking: { text: 'x' } }, { signal: controller.signal });
    await started.promise;
    controller.abort();
    const error = await running.then(() => undefined, (e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect(componentSawAbort).toBe(true);
    expect(Object.keys(recorder.calls)).toEqual(['blocking#1']);
  });

  it('warns about undeclared output keys, and only then', async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const ExtraKey = defineComponent({
      name: 'ExtraKeyComponent',
      inputs: { value: z.string() },
      outputs: { output: z.string() },
      run: ({ value }) => ({ output: value, extra_key: 'unexpected' }) as { output: string },
    });
    const Correct = defineComponent({
      name: 'CorrectComponent',
      inputs: { value: z.string() },
      outputs: { output: z.string() },
      run: ({ value }) => ({ output: value }),
    });
    const extra = new AsyncPipeline({ logger });
    extra.addComponent('extra', new ExtraKey());
    // The undeclared key still reaches the outputs (scenario #4); it is never delivered to a receiver.
    expect(await extra.runAsync({ value: 'test' })).toEqual({ extra: { output: 'test', extra_key: 'unexpected' } });
    expect(warnings.join('\n')).toMatch(/extra_key/);
    expect(warnings.join('\n')).toMatch(/not declared/);
    warnings.length = 0;
    const correct = new AsyncPipeline({ logger });
    correct.addComponent('correct', new Correct());
    await correct.runAsync({ value: 'test' });
    expect(warnings).toEqual([]);
  });

  it('warns that the pipeline looks blocked, naming the component that waits for an input that never comes', async () => {
    const warnings: string[] = [];
    const Misconfigured = defineComponent({
      name: 'MisconfiguredComponent',
      inputs: { requiredInput: z.string() },
      // Declares otherOutput but never returns it.
      outputs: { output: z.string(), otherOutput: z.string() },
      run: () => ({ output: 'test' }),
    });
    const TwoInputs = defineComponent({
      name: 'SimpleComponentTwoInputs',
      inputs: { requiredInput: z.string(), secondRequiredInput: z.string() },
      outputs: { output: z.string() },
      run: () => ({ output: 'test' }),
    });
    for (const pipeline of [new AsyncPipeline({ logger: { warn: (m: string) => warnings.push(m) } }), new Pipeline({ logger: { warn: (m: string) => warnings.push(m) } })]) {
      warnings.length = 0;
      pipeline.addComponent('first', new Misconfigured());
      pipeline.addComponent('second', new TwoInputs());
      pipeline.connect('first.output', 'second.requiredInput');
      pipeline.connect('first.otherOutput', 'second.secondRequiredInput');
      expect(await pipeline.run({ first: { requiredInput: 'test' } })).toEqual({});
      const text = warnings.join('\n');
      expect(text).toMatch(/blocked/);
      expect(text).toContain("'second' (SimpleComponentTwoInputs)");
    }
  });

  it('runs nothing when the signal is already aborted', async () => {
    const Echo = defineComponent({
      name: 'Echo',
      inputs: { text: z.string() },
      outputs: { value: z.string() },
      run: ({ text }) => ({ value: text }),
    });
    for (const pipeline of [new AsyncPipeline(), new Pipeline()]) {
      pipeline.addComponent('echo', new Echo());
      const recorder = recordCalls(pipeline);
      const error = await pipeline.run({ text: 'x' }, { signal: AbortSignal.abort() }).then(() => undefined, (e: unknown) => e);
      expect(isAbortError(error)).toBe(true);
      expect(recorder.calls).toEqual({});
    }
  });
});
