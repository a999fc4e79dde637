import supertest from 'supertest';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.ts';
import { migrate } from '../src/db/migrate.ts';
import { integrationsWritten } from '../src/db/integration-writes.ts';
import { openDatabase } from '../src/db/open.ts';
import { systemClock } from '../src/domain/time.ts';

/**
 * Times the review's pages and API on a generated world:
 *   npm run db:seed -- --storefronts 1000 --events 1000000 --orders 1000000
 *   npx tsx bench/review-queries.ts [--database db/hutong-large.sqlite] [--runs 7] [--only /review/diff] [--cold]
 * Prints the median and the slowest of `runs` requests per URL (after one warm-up). `--only` keeps
 * the URLs that start with it; `--cold` times the first request after a write: before each one it
 * drops what is kept in memory as an app write to the integrations does (`integrationsWritten`).
 */
const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'db/hutong-large.sqlite' },
    runs: { type: 'string', default: '7' },
    only: { type: 'string', default: '' },
    cold: { type: 'boolean', default: false },
  },
});
const db = openDatabase(values.database as string);
migrate(db);
const http = supertest(createApp({ db, clock: systemClock }));
const runs = Number(values.runs);

async function deepCursor(): Promise<string> {
  const old = await http.get('/api/events?to=2014-06-30&limit=1');
  return old.body.nextCursor as string;
}

const cursor = await deepCursor();
const urls = [
  '/review?asOf=2021-10-15',
  '/review?asOf=2021-10-15&page=12',
  '/review?asOf=2014-03-01&state=live&group=group-3',
  '/api/matrix?asOf=2015-06-30',
  '/review/diff?from=2021-08-01&to=2021-10-15',
  '/api/diff?from=2014-01-01&to=2026-01-01',
  '/review/timeline',
  `/review/timeline?cursor=${cursor}`,
  '/review/timeline?storefront=shop-00421',
  `/review/timeline?storefront=shop-00421&cursor=${cursor}`,
  `/review/timeline?actor=group-3-operator&cursor=${cursor}`,
  '/review/timeline?wallet=no-such-wallet',
  '/review/timeline?verb=withdraw',
  '/review/timeline?storefront=shop-00421&wallet=wechat-pay&verb=launch',
  '/review/timeline?actor=tencent-reviewer',
  '/review/timeline?actor=nobody-at-all',
  '/review/timeline?verb=revoke&wallet=unionpay-qr',
  '/review/timeline?from=2021-09-01&to=2021-09-30',
  '/api/events?limit=200',
  '/review/coverage',
  '/review/coverage?from=2013-01-01&to=2027-12-31',
  '/review/metrics',
  '/review/diff',
];

console.log(
  `${values.database}: ${db.prepare('SELECT count(*) FROM integration_events').pluck().get()} events, ${db.prepare('SELECT count(*) FROM orders').pluck().get()} orders, ${runs} runs each${values.cold ? ', each after a write' : ''}`,
);
for (const url of urls.filter((u) => u.startsWith(values.only as string))) {
  await http.get(url).expect(200);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (values.cold) integrationsWritten(db);
    const started = process.hrtime.bigint();
    await http.get(url).expect(200);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${(times[Math.floor(times.length / 2)] as number).toFixed(1).padStart(8)} ms median ${(times[times.length - 1] as number).toFixed(1).padStart(8)} ms max  ${url.slice(0, 90)}`,
  );
}
db.close();
