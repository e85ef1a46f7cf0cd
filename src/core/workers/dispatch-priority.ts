import type { CompiledNode } from '../pipeline/compiled-graph.js';
import { workerBindingOf } from './worker-binding.js';

/**
 * The priority of a worker call that has to wait for a thread: the longest chain of measured
 * worker time still ahead of it, its own component included (the "bottom level" of list
 * scheduling). Starting the longest remaining chain first is what keeps a two-thread pool from
 * finishing a short branch early and then running the long one alone.
 *
 * Each worker component counts its average thread time so far (0 before its first call, so a
 * pipeline's first run keeps arrival order); inline components count 0 but pass their
 * successors' chains on. A loop is cut where it returns to a component already on the path.
 */
export function remainingWorkMs(node: CompiledNode): number {
  return chainMs(node, new Map(), new Set());
}

function chainMs(node: CompiledNode, done: Map<CompiledNode, number>, onPath: Set<CompiledNode>): number {
  const known = done.get(node);
  if (known !== undefined) return known;
  onPath.add(node);
  let longest = 0;
  for (const next of node.successors) {
    if (onPath.has(next)) continue;
    const ms = chainMs(next, done, onPath);
    if (ms > longest) longest = ms;
  }
  onPath.delete(node);
  const binding = workerBindingOf(node.instance);
  const total = (binding === undefined ? 0 : binding.pool.occupancyMs(binding.spec)) + longest;
  done.set(node, total);
  return total;
}
