import { defineConfig } from 'vitest/config';
import { seedFromEnv } from './test/support/shuffle-seed.ts';

// Browser tests: each file starts the real server and Chromium, so files run one after another.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    // Tests run in a random order; the seed is printed at the start and end of the run.
    sequence: { shuffle: true, seed: seedFromEnv() },
    globalSetup: ['test/support/shuffle-seed.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
