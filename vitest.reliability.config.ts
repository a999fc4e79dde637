import { defineConfig } from 'vitest/config';

/** npm run test:reliability: the long versions (200+ kill cycles, 1,000+ inputs per route, 1,000+ model runs). */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
