import { describe, expect, it } from 'vitest';
import { PAGES } from '../../src/http/pages-app.ts';
import { apiTable } from '../../src/http/route-table-api.ts';
import { fuzzRoutes, isApiRoute, ROUTES, rowsWritten } from '../support/bad-input.ts';
import { testSeed } from '../support/test-seed.ts';
import { newWorld } from '../support/world.ts';

/** Every route the app declares: the API's table, under /api, and the pages' table (and /api/docs, the API's page). */
function declaredRoutes(): string[] {
  const rows = [...apiTable.map((route) => ({ method: route.method, path: `/api${route.path}` })), ...PAGES];
  return [...rows.map((route) => `${route.method.toUpperCase()} ${route.path}`), 'GET /api/docs'];
}

describe('bad input (short run; npm run test:reliability sends 1,000 per route)', () => {
  it('the fuzzer covers every route the app declares', () => {
    // The fuzzer may ask for /review/; Express answers it from the row /review.
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.path.replace(/(.)\/$/, '$1')}`));
    expect(declaredRoutes().length).toBeGreaterThan(80);
    expect(declaredRoutes().filter((route) => !covered.has(route))).toEqual([]);
  });

  it('the fuzzer sees a row added, changed or removed, and not a write that changes nothing', () => {
    const world = newWorld();
    try {
      const db = world.db;
      const seen = [rowsWritten(db)];
      db.prepare("UPDATE storefronts SET name = name WHERE slug = 'eleme'").run();
      seen.push(rowsWritten(db));
      db.prepare("UPDATE storefronts SET name = 'Ele.me!' WHERE slug = 'eleme'").run();
      seen.push(rowsWritten(db));
      db.prepare("INSERT INTO settings (key, value) VALUES ('fuzz', '1')").run();
      db.prepare("DELETE FROM settings WHERE key = 'fuzz'").run();
      seen.push(rowsWritten(db));
      expect(seen.map((n) => n - seen[0]!)).toEqual([0, 0, 1, 3]);
    } finally {
      world.close();
    }
  });

  // The pages' routes are fuzzed by bad-input-pages.test.ts: two files, so the two halves can run side by side.
  it('malformed input to every /api route gets a 4xx (or a 2xx/3xx if it happens to be valid), never a 5xx, and refused ones change no row', async () => {
    const routes = ROUTES.filter(isApiRoute);
    const figures = await fuzzRoutes({ perRoute: 20, seed: testSeed(), routes });
    expect(figures.failures).toEqual([]);
    expect(figures.inputsTried).toBe(20 * routes.length);
    expect(Object.keys(figures.statuses).some((status) => status.startsWith('4'))).toBe(true);
  }, 120_000);
});
