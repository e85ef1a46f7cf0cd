import type { Task } from './async-task.js';
import { NO_INPUTS, type CompiledGraph, type ComponentInputs } from './compiled-graph.js';
import { DIRTY_FLAG } from './scheduling.js';

/**
 * What the completed runs of one compiled graph leave for its next runs: their counters and
 * input-state arrays (both engines), and their tasks (the async engine's). These live as long as a
 * run, so under load they survive the young generation and are promoted; made anew for every run,
 * they are what fills the old generation between two full collections (W4: about 0.3 KB of a
 * run's 2 KB promoted). Reused, the promoted ones serve run after run.
 *
 * The pool never makes more than were in use at once: a run takes from it before it makes anything,
 * so it holds at most a burst's worth, bounded by {@link MAX_SPARE_TASKS} and
 * {@link MAX_SPARE_CELLS}. Nothing in it refers to a run or a value: the state's slots are reset to
 * the shared empty slot and the counters to their start values when they come back, and a task's
 * owner to a detached one. Only a run that completed with every call settled gives anything back;
 * a failed or cancelled run may still be referred to by a call it abandoned, so it gives nothing.
 */
export class RunSpares<T> {
  readonly #tasks: T[] = [];
  readonly #counters: number[][] = [];
  readonly #states: ComponentInputs[][] = [];
  /** How many counters and states are kept: {@link MAX_SPARE_CELLS} cells in all, within [1, {@link MAX_SPARE_TASKS}]. */
  readonly #maxRuns: number;

  /** @param size the graph's number of components */
  constructor(readonly size: number) {
    this.#maxRuns = Math.max(1, Math.min(MAX_SPARE_TASKS, Math.floor(MAX_SPARE_CELLS / Math.max(1, size))));
  }

  /** A reset counters array (scheduling.ts `newCounters`'s values), or undefined when none is kept. */
  takeCounters(): number[] | undefined {
    return this.#counters.pop();
  }

  /** An input state with every slot empty, or undefined when none is kept. */
  takeState(): ComponentInputs[] | undefined {
    return this.#states.pop();
  }

  /** A task given back by {@link giveTask}, or undefined. */
  takeTask(): T | undefined {
    return this.#tasks.pop();
  }

  /**
   * A completed run's counters and state, which nothing else refers to any more: reset here, so
   * that the pool holds no value and a taker gets them ready.
   * @param counters 2n counters; reset to n visits of 0 and n flags of `DIRTY_FLAG` (`newCounters`'s values)
   * @param state n slots; each reset to the shared `NO_INPUTS`
   */
  giveRunArrays(counters: number[], state: ComponentInputs[]): void {
    const n = this.size;
    if (this.#counters.length >= this.#maxRuns || counters.length !== 2 * n || state.length !== n) return;
    for (let i = 0; i < n; i++) {
      counters[i] = 0;
      counters[n + i] = DIRTY_FLAG;
      state[i] = NO_INPUTS;
    }
    this.#counters.push(counters);
    this.#states.push(state);
  }

  /** A reaped task of a completed run, already detached from it (see {@link RunSpares}). */
  giveTask(task: T): boolean {
    if (this.#tasks.length >= MAX_SPARE_TASKS) return false;
    this.#tasks.push(task);
    return true;
  }

  /** How many of each are kept (for tests). */
  get kept(): { readonly tasks: number; readonly counters: number; readonly states: number } {
    return { tasks: this.#tasks.length, counters: this.#counters.length, states: this.#states.length };
  }
}

/**
 * The spares of a graph. In a side table rather than a field of the graph: the graph is immutable
 * and reachable from the published declarations, the pool is neither.
 */
export function sparesOf(graph: CompiledGraph): RunSpares<Task> {
  let spares = SPARES.get(graph);
  if (spares === undefined) SPARES.set(graph, (spares = new RunSpares<Task>(graph.nodes.length)));
  return spares;
}

const SPARES = new WeakMap<CompiledGraph, RunSpares<Task>>();

/**
 * At most this many tasks are kept per graph: about 250 bytes each (the task, its two callbacks and
 * their context), so 4 MB at most, what 16,384 runs in flight hold many times over.
 */
export const MAX_SPARE_TASKS = 16_384;

/**
 * At most this many components' worth of counters and state slots are kept per graph (three
 * 8-byte cells each, plus two array headers per run): 6 MB at most, whatever the graph's size.
 */
export const MAX_SPARE_CELLS = 262_144;
