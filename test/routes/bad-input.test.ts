import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzRoutes, isApiRoute, ROUTES, rowsWritten } from '../support/bad-input.ts';
import { testSeed } from '../support/test-seed.ts';
import { newWorld } from '../support/world.ts';

const ROUTES_DIR = join(import.meta.dirname, '..', '..', 'src', 'routes');
/** Where src/http/api-app.ts and pages-app.ts mount each route file. */
const MOUNTS: Record<string, string> = {
  'api-storefronts.ts': '/api', 'api-integrations.ts': '/api', 'api-docs.ts': '/api', 'api-review.ts': '/api', 'api-tokens.ts': '/api', 'api-orders.ts': '/api', 'api-webhooks.ts': '/api',
  'api-change-requests.ts': '/api', 'api-sandboxes.ts': '/api', 'api-links.ts': '/api',
  'review.ts': '/review', 'review-history.ts': '/review', 'review-exports.ts': '/review', 'review-links.ts': '/review',
};

function declaredRoutes(): string[] {
  return readdirSync(ROUTES_DIR).filter((file) => file.endsWith('.ts')).flatMap((file) => {
    const source = readFileSync(join(ROUTES_DIR, file), 'utf8');
    return [...source.matchAll(/router\.(get|post|put|patch|delete)\('([^']+)'/g)].map(([, method, path]) =>
      `${method!.toUpperCase()} ${(MOUNTS[file] ?? '') + (path === '/' && MOUNTS[file] ? '/' : path)}`);
  });
}

describe('bad input (short run; npm run test:reliability sends 1,000 per route)', () => {
  it('the fuzzer covers every route the app declares', () => {
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
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
