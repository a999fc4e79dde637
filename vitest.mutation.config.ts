import { defineConfig } from 'vitest/config';

/** Only the pure domain's unit tests: what Stryker runs against each mutant of src/domain. */
export default defineConfig({
  test: {
    include: ['test/domain/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
  },
});
