import { describe, expect, it } from 'vitest';
import { main } from '../../examples/concurrency.js';

describe('examples/concurrency.ts', () => {
  it("runs the blocking WaitingComponents in workers and finishes them in the tutorial's order", async () => {
    const lines: string[] = [];
    // Units far apart enough that worker start-up jitter cannot reorder completions.
    const { finished } = await main(150, (line) => lines.push(line));
    expect(finished).toEqual(['wait_1', 'wait_3', 'wait_2', 'wait_5', 'wait_4']);
    expect(lines.at(-1)).toMatch(/^Total: .* critical path 7 units, sequential sum 15\.$/);
  }, 20_000);
});
