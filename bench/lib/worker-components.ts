/**
 * Worker-capable twins of the W3 components (one options object, a static moduleUrl), for the
 * worker-execution workload: a worker rebuilds them with `new Cls(initParameters)`.
 */
import { z } from 'zod';
import { Component, type RunInput } from '../../src/index.js';
import { blockingSleep, spin } from './components.js';

const msgIn = { user_msg: z.string() };
const msgOut = { message: z.string() };

/** W3's WaitingComponent: a blocking sleep of `ms`. */
export class BlockingWaiting extends Component<typeof msgIn, typeof msgOut> {
  static readonly moduleUrl = import.meta.url;
  readonly label: string;
  readonly ms: number;
  constructor({ label, ms }: { label: string; ms: number }) {
    super({ inputs: msgIn, outputs: msgOut, initParameters: { label, ms } });
    this.label = label;
    this.ms = ms;
  }
  run(): { message: string } {
    blockingSleep(this.ms);
    return { message: `Message from ${this.label}` };
  }
}

/** W3's SpinComponent: `iterations` of pure CPU work. */
export class Spinning extends Component<typeof msgIn, typeof msgOut> {
  static readonly moduleUrl = import.meta.url;
  readonly label: string;
  readonly iterations: number;
  constructor({ label, iterations }: { label: string; iterations: number }) {
    super({ inputs: msgIn, outputs: msgOut, initParameters: { label, iterations } });
    this.label = label;
    this.iterations = iterations;
  }
  run(): { message: string } {
    spin(this.iterations);
    return { message: `Message from ${this.label}` };
  }
}

const valueIn = { value: z.unknown() };
const valueOut = { value: z.unknown() };

/** Returns its input: what is left of a run is the cost of getting there and back. */
export class Echo extends Component<typeof valueIn, typeof valueOut> {
  static readonly moduleUrl = import.meta.url;
  constructor() {
    super({ inputs: valueIn, outputs: valueOut });
  }
  run({ value }: RunInput<typeof valueIn>): { value: unknown } {
    return { value };
  }
}
