import { describe, expect, it } from 'vitest';
import { FIFOPriorityQueue } from '../../../src/core/pipeline/priority-queue.js';

describe('FIFOPriorityQueue', () => {
  it('pops lower priorities first and equal priorities in insertion order', () => {
    const q = new FIFOPriorityQueue<string>(4);
    q.push('c', 2);
    q.push('a', 1);
    q.push('d', 2);
    q.push('b', 1);
    q.push('e', 0);
    expect(q.size).toBe(5);
    expect(q.peek()).toEqual([0, 'e']);
    expect([...q].map(([, x]) => x)).toEqual(['e', 'a', 'b', 'c', 'd']);
    const order: string[] = [];
    for (let item = q.pop(); item; item = q.pop()) order.push(item[1]);
    expect(order).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });

  it('sees items pushed at a lower priority after pops', () => {
    const q = new FIFOPriorityQueue<string>(3);
    q.push('late', 2);
    expect(q.pop()).toEqual([2, 'late']);
    q.push('early', 0);
    expect(q.peek()).toEqual([0, 'early']);
  });

  it('rejects out-of-range priorities', () => {
    expect(() => new FIFOPriorityQueue<string>(2).push('x', 2)).toThrow(RangeError);
  });
});
