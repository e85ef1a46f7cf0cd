import { describe, expect, it } from 'vitest';
import { NO_INPUTS, type ComponentInputs } from '../../../src/core/pipeline/compiled-graph.js';
import { MAX_SPARE_CELLS, MAX_SPARE_TASKS, RunSpares } from '../../../src/core/pipeline/run-spares.js';
import { newCounters } from '../../../src/core/pipeline/scheduling.js';

const entry = { sender: 0, value: 'a value', shared: undefined };

describe('RunSpares', () => {
  it('gives back counters as newCounters makes them and a state of empty slots, dropping every value', () => {
    const spares = new RunSpares<object>(3);
    const counters = [4, 1, 2, 7, 6, 5];
    const slot: ComponentInputs = [entry];
    spares.giveRunArrays(counters, [slot, NO_INPUTS, [[entry]]]);
    expect(spares.takeCounters()).toEqual(newCounters(3));
    expect(spares.takeState()).toEqual([NO_INPUTS, NO_INPUTS, NO_INPUTS]);
    expect(spares.takeCounters()).toBeUndefined();
    expect(spares.takeState()).toBeUndefined();
  });

  it('refuses arrays of another graph size', () => {
    const spares = new RunSpares<object>(2);
    spares.giveRunArrays(newCounters(3), [NO_INPUTS, NO_INPUTS]);
    spares.giveRunArrays(newCounters(2), [NO_INPUTS]);
    expect(spares.kept).toEqual({ tasks: 0, counters: 0, states: 0 });
  });

  it('keeps at most MAX_SPARE_TASKS tasks', () => {
    const spares = new RunSpares<object>(1);
    for (let i = 0; i < MAX_SPARE_TASKS; i++) expect(spares.giveTask({})).toBe(true);
    expect(spares.giveTask({})).toBe(false);
    expect(spares.kept.tasks).toBe(MAX_SPARE_TASKS);
  });

  it('keeps the run arrays of at most MAX_SPARE_CELLS components in all, and at least one run', () => {
    const size = MAX_SPARE_CELLS / 4;
    const large = new RunSpares<object>(size);
    const give = (spares: RunSpares<object>, n: number) =>
      spares.giveRunArrays(newCounters(n), new Array<ComponentInputs>(n).fill(NO_INPUTS));
    for (let i = 0; i < 6; i++) give(large, size);
    expect(large.kept.counters).toBe(4);
    expect(large.kept.states).toBe(4);

    const huge = new RunSpares<object>(MAX_SPARE_CELLS * 2);
    give(huge, MAX_SPARE_CELLS * 2);
    give(huge, MAX_SPARE_CELLS * 2);
    expect(huge.kept.counters).toBe(1);
  });
});
