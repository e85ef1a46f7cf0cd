/**
 * The AsyncPipeline tutorial's WaitingComponent: its sync `run` blocks its thread for `waitMs`, as
 * Python's `time.sleep` does (`Atomics.wait` is JavaScript's blocking sleep). It declares its module
 * and `executor: 'worker'`, so every instance runs in a worker thread and the waits overlap.
 */
import { z } from 'zod';
import { Component, type RunInput } from '../src/index.js';

const inputs = { user_msg: z.string() };
const outputs = { message: z.string() };

export class WaitingComponent extends Component<typeof inputs, typeof outputs> {
  /** Where a worker thread imports this class from, to rebuild each instance. */
  static readonly moduleUrl = import.meta.url;
  /** A blocking `run` would hold the event loop: run it in a worker instead. */
  static readonly executor = 'worker' as const;

  readonly name: string;
  readonly waitMs: number;

  // One options object: a worker rebuilds the component with new WaitingComponent(initParameters).
  constructor({ name, waitMs }: { name: string; waitMs: number }) {
    super({ inputs, outputs, initParameters: { name, waitMs } });
    this.name = name;
    this.waitMs = waitMs;
  }

  run(_input: RunInput<typeof inputs>): { message: string } {
    console.log(`Component ${this.name} starts running...`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.waitMs);
    console.log(`Component ${this.name} is done!`);
    return { message: `Message from ${this.name}` };
  }
}
