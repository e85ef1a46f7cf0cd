/**
 * The routing components inside real pipelines, on every engine: loops through BranchJoiner and
 * ConditionalRouter, untaken routes, merged routes, blocked and endless loops, and the joiners
 * and adapters that feed loops back (shapes of the pipeline_run.feature scenarios 7, 24, 32, 36,
 * 38, 48, 50 and 55).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnswerBuilder,
  AnswerJoiner,
  AsyncPipeline,
  BranchJoiner,
  ConditionalRouter,
  defineComponent,
  GeneratedAnswer,
  OutputAdapter,
  Pipeline,
  PipelineMaxComponentRuns,
  StringJoiner,
  type Logger,
} from '../../../src/index.js';
import { AddFixedValue } from '../../fixtures/sample-components/add-fixed-value.js';

type Outputs = Record<string, Record<string, unknown>>;
const quiet: Logger = { warn: () => undefined };

// The engines take the pipeline untyped: each scenario's pipeline type differs.
const ENGINES = [
  {
    label: 'Pipeline.run',
    make: (max = 100) => new Pipeline({ maxRunsPerComponent: max, logger: quiet }),
    run: async (p: unknown, d: Record<string, unknown>) => (await (p as Pipeline).run(d as never)) as Outputs,
  },
  {
    label: 'AsyncPipeline.runAsync',
    make: (max = 100) => new AsyncPipeline({ maxRunsPerComponent: max, logger: quiet }),
    run: async (p: unknown, d: Record<string, unknown>) => (await (p as AsyncPipeline).runAsync(d as never)) as Outputs,
  },
  {
    label: 'AsyncPipeline.runAsyncGenerator',
    make: (max = 100) => new AsyncPipeline({ maxRunsPerComponent: max, logger: quiet }),
    run: async (p: unknown, d: Record<string, unknown>) => {
      let last: unknown;
      for await (const partial of (p as AsyncPipeline).runAsyncGenerator(d as never)) last = partial;
      return last as Outputs;
    },
  },
] as const;

const Counter = () => {
  const calls: unknown[] = [];
  const Cls = defineComponent({
    name: 'Counter',
    inputs: { value: z.number() },
    outputs: { value: z.number() },
    run: ({ value }) => {
      calls.push(value);
      return { value: value + 1 };
    },
  });
  return { instance: new Cls(), calls };
};

describe.each(ENGINES)('routing pipelines on $label', ({ make, run }) => {
  it('loops through BranchJoiner and ConditionalRouter until the condition flips', async () => {
    const counter = Counter();
    const p = make()
      .addComponent('joiner', new BranchJoiner({ type: z.number() }))
      .addComponent('counter', counter.instance)
      .addComponent(
        'router',
        new ConditionalRouter({
          routes: [
            { condition: '{{ value < 5 }}', output: '{{ value }}', outputName: 'again', outputType: z.int() },
            { condition: '{{ value >= 5 }}', output: 'done at {{ value }}', outputName: 'done', outputType: z.string() },
          ],
        }),
      )
      .connect('joiner.value', 'counter.value')
      .connect('counter.value', 'router.value')
      .connect('router.again', 'joiner.value');
    expect(await run(p, { joiner: { value: 1 } })).toEqual({ router: { done: 'done at 5' } });
    expect(counter.calls).toEqual([1, 2, 3, 4]);
  });

  it('does not run the branch of a route that was not taken, nor components waiting on it', async () => {
    const skipped = Counter();
    const p = make()
      .addComponent(
        'router',
        new ConditionalRouter({
          routes: [
            { condition: '{{ n > 0 }}', output: '{{ n }}', outputName: 'positive', outputType: z.int() },
            { condition: '{{ True }}', output: '{{ n }}', outputName: 'other', outputType: z.int() },
          ],
        }),
      )
      .addComponent('skipped', skipped.instance)
      .connect('router.other', 'skipped.value');
    expect(await run(p, { router: { n: 3 } })).toEqual({ router: { positive: 3 } });
    expect(skipped.calls).toEqual([]);
  });

  it('merges two routes of one router into one BranchJoiner socket without losing the produced value (#8937)', async () => {
    const p = make()
      .addComponent(
        'router',
        new ConditionalRouter({
          routes: [
            { condition: '{{ n == 1 }}', output: 'one', outputName: 'route_1', outputType: z.string() },
            { condition: '{{ n == 2 }}', output: 'two', outputName: 'route_2', outputType: z.string() },
          ],
        }),
      )
      .addComponent('joiner', new BranchJoiner({ type: z.string() }))
      .connect('router.route_1', 'joiner.value')
      .connect('router.route_2', 'joiner.value');
    expect(await run(p, { router: { n: 1 } })).toEqual({ joiner: { value: 'one' } });
    expect(await run(p, { router: { n: 2 } })).toEqual({ joiner: { value: 'two' } });
  });

  it('passes optional variables as null when nothing arrives, so the fallback route fires', async () => {
    const p = make().addComponent(
      'router',
      new ConditionalRouter({
        routes: [
          { condition: '{{ path == "rag" }}', output: '{{ question }}', outputName: 'rag_route', outputType: z.string() },
          { condition: '{{ True }}', output: '{{ path }}', outputName: 'default_route', outputType: z.any() },
        ],
        optionalVariables: ['path'],
      }),
    );
    expect(await run(p, { router: { question: 'What?', path: 'rag' } })).toEqual({ router: { rag_route: 'What?' } });
    // Haystack renders the default None as 'None', which parses back to None.
    expect(await run(p, { router: { question: 'What?' } })).toEqual({ router: { default_route: null } });
  });

  it('returns nothing when a router feeds only one of two mandatory inputs (blocked, no error)', async () => {
    const Payload = defineComponent({
      name: 'Payload',
      inputs: { a: z.string(), b: z.string() },
      outputs: { out: z.string() },
      run: ({ a, b }) => ({ out: a + b }),
    });
    const p = make()
      .addComponent(
        'router',
        new ConditionalRouter({
          routes: [
            { condition: '{{ True }}', output: 'x', outputName: 'a', outputType: z.string() },
            { condition: '{{ False }}', output: 'y', outputName: 'b', outputType: z.string() },
          ],
        }),
      )
      .addComponent('payload', new Payload())
      .connect('router.a', 'payload.a')
      .connect('router.b', 'payload.b');
    expect(await run(p, { router: {} })).toEqual({});
  });

  it('stops an endless BranchJoiner → router → router loop with PipelineMaxComponentRuns', async () => {
    const always = (name: string) =>
      new ConditionalRouter({ routes: [{ condition: '{{ True }}', output: '{{ v }}', outputName: name, outputType: z.int() }] });
    const p = make(1)
      .addComponent('joiner', new BranchJoiner({ type: z.int() }))
      .addComponent('first', always('out'))
      .addComponent('second', always('back'))
      .connect('joiner.value', 'first.v')
      .connect('first.out', 'second.v')
      .connect('second.back', 'joiner.value');
    await expect(run(p, { joiner: { value: 1 } })).rejects.toThrow(PipelineMaxComponentRuns);
  });

  it('feeds a loop back through an OutputAdapter (feedback-loop shape)', async () => {
    const p = make()
      .addComponent('joiner', new BranchJoiner({ type: z.string() }))
      .addComponent('add', new AddFixedValue({ add: 1 }))
      .addComponent('length', new OutputAdapter({ template: '{{ text|length }}', outputType: z.int() }))
      .addComponent(
        'router',
        new ConditionalRouter({
          routes: [
            { condition: '{{ n < 3 }}', output: '{{ n }}x', outputName: 'retry', outputType: z.string() },
            { condition: '{{ n >= 3 }}', output: '{{ n }}', outputName: 'final', outputType: z.int() },
          ],
        }),
      )
      .connect('joiner.value', 'length.text')
      .connect('length.output', 'add.value')
      .connect('add.result', 'router.n')
      .connect('router.retry', 'joiner.value');
    expect(await run(p, { joiner: { value: '' } })).toEqual({ router: { final: 3 } });
  });

  it('joins the answers of two AnswerBuilders (lazy variadic) and two builders into a StringJoiner', async () => {
    const p = make()
      .addComponent('a', new AnswerBuilder())
      .addComponent('b', new AnswerBuilder({ pattern: 'B: (.*)' }))
      .addComponent('joiner', new AnswerJoiner())
      .connect('a.answers', 'joiner.answers')
      .connect('b.answers', 'joiner.answers');
    const out = await run(p, { a: { query: 'q', replies: ['first'] }, b: { query: 'q', replies: ['B: second'] } });
    const answers = (out['joiner'] as { answers: GeneratedAnswer[] }).answers;
    expect(answers.map((x) => x.data).sort()).toEqual(['first', 'second']);

    const s = make()
      .addComponent('x', new OutputAdapter({ template: 'X {{ q }}', outputType: z.string() }))
      .addComponent('y', new OutputAdapter({ template: 'Y {{ q }}', outputType: z.string() }))
      .addComponent('strings', new StringJoiner())
      .connect('x.output', 'strings.strings')
      .connect('y.output', 'strings.strings');
    const joined = (await run(s, { q: 'query' }))['strings'] as { strings: string[] };
    expect([...joined.strings].sort()).toEqual(['X query', 'Y query']);
  });
});
