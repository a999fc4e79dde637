import { defineConfig } from 'vitest/config';
import { seedFromEnv } from './test/support/shuffle-seed.ts';

/** npm run test:reliability: the long versions (200+ kill cycles, 1,000+ inputs per route, 1,000+ model runs). */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/global-setup.ts', 'test/support/shuffle-seed.ts'],
    // Tests run in a random order; the seed is printed at the start and end of the run.
    sequence: { shuffle: true, seed: seedFromEnv() },
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
