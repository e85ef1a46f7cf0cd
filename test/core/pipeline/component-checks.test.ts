import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GreedyVariadic, Pipeline, Variadic } from '../../../src/index.js';
import {
  ComponentPriority,
  allPredecessorsExecuted,
  areAllSocketsReady,
  calculatePriority,
  canComponentRun,
  hasAnyTrigger,
  hasSocketReceivedAllInputs,
} from '../../../src/core/pipeline/component-checks.js';
import { NO_OUTPUT, USER, type CompiledGraph, type Entry } from '../../../src/core/pipeline/compiled-graph.js';
import { makeComponent } from './helpers.js';

/** Compiles a pipeline to read its run-time view (what the engine sees). */
function compiled(p: object): CompiledGraph {
  return (p as unknown as { compiled(): CompiledGraph }).compiled();
}
const value = (sender: number, v: unknown): Entry => ({ sender, value: v, shared: undefined });

const src = () => makeComponent('Src', {}, { value: z.number() }, () => ({ value: 1 }));

describe('readiness predicates', () => {
  const p = new Pipeline()
    .addComponent('a', src())
    .addComponent('b', src())
    .addComponent(
      'lazy',
      makeComponent('Lazy', { values: Variadic(z.number()), opt: z.number().optional() }, { out: z.number() }, () => ({})),
    )
    .addComponent('greedy', makeComponent('Greedy', { value: GreedyVariadic(z.number()) }, { out: z.number() }, () => ({})))
    .addComponent('std', makeComponent('Std', { value: z.number(), opt: z.number().optional() }, { out: z.number() }, () => ({})));
  p.connect('a.value', 'lazy.values').connect('b.value', 'lazy.values').connect('a.value', 'greedy.value').connect('b.value', 'greedy.value');
  p.connect('a.value', 'std.value').connect('b.value', 'std.opt');
  const g = compiled(p);
  const [a, b] = [g.byName.get('a')!.index, g.byName.get('b')!.index];
  const lazy = g.byName.get('lazy')!;
  const greedy = g.byName.get('greedy')!;
  const std = g.byName.get('std')!;

  it('a source component runs once, on its first visit', () => {
    const node = g.byName.get('a')!;
    expect(hasAnyTrigger(node, [], 0)).toBe(true);
    expect(hasAnyTrigger(node, [], 1)).toBe(false);
  });

  it('a lazy variadic socket is complete when every sender delivered a real value', () => {
    const socket = lazy.inputs[0]!;
    expect(hasSocketReceivedAllInputs(socket, [value(a, 1)])).toBe(false);
    expect(hasSocketReceivedAllInputs(socket, [value(a, 1), value(b, NO_OUTPUT)])).toBe(false);
    expect(hasSocketReceivedAllInputs(socket, [value(a, 1), value(b, 2)])).toBe(true);
  });

  it('a lazy joiner with one value is DEFER until every sender ran, then READY', () => {
    expect(calculatePriority(lazy, [[value(a, 1)]], 0)).toBe(ComponentPriority.DEFER);
    expect(calculatePriority(lazy, [[value(a, 1), value(b, NO_OUTPUT)]], 0)).toBe(ComponentPriority.READY);
    expect(calculatePriority(lazy, [[value(a, NO_OUTPUT), value(b, NO_OUTPUT)]], 0)).toBe(ComponentPriority.BLOCKED);
  });

  it('a greedy socket with one real value is HIGHEST', () => {
    expect(calculatePriority(greedy, [[value(b, 2)]], 0)).toBe(ComponentPriority.HIGHEST);
    expect(calculatePriority(greedy, [[value(b, NO_OUTPUT)]], 0)).toBe(ComponentPriority.BLOCKED);
  });

  it('a connected optional socket makes the component wait (DEFER) until its sender ran', () => {
    expect(canComponentRun(std, [[value(a, 1)], undefined], 0)).toBe(true);
    expect(areAllSocketsReady(std, [[value(a, 1)], undefined], false)).toBe(false);
    expect(allPredecessorsExecuted(std, [[value(a, 1)], undefined])).toBe(false);
    expect(calculatePriority(std, [[value(a, 1)], undefined], 0)).toBe(ComponentPriority.DEFER);
    expect(calculatePriority(std, [[value(a, 1)], [value(b, NO_OUTPUT)]], 0)).toBe(ComponentPriority.READY);
  });

  it('a standard socket counts only its first entry; user input triggers only the first visit', () => {
    expect(calculatePriority(std, [[value(a, NO_OUTPUT)], [value(b, 2)]], 0)).toBe(ComponentPriority.BLOCKED);
    expect(calculatePriority(std, [[value(USER, 1)], undefined], 1)).toBe(ComponentPriority.BLOCKED);
  });
});
