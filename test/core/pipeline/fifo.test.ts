import { describe, expect, it } from 'vitest';
import { Fifo } from '../../../src/core/pipeline/fifo.js';

/** A reference model: the same operations on a plain array. */
function drive(ops: readonly ('push' | 'shift')[]): { got: (number | undefined)[]; want: (number | undefined)[] } {
  const fifo = new Fifo<number>();
  const model: number[] = [];
  const got: (number | undefined)[] = [];
  const want: (number | undefined)[] = [];
  let next = 0;
  for (const op of ops) {
    if (op === 'push') {
      fifo.push(next);
      model.push(next++);
    } else {
      got.push(fifo.shift());
      want.push(model.shift());
    }
  }
  expect(fifo.size).toBe(model.length);
  return { got, want };
}

describe('Fifo', () => {
  it('hands items out oldest first and undefined when empty', () => {
    const fifo = new Fifo<string>();
    expect(fifo.shift()).toBeUndefined();
    fifo.push('a');
    fifo.push('b');
    expect(fifo.size).toBe(2);
    expect(fifo.shift()).toBe('a');
    fifo.push('c');
    expect([fifo.shift(), fifo.shift(), fifo.shift()]).toEqual(['b', 'c', undefined]);
    expect(fifo.size).toBe(0);
  });

  it('keeps the order through a burst drained at once, and reuses its slots after draining', () => {
    const ops = [...Array<'push'>(20_000).fill('push'), ...Array<'shift'>(20_001).fill('shift'), 'push', 'push', 'shift'] as const;
    const { got, want } = drive(ops);
    expect(got).toEqual(want);
  });

  it('keeps the order when it never drains (the live part is moved down past 1,024 handed-out items)', () => {
    // Two pushes per shift: the queue grows and never empties, so only the compaction keeps it bounded.
    const ops: ('push' | 'shift')[] = [];
    for (let i = 0; i < 6_000; i++) ops.push('push', 'push', 'shift');
    for (let i = 0; i < 6_000; i++) ops.push('shift', 'shift', 'push');
    const { got, want } = drive(ops);
    expect(got).toEqual(want);
  });

  it('clear drops every item', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 10; i++) fifo.push(i);
    fifo.shift();
    fifo.clear();
    expect(fifo.size).toBe(0);
    expect(fifo.shift()).toBeUndefined();
    fifo.push(42);
    expect(fifo.shift()).toBe(42);
  });
});
