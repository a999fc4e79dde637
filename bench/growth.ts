import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { growthSvg, type GrowthWorld } from './growth-chart.ts';
import { adminSessionIn, pageTargets, timePages, type PageTime } from './pages.ts';
import { addToCart, chooseStorefront, firstProductId, newShopper } from './prepare.ts';
import { buildServer, ROOT, serve } from './processes.ts';

/** Storefronts per world; events and orders grow in proportion (fewer per storefront than the large world, to stay within minutes). */
export const GROWTH_SIZES = [10, 100, 1_000, 10_000] as const;
export const EVENTS_PER_STOREFRONT = 20;
export const ORDERS_PER_STOREFRONT = 20;

/** Generated once per size (db/bench-growth-N.sqlite, git-ignored) and copied for each run. */
function worldCopy(storefronts: number, dir: string): string {
  const file = join(ROOT, 'db', `bench-growth-${storefronts}.sqlite`);
  if (!existsSync(file)) {
    console.log(`generating a world of ${storefronts} storefronts, once…`);
    execFileSync(
      'npm',
      [
        'run',
        '--silent',
        'db:seed',
        '--',
        '--storefronts',
        String(storefronts),
        '--events',
        String(storefronts * EVENTS_PER_STOREFRONT),
        '--orders',
        String(storefronts * ORDERS_PER_STOREFRONT),
        '--database',
        file,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
  }
  const copy = join(dir, `growth-${storefronts}.sqlite`);
  copyFileSync(file, copy);
  return copy;
}

async function measureGrowthWorld(storefronts: number, dir: string): Promise<GrowthWorld> {
  const database = worldCopy(storefronts, dir);
  const app = await serve(buildServer(), { DATABASE_PATH: database, LOG_LEVEL: 'warn', NODE_ENV: 'production', HUTONG_DEMO: '0' });
  try {
    const slug = await chooseStorefront(app.baseUrl, 'shop-00001');
    const shopper = await newShopper(app.baseUrl, slug);
    await addToCart(app.baseUrl, slug, shopper, await firstProductId(app.baseUrl, slug, shopper));
    const pages = await timePages(app.baseUrl, pageTargets(slug, adminSessionIn(database), shopper.cookie), 5);
    const world = {
      storefronts,
      events: storefronts * EVENTS_PER_STOREFRONT,
      orders: storefronts * ORDERS_PER_STOREFRONT,
      pages,
      rssMb: app.peakRssMb(),
    };
    console.log(
      `${String(storefronts).padStart(6)} storefronts: ${Object.entries(pages)
        .map(([name, t]) => `${name} ${t.medianMs} ms`)
        .join(', ')}; RSS ${world.rssMb} MB`,
    );
    return world;
  } finally {
    await app.stop();
  }
}

/** Times the same pages on each world size; writes bench/results/growth.json and docs/growth.svg. */
export async function growthCurve(dir: string, machine: string): Promise<void> {
  console.log(
    `\ngrowth curve: ${GROWTH_SIZES.join(', ')} storefronts, ${EVENTS_PER_STOREFRONT} events and ${ORDERS_PER_STOREFRONT} orders per storefront, median of 5 requests per page`,
  );
  const worlds: GrowthWorld[] = [];
  for (const size of GROWTH_SIZES) worlds.push(await measureGrowthWorld(size, dir));
  const result = {
    date: new Date().toISOString(),
    machine,
    eventsPerStorefront: EVENTS_PER_STOREFRONT,
    ordersPerStorefront: ORDERS_PER_STOREFRONT,
    worlds,
  };
  writeFileSync(join(ROOT, 'bench', 'results', 'growth.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(ROOT, 'docs', 'growth.svg'), growthSvg(worlds));
  console.log('wrote bench/results/growth.json and docs/growth.svg');
}
