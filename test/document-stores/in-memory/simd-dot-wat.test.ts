import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { SIMD_DOT_MODULE, createWasmMemory, simdDots } from '../../../src/document-stores/in-memory/simd-dot.js';

const WAT = new URL('../../../src/document-stores/in-memory/simd-dot.wat', import.meta.url);

describe('the SIMD dot-product kernel', () => {
  it('is exactly its WAT source, assembled', async () => {
    const wabt = await wabtInit();
    const module = wabt.parseWat('simd-dot.wat', readFileSync(WAT, 'utf8'));
    try {
      const { buffer } = module.toBinary({});
      expect(Buffer.from(SIMD_DOT_MODULE).toString('hex')).toBe(Buffer.from(buffer).toString('hex'));
    } finally {
      module.destroy();
    }
  });

  it('computes float64-accumulated dot products of the requested rows', () => {
    const memory = createWasmMemory(1);
    if (memory === undefined) return expect.fail('this Node has WebAssembly');
    const dots = simdDots(memory);
    if (dots === undefined) return expect.fail('this Node has WebAssembly SIMD');
    const dim = 8;
    const heap = memory.buffer;
    const query = new Float64Array(heap, 0, dim).fill(0.5);
    const matrix = new Float32Array(heap, 64, 3 * dim);
    for (let i = 0; i < matrix.length; i++) matrix[i] = i;
    const rows = new Int32Array(heap, 64 + 3 * dim * 4, 2);
    rows.set([2, 0]);
    const out = new Float64Array(heap, 256, 2);
    dots(0, 64, dim, rows.byteOffset, 2, 256);
    const expected = (row: number) => Array.from({ length: dim }, (_, j) => (row * dim + j) * query[j]!).reduce((a, b) => a + b, 0);
    expect([...out]).toEqual([expected(2), expected(0)]);
  });
});
