import type { CompiledNode } from './compiled-graph.js';
import type { Fifo } from './fifo.js';
import type { RunStateInit } from './run-state.js';
import type { Queue } from './scheduling.js';

/**
 * What an async run (async-run.ts) is made of besides its class: what its planner answers, its
 * settings, the microtask step that defers starts and resumptions, and the part of its state that
 * few runs use.
 */

/** What `AsyncRun.plan` asks the engine to do next (or the greedy component to run alone). */
export const WAIT = 0;
export const DONE = 1;
export type Plan = typeof WAIT | typeof DONE | CompiledNode;

/** A component's outputs as the generator yields them: `{ name: outputs }`. */
export type Partial = Record<string, Record<string, unknown>>;

/** An async run's settings: the engine shares one object among the runs started alike. */
export interface AsyncRunInit extends RunStateInit {
  readonly maxRuns: number;
  readonly concurrencyLimit: number;
  /** Collect each finished component's unconsumed outputs for the generator to yield. */
  readonly partials: boolean;
}

/**
 * `Promise.prototype.then`, called directly (a promise's own `then` is not looked up, as `await`
 * does not). Not exported as `then`: a module exporting `then` makes its namespace a thenable.
 */
export const promiseThen = Promise.prototype.then as (this: Promise<unknown>, ok: () => void, failed?: (error: unknown) => void) => Promise<void>;

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * Queues one microtask (as an `await` would) that calls `next`, after pushing `item` on `items`:
 * `next` takes the oldest item, which is the one that queued it, since microtasks run in the order
 * they were queued. So a deferred step needs no closure of its own.
 */
export function later<T>(items: Fifo<T>, item: T, next: () => void): void {
  items.push(item);
  void promiseThen.call(RESOLVED, next);
}

/**
 * The part of a run's state that few runs use, in an object made on first use rather than in
 * fields of every run (thousands may be in flight): the permit waiters (a concurrency limit
 * reached), the generator's and `quiesce`'s wake-up, the greedy component waiting to run alone,
 * the first failure, and a queue of its own for a re-entered plan().
 */
export interface RareState {
  /** Waiters for a permit, in arrival order (a FIFO counting semaphore, like asyncio's). */
  waiters: Fifo<() => void> | undefined;
  wake: (() => void) | undefined;
  greedy: CompiledNode | undefined;
  /**
   * The first failure: recorded at once and the run's signal aborted, so siblings in flight are
   * cancelled and components still waiting for a permit never start.
   */
  failure: { readonly error: unknown } | undefined;
  /** The run's own queue, for a plan() re-entered while the shared one is in use. */
  queue: Queue | undefined;
}

export function newRareState(): RareState {
  return { waiters: undefined, wake: undefined, greedy: undefined, failure: undefined, queue: undefined };
}

/** Why in-flight components are aborted when the run stops early (a failure, an abandoned generator). */
export function cancellation(): DOMException {
  return new DOMException('AsyncPipeline: the run was stopped (a component failed or the iteration was abandoned).', 'AbortError');
}
