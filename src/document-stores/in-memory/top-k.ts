/**
 * Positions of the `k` highest scores, best first; equal scores keep their original order, which is
 * what Haystack gets from a stable `sorted(..., reverse=True)[:k]`. A bounded min-heap makes this
 * O(n log k) instead of sorting every candidate. NaN ranks below every number.
 */
export function topKIndices(scores: Float64Array, k: number): number[] {
  const n = scores.length;
  const size = Math.min(k, n);
  if (size <= 0) return [];
  // heap[0] is the worst of the kept candidates.
  const heap = new Int32Array(size);
  let count = 0;
  const key = (i: number): number => {
    const s = scores[i]!;
    return Number.isNaN(s) ? -Infinity : s;
  };
  // a is worse than b: lower score, or equal score and later position.
  const worse = (a: number, b: number): boolean => {
    const sa = key(a);
    const sb = key(b);
    return sa < sb || (sa === sb && a > b);
  };
  const siftUp = (at: number): void => {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      const t = heap[i]!;
      heap[i] = heap[parent]!;
      heap[parent] = t;
      i = parent;
    }
  };
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < count && worse(heap[l]!, heap[m]!)) m = l;
      if (r < count && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const t = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = t;
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (count < size) {
      heap[count] = i;
      count += 1;
      siftUp(count - 1);
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      siftDown();
    }
  }
  return Array.from(heap).sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
