/**
 * The components of WORKLOADS.md W1–W6, with the names, sockets and behaviour it defines.
 * `sync_only` components have only `run`; `async_capable` ones also have `runAsync` with the same sockets.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Component, GreedyVariadic, Variadic, type RunInput } from '../../src/index.js';

const valueIn = { value: z.number().int() };
const valueOut = { value: z.number().int() };

/** W1 `AddOne` (sync_only): `{ value } → { value: value + 1 }`. */
export class AddOne extends Component<typeof valueIn, typeof valueOut> {
  constructor() {
    super({ inputs: valueIn, outputs: valueOut });
  }
  run({ value }: RunInput<typeof valueIn>): { value: number } {
    return { value: value + 1 };
  }
}

/** W1 `AddOneAsync` (async_capable): same `run`, plus a `runAsync` that never suspends. */
export class AddOneAsync extends AddOne {
  // An async function with no await inside, like Haystack's `async def run_async` without awaits.
  // eslint-disable-next-line @typescript-eslint/require-await
  override async runAsync({ value }: RunInput<typeof valueIn>): Promise<{ value: number }> {
    return { value: value + 1 };
  }
}

/** W2 `Source` (async_capable): passes its value on. */
export class Source extends Component<typeof valueIn, typeof valueOut> {
  constructor() {
    super({ inputs: valueIn, outputs: valueOut });
  }
  run({ value }: RunInput<typeof valueIn>): { value: number } {
    return { value };
  }
  // eslint-disable-next-line @typescript-eslint/require-await
  override async runAsync({ value }: RunInput<typeof valueIn>): Promise<{ value: number }> {
    return { value };
  }
}

/** Blocks the calling thread for `ms` without using CPU (Python's `time.sleep`). */
export function blockingSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** W2/W4 `SleepAdd(seconds, add)` (async_capable): a non-blocking timer sleep, then `value + add`. */
export class SleepAdd extends Component<typeof valueIn, typeof valueOut> {
  constructor(
    readonly seconds: number,
    readonly add: number,
  ) {
    super({ inputs: valueIn, outputs: valueOut, initParameters: { seconds, add } });
  }
  run({ value }: RunInput<typeof valueIn>): { value: number } {
    blockingSleep(this.seconds * 1000);
    return { value: value + this.add };
  }
  override async runAsync({ value }: RunInput<typeof valueIn>): Promise<{ value: number }> {
    await sleep(this.seconds * 1000);
    return { value: value + this.add };
  }
}

const collectIn = { values: Variadic(z.number().int()) };
const collectOut = { values: z.array(z.number().int()) };

/** W2 `Collect` (async_capable): a lazy variadic input, returned sorted. */
export class Collect extends Component<typeof collectIn, typeof collectOut> {
  constructor() {
    super({ inputs: collectIn, outputs: collectOut });
  }
  run({ values }: RunInput<typeof collectIn>): { values: number[] } {
    return { values: [...values].sort((a, b) => a - b) };
  }
  // eslint-disable-next-line @typescript-eslint/require-await
  override async runAsync(input: RunInput<typeof collectIn>): Promise<{ values: number[] }> {
    return this.run(input);
  }
}

const waitIn = { user_msg: z.string() };
const waitOut = { message: z.string() };

/** W3 `WaitingComponent(name, waitTime)` (sync_only, the AsyncPipeline tutorial's, prints removed). */
export class WaitingComponent extends Component<typeof waitIn, typeof waitOut> {
  constructor(
    readonly name: string,
    readonly waitTime: number,
  ) {
    super({ inputs: waitIn, outputs: waitOut, initParameters: { name, waitTime } });
  }
  run(_input: RunInput<typeof waitIn>): { message: string } {
    blockingSleep(this.waitTime * 1000);
    return { message: `Message from ${this.name}` };
  }
}

/** W3 `AsyncWaitingComponent`: the same, plus a `runAsync` that awaits a timer instead of blocking. */
export class AsyncWaitingComponent extends WaitingComponent {
  override async runAsync(_input: RunInput<typeof waitIn>): Promise<{ message: string }> {
    await sleep(this.waitTime * 1000);
    return { message: `Message from ${this.name}` };
  }
}

/** Keeps the spin loops observable so the JIT cannot drop them. */
export let spinSink = 0;

/** `iterations` steps of `x += i`, the pure-CPU work of W3's SpinComponent. */
export function spin(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i += 1) x += i;
  spinSink = x;
  return x;
}

/** W3 `SpinComponent` (sync_only): `k × U` iterations of pure CPU work, no sleep. */
export class SpinComponent extends Component<typeof waitIn, typeof waitOut> {
  constructor(
    readonly name: string,
    readonly iterations: number,
  ) {
    super({ inputs: waitIn, outputs: waitOut, initParameters: { name, iterations } });
  }
  run(_input: RunInput<typeof waitIn>): { message: string } {
    spin(this.iterations);
    return { message: `Message from ${this.name}` };
  }
}

const routerOut = { below: z.number().int(), above: z.number().int() };

/** W5 `ThresholdRouter(threshold)` (sync_only): `{ below: value }` if value < threshold, else `{ above: value }`. */
export class ThresholdRouter extends Component<typeof valueIn, typeof routerOut> {
  constructor(readonly threshold: number) {
    super({ inputs: valueIn, outputs: routerOut, initParameters: { threshold } });
  }
  run({ value }: RunInput<typeof valueIn>): { below: number } | { above: number } {
    return value < this.threshold ? { below: value } : { above: value };
  }
}

const branchIn = { value: GreedyVariadic(z.number().int()) };

/**
 * Haystack's `BranchJoiner(int)` for W5, used only while the library's `BranchJoiner` is not exported:
 * one greedy variadic input, the single received value out.
 */
export class LocalBranchJoiner extends Component<typeof branchIn, typeof valueOut> {
  constructor() {
    super({ inputs: branchIn, outputs: valueOut });
  }
  run({ value }: RunInput<typeof branchIn>): { value: number } {
    if (value.length !== 1) throw new Error(`BranchJoiner: expected exactly one value, got ${value.length}.`);
    return { value: value[0]! };
  }
}
