/**
 * A sandbox's day with 1,000 things due moves in under 200 ms (aim): 1,000 unpaid orders whose
 * cashiers expire through the day, each written as expired with its order.expired message for a
 * subscribed endpoint, plus 1,000 Idempotency-Keys past their 24 hours. Five sandboxes, one move
 * each; prints each time and the median. Run: npx tsx bench/clock-move.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sandboxManager } from '../src/actions/sandboxes.ts';
import { migrate } from '../src/db/migrate.ts';
import { closeDatabase, openDatabase } from '../src/db/open.ts';
import { sandboxQueries } from '../src/db/sandboxes.ts';
import { EVERYONE } from '../src/domain/webhook-audience.ts';
import { systemClock } from '../src/domain/time.ts';

const DUE = 1_000;
const RUNS = 5;
const AIM_MS = 200;
const START = '2021-10-15T00:00:00.000Z';
const DAY_MS = 86_400_000;
const EVERY_SANDBOX = { person: { id: 0, role: 'admin' as const }, ownerKeyHash: null, demo: true };

const dir = mkdtempSync(join(tmpdir(), 'hutong-clock-bench-'));
const home = openDatabase(join(dir, 'home.sqlite'));
migrate(home);
const manager = sandboxManager({
  registry: sandboxQueries(home),
  dir: join(dir, 'sandboxes'),
  ttlMs: DAY_MS,
  max: RUNS + 1,
  wall: systemClock,
  logger: pino({ level: 'silent' }),
});

/** A record sandbox at START with DUE orders expiring through the next day and DUE keys made a day before. */
function sandboxWithADayDue(): string {
  const { id } = manager.create({
    scenario: { name: 'record' },
    clock: START,
    createdBy: 'bench',
    owner: { kind: 'anonymous', keyHash: 'bench' },
  });
  const { repos, db } = manager.world(id);
  const product = repos.catalog.products('eleme')[0];
  if (!product) throw new Error('the record has no product at eleme');
  db.transaction(() => {
    repos.webhooks.createEndpoint({
      id: 'ep_bench',
      url: 'http://127.0.0.1:9/hooks',
      events: ['*'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      createdBy: 'bench',
      createdAt: START,
      owner: EVERYONE,
    });
    for (let n = 0; n < DUE; n++) {
      const placedAt = new Date(Date.parse(START) - 2 * 3_600_000 + Math.floor((n * DAY_MS) / DUE)).toISOString();
      repos.orders.create(
        {
          id: `ord_bench${String(n).padStart(6, '0')}`,
          shopperId: `bench-shopper-${n}`,
          storefrontSlug: 'eleme',
          channel: 'app',
          walletSlug: 'alipay',
          totalFen: product.priceFen,
          placedAsOf: null,
          host: null,
          expiresAt: new Date(Date.parse(placedAt) + 2 * 3_600_000 + 1).toISOString(),
        },
        [{ productId: product.id, name: product.name, unitPriceFen: product.priceFen, quantity: 1 }],
        placedAt,
      );
      const keyMadeAt = new Date(Date.parse(START) - DAY_MS + Math.floor((n * DAY_MS) / DUE)).toISOString();
      const keptSince = new Date(Date.parse(keyMadeAt) - DAY_MS).toISOString();
      repos.idempotency.reserve({ scope: 'bench', key: `bench-key-${n}`, operation: 'POST /orders' }, 'hash', keyMadeAt, keptSince);
    }
  })();
  return id;
}

const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const id = sandboxWithADayDue();
  const started = performance.now();
  const { report } = await manager.moveClock(id, { advanceMs: DAY_MS }, EVERY_SANDBOX);
  const ms = performance.now() - started;
  times.push(ms);
  if (report.ordersExpired.length !== DUE || report.keysDropped !== DUE || report.messages !== DUE)
    throw new Error(`the move applied ${report.ordersExpired.length} expiries, ${report.keysDropped} keys, ${report.messages} messages`);
  console.log(`run ${run + 1}: ${ms.toFixed(1)} ms (${DUE} orders expired and ${DUE} messages written, ${DUE} keys dropped)`);
}
const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
console.log(
  `clock move, a day with ${DUE} orders and ${DUE} keys due: median ${median.toFixed(1)} ms (aim < ${AIM_MS} ms: ${median < AIM_MS ? 'met' : 'NOT met'}); load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await manager.closeAll();
closeDatabase(home);
rmSync(dir, { recursive: true, force: true });
