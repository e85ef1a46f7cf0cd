import { describe, expect, it } from 'vitest';
import { DispatchQueue } from '../../../src/core/workers/dispatch-queue.js';

function drain<T>(queue: DispatchQueue<T>): T[] {
  const out: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
}

describe('DispatchQueue', () => {
  it('gives the highest priority first and equal priorities in arrival order', () => {
    const queue = new DispatchQueue<string>();
    queue.push('low', 1);
    queue.push('high-1', 5);
    queue.push('mid', 2.5);
    queue.push('high-2', 5);
    queue.push('zero', 0);
    expect(queue.size).toBe(5);
    expect(drain(queue)).toEqual(['high-1', 'high-2', 'mid', 'low', 'zero']);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('matches a stable sort on many pushes with repeated priorities', () => {
    const queue = new DispatchQueue<number>();
    // A fixed pseudo-random sequence: deterministic, with many ties.
    let seed = 7;
    const pushed: { item: number; priority: number }[] = [];
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const priority = seed % 13;
      pushed.push({ item: i, priority });
      queue.push(i, priority);
    }
    const expected = [...pushed].sort((a, b) => b.priority - a.priority || a.item - b.item).map((p) => p.item);
    expect(drain(queue)).toEqual(expected);
  });

  it('removes a waiting item from anywhere and keeps the order of the rest', () => {
    const queue = new DispatchQueue<string>();
    for (const [item, priority] of [['a', 9], ['b', 7], ['c', 8], ['d', 1], ['e', 6], ['f', 5], ['g', 4]] as const) queue.push(item, priority);
    expect(queue.remove('a')).toBe(true);
    expect(queue.remove('e')).toBe(true);
    expect(queue.remove('e')).toBe(false);
    expect(queue.remove('zzz')).toBe(false);
    expect(queue.size).toBe(5);
    expect(drain(queue)).toEqual(['c', 'b', 'f', 'g', 'd']);
  });

  it('keeps the heap in order when the entry moved into a removed slot belongs higher', () => {
    const queue = new DispatchQueue<string>();
    // Heap: 10 / 5, 9 / 4, 3, 8(last). Removing 4 moves 8 under 5, where it must rise.
    for (const [item, priority] of [['p10', 10], ['p5', 5], ['p9', 9], ['p4', 4], ['p3', 3], ['p8', 8]] as const) queue.push(item, priority);
    expect(queue.remove('p4')).toBe(true);
    expect(drain(queue)).toEqual(['p10', 'p9', 'p8', 'p5', 'p3']);
  });
});
