import { describe, expect, it } from 'vitest';
import type { EdgeData } from '../../../src/core/pipeline/graph-model.js';
import { stronglyConnectedComponents, topologicalOrder } from '../../../src/core/pipeline/topological-sort.js';

let seq = 0;
const edge = (sender: string, receiver: string, pairSeq?: number): EdgeData => {
  const s = seq++;
  return { sender, receiver, fromSocket: 'o', toSocket: 'i', connType: 'x', mandatory: true, conversion: undefined, seq: s, pairSeq: pairSeq ?? s };
};

describe('topological order (Haystack _topological_sort)', () => {
  it('ranks a DAG lexicographically (Kahn, smallest name first)', () => {
    expect(topologicalOrder(['comp1', 'comp2'], [edge('comp1', 'comp2')])).toEqual([0, 1]);
    // b and a both ready: a first, although b was added first.
    expect(topologicalOrder(["b", "a", "c"], [edge("b", "c"), edge("a", "c")])).toEqual([1, 0, 2]);
  });

  it('gives the members of one cycle the same rank (condensation order)', () => {
    // comp1 → branch_joiner ⇄ comp3 (Haystack's unit test).
    const names = ['comp1', 'branch_joiner', 'comp3'];
    const rank = topologicalOrder(names, [edge('comp1', 'branch_joiner'), edge('branch_joiner', 'comp3'), edge('comp3', 'branch_joiner')]);
    expect(rank).toEqual([0, 1, 1]);
  });

  it('finds strongly connected components in networkx completion order', () => {
    // 0 → 1 ⇄ 2 → 3: {3} completes first, then {1, 2}, then {0}.
    const sccs = stronglyConnectedComponents(4, [[1], [2], [1, 3], []]);
    expect(sccs.map((c) => [...c].sort())).toEqual([[3], [1, 2], [0]]);
  });
});
