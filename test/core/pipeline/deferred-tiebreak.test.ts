import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, Variadic } from '../../../src/index.js';
import { ComponentPriority, PRIORITY_LEVELS } from '../../../src/core/pipeline/component-checks.js';
import type { CompiledGraph, CompiledNode } from '../../../src/core/pipeline/compiled-graph.js';
import { FIFOPriorityQueue } from '../../../src/core/pipeline/priority-queue.js';
import { tiebreakDeferred } from '../../../src/core/pipeline/scheduling.js';
import { makeComponent } from './helpers.js';

const compiled = (p: object): CompiledGraph => (p as { compiled(): CompiledGraph }).compiled();
const node = () => makeComponent('Node', { value: Variadic(z.number()) }, { value: z.number() }, () => ({ value: 1 }));

function queueOf(g: CompiledGraph, entries: [string, number][]) {
  const q = new FIFOPriorityQueue<CompiledNode>(PRIORITY_LEVELS);
  for (const [name, priority] of entries) q.push(g.byName.get(name)!, priority);
  return q;
}

describe('deferred tie-break (Haystack _tiebreak_waiting_components)', () => {
  it('picks the topologically first of the deferred components in a DAG', () => {
    const p = new Pipeline().addComponent('comp2', node()).addComponent('comp1', node()).connect('comp1', 'comp2');
    const g = compiled(p);
    const q = queueOf(g, [['comp1', ComponentPriority.DEFER]]);
    expect(tiebreakDeferred(g, g.byName.get('comp2')!, q).name).toBe('comp1');
    expect(q.size).toBe(0);
  });

  it('breaks ties inside a cycle by lower-cased name', () => {
    const p = new Pipeline().addComponent('comp1', node()).addComponent('comp3', node()).addComponent('Branch_joiner', node());
    p.connect('comp1', 'Branch_joiner').connect('Branch_joiner', 'comp3').connect('comp3', 'Branch_joiner');
    const g = compiled(p);
    const q = queueOf(g, [['comp3', ComponentPriority.DEFER]]);
    expect(tiebreakDeferred(g, g.byName.get('comp3')!, queueOf(g, [['Branch_joiner', ComponentPriority.DEFER]])).name).toBe('Branch_joiner');
    expect(tiebreakDeferred(g, g.byName.get('Branch_joiner')!, q).name).toBe('Branch_joiner');
  });

  it('collects only the deferred entries at the head of the queue', () => {
    const p = new Pipeline().addComponent('a', node()).addComponent('b', node()).addComponent('c', node()).connect('a', 'b');
    const g = compiled(p);
    const q = queueOf(g, [['c', ComponentPriority.BLOCKED]]);
    expect(tiebreakDeferred(g, g.byName.get('b')!, q).name).toBe('b');
    expect(q.size).toBe(1);
  });
});
