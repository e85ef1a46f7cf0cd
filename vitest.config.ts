import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type tests (expectTypeOf) are checked by `tsc` in `npm test`; vitest only runs them.
    testTimeout: 20_000,
    pool: 'forks',
  },
});
