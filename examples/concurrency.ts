/**
 * The AsyncPipeline tutorial's WaitingComponent example: five components that each wait k units.
 * wait_1 → wait_2 and wait_3 → wait_4 are chains, wait_5 stands alone. wait_1, wait_3 and wait_5
 * start together; they finish in the order wait_1, wait_3, wait_2, wait_5, wait_4, and the whole
 * run takes about the 7-unit critical path (wait_3 + wait_4) instead of the 15-unit sum.
 *
 *   npx tsx examples/concurrency.ts              # 1-second units, as in the tutorial
 *   npx tsx examples/concurrency.ts --unit-ms 20 # fast
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AsyncPipeline, Component, type RunContext, type RunInput } from '../src/index.js';

const inputs = { user_msg: z.string() };
const outputs = { message: z.string() };

class WaitingComponent extends Component<typeof inputs, typeof outputs> {
  constructor(
    readonly name: string,
    readonly waitMs: number,
  ) {
    super({ inputs, outputs, initParameters: { name, waitMs } });
  }

  // Only reached when the sequential engine runs it; the tutorial's blocking sleep has no JS equivalent.
  run(input: RunInput<typeof inputs>, context?: RunContext): Promise<{ message: string }> {
    return this.runAsync(input, context);
  }

  override async runAsync(_input: RunInput<typeof inputs>, context?: RunContext): Promise<{ message: string }> {
    console.log(`Component ${this.name} starts running...`);
    await sleep(this.waitMs, undefined, context ? { signal: context.signal } : undefined);
    console.log(`Component ${this.name} is done!`);
    return { message: `Message from ${this.name}` };
  }
}

function unitMs(argv: readonly string[]): number {
  const i = argv.indexOf('--unit-ms');
  if (i < 0) return 1000;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--unit-ms: expected a positive number of milliseconds, got '${argv[i + 1]}'`);
  return value;
}

const unit = unitMs(process.argv.slice(2));
const pipeline = new AsyncPipeline();
for (let k = 1; k <= 5; k++) pipeline.addComponent(`wait_${k}`, new WaitingComponent(`wait_${k}`, k * unit));
pipeline.connect('wait_1', 'wait_2');
pipeline.connect('wait_3', 'wait_4');

console.log(String(pipeline));
const started = performance.now();
for await (const partial of pipeline.runAsyncGenerator({ user_msg: 'Hello' })) {
  console.log(partial);
}
const elapsed = performance.now() - started;
console.log(`Total: ${(elapsed / unit).toFixed(2)} units (${Math.round(elapsed)} ms); critical path 7 units, sequential sum 15.`);
