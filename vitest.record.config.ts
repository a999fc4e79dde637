import { defineConfig } from 'vitest/config';

/** npm run test:record: the record's citations and quotes against the articles (HUTONG_SEEDS_DIR or shared/seeds beside the checkout). */
export default defineConfig({
  test: {
    include: ['test/record/articles/**/*.test.ts'],
    pool: 'forks',
  },
});
