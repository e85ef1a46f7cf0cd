/** The correctness rule of WORKLOADS.md: every run's output must equal the expected one, else abort. */
import { isDeepStrictEqual, inspect } from 'node:util';

export class BenchmarkMismatchError extends Error {
  override readonly name = 'BenchmarkMismatchError';
}

/** Throws {@link BenchmarkMismatchError} unless `actual` deeply equals `expected`. */
export function expectOutput(workload: string, actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new BenchmarkMismatchError(
      `${workload}: wrong pipeline output, aborting the benchmark.\n  expected ${inspect(expected, { depth: 4 })}\n  got      ${inspect(actual, { depth: 4 })}`,
    );
  }
}
