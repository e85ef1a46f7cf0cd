import { compareCodePoints } from '../../python/compare.js';
import type { EdgeData } from './graph-model.js';

/**
 * The topological rank Haystack uses to break ties between deferred components
 * (`PipelineBase._topological_sort`). Exact parity needs networkx's exact algorithms and iteration
 * orders, so they are reproduced here:
 * - a DAG is ranked by `lexicographical_topological_sort`: Kahn's algorithm taking the smallest
 *   name first (Python string order), parallel edges counted in the in-degrees;
 * - a cyclic graph is ranked by its condensation: strongly connected components found by networkx's
 *   iterative Tarjan/Nuutila search (components numbered in the order they complete), then ranked
 *   by the generation-based `topological_sort` of the condensed graph. Members of one cycle share a
 *   rank and fall back to their lower-cased name.
 *
 * @param names component names in insertion order (node order)
 * @param edges every edge; adjacency order is receivers by first connection, then edge creation
 * @returns the rank of each node, by node index
 */
export function topologicalOrder(names: readonly string[], edges: readonly EdgeData[]): number[] {
  const n = names.length;
  const indexOf = new Map(names.map((name, i) => [name, i]));
  // Parallel edges in adjacency order, and distinct successors in first-connection order.
  const sorted = [...edges].sort((a, b) => indexOf.get(a.sender)! - indexOf.get(b.sender)! || a.pairSeq - b.pairSeq || a.seq - b.seq);
  const edgeTargets: number[][] = Array.from({ length: n }, () => []);
  const successors: number[][] = Array.from({ length: n }, () => []);
  for (const e of sorted) {
    const u = indexOf.get(e.sender)!;
    const v = indexOf.get(e.receiver)!;
    edgeTargets[u]!.push(v);
    if (!successors[u]!.includes(v)) successors[u]!.push(v);
  }
  const lexicographic = lexicographicalTopologicalSort(names, edgeTargets);
  const rank = new Array<number>(n).fill(0);
  if (lexicographic.length === n) {
    lexicographic.forEach((node, i) => (rank[node] = i));
    return rank;
  }
  const sccs = stronglyConnectedComponents(n, successors);
  const sccOf = new Array<number>(n).fill(0);
  sccs.forEach((members, c) => members.forEach((m) => (sccOf[m] = c)));
  // The condensed graph: edges added in G.edges() order, without duplicates or self-loops.
  const condensed: number[][] = Array.from({ length: sccs.length }, () => []);
  const inDegree = new Array<number>(sccs.length).fill(0);
  for (let u = 0; u < n; u++) {
    for (const v of edgeTargets[u]!) {
      const cu = sccOf[u]!;
      const cv = sccOf[v]!;
      if (cu !== cv && !condensed[cu]!.includes(cv)) {
        condensed[cu]!.push(cv);
        inDegree[cv]!++;
      }
    }
  }
  const condensedRank = generationTopologicalSort(condensed, inDegree);
  for (let v = 0; v < n; v++) rank[v] = condensedRank[sccOf[v]!]!;
  return rank;
}

/** networkx `lexicographical_topological_sort`; shorter than `names` when the graph has a cycle. */
function lexicographicalTopologicalSort(names: readonly string[], edgeTargets: readonly number[][]): number[] {
  const n = names.length;
  const inDegree = new Array<number>(n).fill(0);
  for (const targets of edgeTargets) for (const v of targets) inDegree[v]!++;
  const ready: number[] = [];
  for (let v = 0; v < n; v++) if (inDegree[v] === 0) ready.push(v);
  const order: number[] = [];
  while (ready.length > 0) {
    // The heap key is (name, insertion index); names are unique, so the name decides.
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (pythonLess(names[ready[i]!]!, names[ready[best]!]!)) best = i;
    const node = ready.splice(best, 1)[0]!;
    for (const child of edgeTargets[node]!) {
      if (--inDegree[child]! === 0) ready.push(child);
    }
    order.push(node);
  }
  return order;
}

/** networkx `strongly_connected_components` (iterative Nuutila), in the order they are yielded. */
export function stronglyConnectedComponents(n: number, successors: readonly number[][]): number[][] {
  const preorder = new Array<number>(n).fill(0);
  const lowlink = new Array<number>(n).fill(0);
  const found = new Array<boolean>(n).fill(false);
  const cursor = new Array<number>(n).fill(0);
  const sccQueue: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let source = 0; source < n; source++) {
    if (found[source]) continue;
    const queue = [source];
    while (queue.length > 0) {
      const v = queue[queue.length - 1]!;
      if (preorder[v] === 0) preorder[v] = ++counter;
      let done = true;
      const succ = successors[v]!;
      while (cursor[v]! < succ.length) {
        const w = succ[cursor[v]!++]!;
        if (preorder[w] === 0) {
          queue.push(w);
          done = false;
          break;
        }
      }
      if (!done) continue;
      lowlink[v] = preorder[v]!;
      for (const w of succ) {
        if (found[w]) continue;
        lowlink[v] = preorder[w]! > preorder[v]! ? Math.min(lowlink[v]!, lowlink[w]!) : Math.min(lowlink[v]!, preorder[w]!);
      }
      queue.pop();
      if (lowlink[v] === preorder[v]) {
        const scc = [v];
        while (sccQueue.length > 0 && preorder[sccQueue[sccQueue.length - 1]!]! > preorder[v]!) scc.push(sccQueue.pop()!);
        for (const m of scc) found[m] = true;
        result.push(scc);
      } else {
        sccQueue.push(v);
      }
    }
  }
  return result;
}

/** networkx `topological_sort` (generation-based Kahn): the rank of each node. */
function generationTopologicalSort(successors: readonly number[][], inDegreeIn: readonly number[]): number[] {
  const inDegree = [...inDegreeIn];
  const rank = new Array<number>(successors.length).fill(0);
  let generation: number[] = [];
  for (let v = 0; v < successors.length; v++) if (inDegree[v] === 0) generation.push(v);
  let next = 0;
  while (generation.length > 0) {
    const following: number[] = [];
    for (const node of generation) {
      rank[node] = next++;
      for (const child of successors[node]!) {
        if (--inDegree[child]! === 0) following.push(child);
      }
    }
    generation = following;
  }
  return rank;
}

function pythonLess(a: string, b: string): boolean {
  return compareCodePoints(a, b) < 0;
}
