import { defineConfig } from 'vitest/config';
import { seedFromEnv } from './test/support/shuffle-seed.ts';

/**
 * npm run test:reliability: the long versions (200+ kill cycles, 1,000+ inputs per route, 1,000+ model runs),
 * and every test that starts, kills or restarts a server process (npm test stays in-process).
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/global-setup.ts', 'test/support/shuffle-seed.ts', 'test/support/scratch-dir.ts'],
    // Tests run in a random order; the seed is printed at the start and end of the run.
    sequence: { shuffle: true, seed: seedFromEnv() },
    // fast-check, the fuzzer, the model and the kill schedule draw from the shuffle seed: HUTONG_TEST_SEED replays them.
    setupFiles: ['test/support/fast-check-seed.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
