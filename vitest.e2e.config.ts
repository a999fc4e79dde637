import { defineConfig } from 'vitest/config';

// Browser tests: each file starts the real server and Chromium, so files run one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
