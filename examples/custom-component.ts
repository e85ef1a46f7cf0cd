/**
 * Custom components, sync and async, in the class form and the function form, in one pipeline.
 *
 *   npx tsx examples/custom-component.ts
 *
 * The TypeScript version of the notebook's "Custom Asynchronous Components" section: a component
 * opts into async by adding `runAsync` with the same sockets as `run`. The AsyncPipeline prefers
 * `runAsync`; the sequential Pipeline calls `run`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AsyncPipeline, Component, defineComponent, Pipeline, type RunContext, type RunInput } from '../src/index.js';

// --- The class form: sockets are zod schemas; `run`'s argument and result types follow from them.
const concatInputs = { input: z.string() };
const concatOutputs = { original: z.string(), concatenated: z.string() };

/** Haystack's MyCustomComponent: a sync `run` and an async `runAsync` with the same sockets. */
export class MyCustomComponent extends Component<typeof concatInputs, typeof concatOutputs> {
  constructor(readonly myCustomParam: string) {
    super({ inputs: concatInputs, outputs: concatOutputs, initParameters: { myCustomParam } });
  }

  run({ input }: RunInput<typeof concatInputs>) {
    return { original: input, concatenated: input + this.myCustomParam };
  }

  override async runAsync({ input }: RunInput<typeof concatInputs>, context?: RunContext) {
    return { original: input, concatenated: await this.doIoBoundOp(input, context?.signal) };
  }

  // Stands in for a network call; it honours the pipeline's signal so a cancelled run stops it.
  private async doIoBoundOp(input: string, signal?: AbortSignal): Promise<string> {
    await sleep(20, undefined, signal ? { signal } : {});
    return input + this.myCustomParam;
  }
}

// --- The function form: a sync component...
export const WordCount = defineComponent({
  name: 'WordCount',
  inputs: { text: z.string() },
  outputs: { words: z.number().int() },
  run: ({ text }) => ({ words: text.split(/\s+/).filter(Boolean).length }),
});

// ...and an async one (an async `run` works in both engines; `runAsync` is what AsyncPipeline picks).
export const SlowShout = defineComponent({
  name: 'SlowShout',
  inputs: { text: z.string(), delayMs: z.number().default(30) },
  outputs: { shouted: z.string() },
  run: async ({ text, delayMs = 30 }, context) => {
    await sleep(delayMs, undefined, context ? { signal: context.signal } : {});
    return { shouted: `${text.toUpperCase()}!` };
  },
});

/** Builds the pipeline: `custom` feeds both `count` (sync) and `shout` (async), which can run concurrently. */
export function buildPipeline<P extends Pipeline | AsyncPipeline>(pipeline: P): P {
  pipeline.addComponent('custom', new MyCustomComponent(' and friends'));
  pipeline.addComponent('count', new WordCount());
  pipeline.addComponent('shout', new SlowShout());
  pipeline.connect('custom.concatenated', 'count.text');
  pipeline.connect('custom.original', 'shout.text');
  return pipeline;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const data = { custom: { input: 'Haystack' } };

  const asyncPipeline = buildPipeline(new AsyncPipeline());
  log('AsyncPipeline.runAsync:');
  log(JSON.stringify(await asyncPipeline.runAsync(data, { includeOutputsFrom: ['custom'] })));

  log('AsyncPipeline.runAsyncGenerator (one partial output per finished component):');
  for await (const partial of asyncPipeline.runAsyncGenerator(data)) log(`  ${JSON.stringify(partial)}`);

  const sequential = buildPipeline(new Pipeline());
  log('Pipeline.run (sequential, calls run):');
  log(JSON.stringify(await sequential.run(data)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
