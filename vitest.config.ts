import { defineConfig } from 'vitest/config';
import { seedFromEnv } from './test/support/shuffle-seed.ts';

export default defineConfig({
  // The package's subpath exports from source, as tsconfig.json's paths (examples import them as a user would).
  resolve: {
    alias: {
      'hutong/client': new URL('./src/client/index.ts', import.meta.url).pathname,
      'hutong/playwright': new URL('./src/playwright/index.ts', import.meta.url).pathname,
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/reliability/**', 'test/record/articles/**', 'node_modules/**'],
    pool: 'forks',
    // One module graph per worker, not per file: src/app.ts and its imports are evaluated once per worker
    // (most of what a file cost), and test/support/world.ts's template databases are shared by its files.
    // Every test builds its own world, so nothing but the modules is shared.
    isolate: false,
    // Tests run in a random order; the seed is printed at the start and end of the run.
    sequence: { shuffle: true, seed: seedFromEnv() },
    globalSetup: ['test/support/shuffle-seed.ts', 'test/support/scratch-dir.ts'],
    // Every /api response a supertest request receives is checked against /api/openapi.json;
    // fast-check draws from the shuffle seed, so HUTONG_TEST_SEED replays the inputs with the order.
    setupFiles: ['test/support/contract-setup.ts', 'test/support/fast-check-seed.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
