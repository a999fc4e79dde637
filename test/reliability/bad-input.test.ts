import { describe, expect, it } from 'vitest';
import { fuzzRoutes, ROUTES } from '../support/bad-input.ts';
import { recordFigure } from '../support/figures.ts';
import { testSeed } from '../support/test-seed.ts';

const PER_ROUTE = Number(process.env.HUTONG_INPUTS_PER_ROUTE ?? 1000);

describe('bad input', () => {
  it(`${PER_ROUTE} malformed inputs to each of the ${ROUTES.length} routes: no 5xx, refused ones change no row`, async () => {
    const seed = testSeed();
    const figures = await fuzzRoutes({ perRoute: PER_ROUTE, seed });
    recordFigure({
      test: `bad input (seed ${seed}, ${ROUTES.length} routes)`,
      inputsTried: figures.inputsTried,
      failures: figures.failures.length,
    });
    expect(figures.failures).toEqual([]);
    expect(figures.inputsTried).toBe(PER_ROUTE * ROUTES.length);
  });
});
