import { PipelineComponentsBlockedError, PipelineMaxComponentRuns } from '../../errors.js';
import type { Logger } from '../logger.js';
import { ComponentPriority, PRIORITY_LEVELS, calculatePriority } from './component-checks.js';
import { hasEntries, type CompiledGraph, type CompiledNode, type ComponentInputs } from './compiled-graph.js';
import { FIFOPriorityQueue } from './priority-queue.js';

/**
 * The queue logic both engines share (Haystack's `_fill_queue`, `_get_next_runnable_component`,
 * `_tiebreak_waiting_components`, `validate_pipeline` and the blocked-pipeline diagnosis).
 */

export type Queue = FIFOPriorityQueue<CompiledNode>;

/**
 * A run's per-node counters in one array, one allocation per run rather than one per counter
 * (thousands of runs may be in flight). For n nodes:
 * - `[0, n)`: visits;
 * - `[n, 2n)`: flags and the component's last computed priority, in one number: {@link DIRTY_FLAG}
 *   when that priority must be recomputed (a priority depends only on the component's own input
 *   state and visit count, so only components consumed, run, or written to since the last fill are
 *   recomputed, and refilling the queue stays cheap on large graphs); {@link IN_FLIGHT_FLAG} while
 *   the component is in flight (the async engine); the priority from bit {@link PRIORITY_SHIFT}
 *   (one number instead of two per component: 8 bytes each in every run).
 * Plain numbers, not a typed array: a typed array costs a buffer object and a backing store too.
 */
export function newCounters(size: number): number[] {
  const counters = new Array<number>(2 * size).fill(0);
  for (let i = size; i < 2 * size; i++) counters[i] = DIRTY_FLAG;
  return counters;
}

/** Offset, in units of n, of the flags counters after the visits (see {@link newCounters}). */
export const FLAGS = 1;
/** Bits of a component's flags counter. */
export const DIRTY_FLAG = 1;
export const IN_FLIGHT_FLAG = 2;
/** Where the last computed priority starts in a flags counter (below it: the flags). */
export const PRIORITY_SHIFT = 2;

/** The component's inputs or visits changed. */
export function markDirty(counters: number[], size: number, node: CompiledNode): void {
  counters[FLAGS * size + node.index]! |= DIRTY_FLAG;
}

/** The component ran and wrote to its receivers. */
export function markRun(counters: number[], size: number, node: CompiledNode): void {
  const flags = FLAGS * size;
  counters[flags + node.index]! |= DIRTY_FLAG;
  for (const edge of node.outEdges) counters[flags + edge.receiver]! |= DIRTY_FLAG;
}

/**
 * Every component with its current priority, pushed in name order so equal priorities pop by name.
 * @param into a queue to empty and refill instead of a new one
 */
export function fillQueue(graph: CompiledGraph, state: readonly ComponentInputs[], counters: number[], into?: Queue): Queue {
  const queue = into ?? new FIFOPriorityQueue<CompiledNode>(PRIORITY_LEVELS);
  into?.clear();
  const nodes = graph.nodes;
  const size = nodes.length;
  const flags = FLAGS * size;
  for (const index of graph.alphabetical) {
    let priority: number;
    const counter = counters[flags + index]!;
    if ((counter & DIRTY_FLAG) !== 0) {
      priority = calculatePriority(nodes[index]!, state[index]!, counters[index]!);
      // Keeps the in-flight flag, clears the dirty one.
      counters[flags + index] = (counter & IN_FLIGHT_FLAG) | (priority << PRIORITY_SHIFT);
    } else {
      priority = counter >> PRIORITY_SHIFT;
    }
    queue.push(nodes[index]!, priority);
  }
  return queue;
}

/**
 * Pops the next candidate (read its priority with `queue.topPriority()` first). A component about
 * to run once more than `maxRuns` allows raises (Haystack 3.x: exactly `maxRuns` runs, and a
 * BLOCKED candidate is never counted).
 */
export function popRunnable(queue: Queue, visits: ArrayLike<number>, maxRuns: number, where: string): CompiledNode | undefined {
  const priority = queue.topPriority();
  const node = queue.popItem();
  if (node === undefined) return undefined;
  const count = visits[node.index]!;
  if (priority !== ComponentPriority.BLOCKED && count >= maxRuns) {
    throw new PipelineMaxComponentRuns(
      `${where}: Maximum run count ${maxRuns} reached for component '${node.name}'. Raise maxRunsPerComponent if the loop needs more iterations, or check the loop's exit condition.`,
      { component: node.name, visits: count },
    );
  }
  return node;
}

/** When several components are deferred, the topologically first (then by lower-cased name) runs. */
export function tiebreakDeferred(graph: CompiledGraph, candidate: CompiledNode, queue: Queue): CompiledNode {
  const tied = [candidate];
  while (queue.topPriority() === ComponentPriority.DEFER) tied.push(queue.popItem()!);
  if (tied.length === 1) return candidate;
  const topo = graph.topology();
  tied.sort((a, b) => topo[a.index]! - topo[b.index]! || compareLower(a.name, b.name));
  return tied[0]!;
}

/** Every component blocked before anything ran: there is no entry point. */
export function assertNotBlockedAtStart(queue: Queue, where: string): void {
  if (queue.topPriority() === ComponentPriority.BLOCKED) {
    throw new PipelineComponentsBlockedError(
      `${where}: Cannot run pipeline - all components are blocked. This typically happens when:\n` +
        `1. There is no valid entry point for the pipeline\n` +
        `2. There is a circular dependency preventing the pipeline from running\n` +
        `Check the connections between these components and ensure all required inputs are provided.`,
    );
  }
}

/**
 * At the end of a run that stopped on a BLOCKED component: if none of the components with
 * unconnected outputs produced anything, warn about the likely blockers.
 */
export function warnIfBlocked(
  graph: CompiledGraph,
  queue: Queue,
  state: readonly ComponentInputs[],
  visits: ArrayLike<number>,
  outputs: Readonly<Record<string, unknown>>,
  logger: Logger,
  where: string,
): void {
  const expected = graph.expectedOutputs;
  if (expected.length === 0) return;
  // A loop, not some(): this runs at the end of every run that stops on blocked components.
  for (const name of expected) if (Object.prototype.hasOwnProperty.call(outputs, name)) return;
  const inQueue = [...queue].map(([, node]) => node);
  let candidates = inQueue.filter((node) => state[node.index]!.some(hasEntries));
  if (candidates.length === 0) candidates = inQueue;
  if (candidates.length === 0) return;
  const fewest = Math.min(...candidates.map((n) => visits[n.index]!));
  let blockers = candidates.filter((n) => visits[n.index] === fewest);
  if (blockers.length > 1) {
    const topo = graph.topology();
    blockers = [...blockers].sort((a, b) => topo[a.index]! - topo[b.index]! || compareLower(a.name, b.name));
  }
  logger.warn(
    `${where}: Cannot run pipeline - the pipeline appears to be blocked.\n` +
      `The following components could not be run and may be waiting on inputs that will never arrive:\n` +
      blockers.map((n) => `  - '${n.name}' (${n.className})`).join('\n') +
      `\nNote that some of these components may be intentionally inactive due to conditional branching. ` +
      `If this is unexpected, check the connections to these components and ensure all required inputs are provided.`,
    { components: blockers.map((n) => n.name) },
  );
}

function compareLower(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the object has at least one own enumerable key. */
export function hasKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}
