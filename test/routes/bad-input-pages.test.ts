import { describe, expect, it } from 'vitest';
import { fuzzRoutes, isApiRoute, ROUTES } from '../support/bad-input.ts';
import { testSeed } from '../support/test-seed.ts';

// The /api routes, and the check that the fuzzer knows every route, are in bad-input.test.ts.
describe('bad input to pages and forms (short run; npm run test:reliability sends 1,000 per route)', () => {
  it('malformed input to every page and form route gets a 4xx (or a 2xx/3xx if it happens to be valid), never a 5xx, and refused ones change no row', async () => {
    const routes = ROUTES.filter((route) => !isApiRoute(route));
    const figures = await fuzzRoutes({ perRoute: 20, seed: testSeed(1), routes });
    expect(figures.failures).toEqual([]);
    expect(figures.inputsTried).toBe(20 * routes.length);
    expect(Object.keys(figures.statuses).some((status) => status.startsWith('4'))).toBe(true);
  }, 120_000);
});
