import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { giveUpOrder, payOrder, placeOrderForItems, retryOrder } from '../../src/actions/orders.ts';
import { reviewSourcesOf } from '../../src/actions/review.ts';
import { loadCoverage } from '../../src/actions/review-coverage.ts';
import { loadMetrics, loadMetricsPage } from '../../src/actions/review-metrics.ts';
import { groupCommit } from '../../src/db/group-commit.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import { generateSyntheticWorld } from '../../src/db/synthetic-world.ts';
import { applyVerb } from '../../src/domain/apply-verb.ts';
import type { IntegrationHistory } from '../../src/domain/model.ts';
import { changePrecisions, coverageSeries, coverageTable, dailySteps, type CoverageEvent } from '../../src/domain/review/coverage.ts';
import { diffBetween } from '../../src/domain/review/diff.ts';
import { matrixAt } from '../../src/domain/review/matrix.ts';
import type { OrderCount } from '../../src/domain/review/metrics.ts';
import { allowedVerbs } from '../../src/domain/transitions.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { TestClock } from '../support/clock.ts';
import { newWorld } from '../support/world.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function generatedWorld(seed: number): Db {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-aggregates-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'world.sqlite'));
  generateSyntheticWorld(db, { storefronts: 20, events: 6_000, orders: 4_000, seed });
  return db;
}

const inForceAt = (param: string) => `SELECT e2.id FROM integration_events e2 WHERE e2.integration_id = i.id AND e2.status = 'active'
  AND e2.effective_at <= ${param} ORDER BY e2.effective_at DESC, e2.id DESC LIMIT 1`;

/** The coverage events as computed before the aggregate: from every event in the window (0011's query). */
function straightforwardCoverageEvents(db: Db, from: string, to: string): CoverageEvent[] {
  return db
    .prepare<{ from: string; to: string }, CoverageEvent>(`WITH events AS (
      SELECT e.id, e.integration_id, e.effective_at, e.to_state, e.date_precision FROM integrations i
        JOIN integration_events e ON e.id = (${inForceAt('@from')})
      UNION ALL
      SELECT e.id, e.integration_id, e.effective_at, e.to_state, e.date_precision FROM integration_events e
        WHERE e.status = 'active' AND e.effective_at > @from AND e.effective_at <= @to
    ), marked AS (
      SELECT *, (to_state = 'live') AS live,
        lag(to_state = 'live', 1, 0) OVER (PARTITION BY integration_id ORDER BY effective_at, id) AS wasLive FROM events
    )
    SELECT m.id, m.integration_id AS integrationId, i.wallet_slug AS walletSlug, m.effective_at AS effectiveAt, m.to_state AS toState,
      m.date_precision AS datePrecision
    FROM marked m JOIN integrations i ON i.id = m.integration_id WHERE m.live <> m.wasLive`)
    .all({ from, to });
}

/** Every change of live-ness in the whole log, recomputed from the events. */
function recomputedLiveChanges(db: Db): { eventId: number; toState: string }[] {
  return db
    .prepare<[], { eventId: number; toState: string }>(`SELECT id AS eventId, to_state AS toState FROM (
      SELECT id, to_state, (to_state = 'live') AS live,
        lag(to_state = 'live', 1, 0) OVER (PARTITION BY integration_id ORDER BY effective_at, id) AS wasLive
      FROM integration_events WHERE status = 'active') WHERE live <> wasLive ORDER BY id`)
    .all();
}

function storedLiveChanges(db: Db): { eventId: number; toState: string }[] {
  return db
    .prepare<[], { eventId: number; toState: string }>(
      'SELECT event_id AS eventId, to_state AS toState FROM review_live_changes ORDER BY event_id',
    )
    .all();
}

function straightforwardOrderCounts(db: Db): OrderCount[] {
  return db
    .prepare<[], OrderCount>(`SELECT storefront_slug AS storefrontSlug, wallet_slug AS walletSlug, status, count(*) AS orders
    FROM orders GROUP BY storefront_slug, wallet_slug, status ORDER BY storefront_slug, wallet_slug, status`)
    .all();
}

const WALLETS = ['alipay', 'wechat-pay', 'unionpay-qr'];

const WINDOWS: [string, string][] = [
  ['2021-07-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z'],
  ['2013-01-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
  ['2016-03-15T12:00:00.000Z', '2016-03-20T12:00:00.000Z'],
  ['2025-01-01T00:00:00.000Z', '2030-01-01T00:00:00.000Z'],
  ['2000-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z'],
];

/** Every integration's whole log, in matrix order: what the diff is computed from without narrowing. */
function everyHistory(db: Db): IntegrationHistory[] {
  const integrations = createRepositories(db).integrations;
  return integrations.list().map((row) => ({
    integrationId: row.id,
    storefrontSlug: row.storefrontSlug,
    walletSlug: row.walletSlug,
    events: integrations.events(row.id),
  }));
}

/** The review's coverage, metrics and diff read from the aggregates and narrow queries equal the same computed from every row. */
function expectSameAsStraightforward(db: Db): void {
  const sources = reviewSourcesOf(createRepositories(db));
  const everything = everyHistory(db);
  expect(storedLiveChanges(db)).toEqual(recomputedLiveChanges(db));
  for (const [from, to] of WINDOWS) {
    // The same chart, table labels and changes: before `from` only whether each integration was live matters.
    const straightforward = straightforwardCoverageEvents(db, from, to);
    const series = coverageSeries(straightforward, WALLETS, from, to);
    const precisions = changePrecisions(straightforward, from, to);
    // A table short enough to list every change, and one sampled at month starts (read from sums per day).
    for (const tableRows of [5, 60, 100_000]) {
      const coverage = loadCoverage(sources, from, to, tableRows);
      const table = coverageTable(series, tableRows);
      expect(coverage.daily).toEqual(series.map(dailySteps));
      expect(coverage.table).toEqual(table);
      expect(table.rows.map((row) => coverage.precisions.get(row.at))).toEqual(table.rows.map((row) => precisions.get(row.at)));
    }
    expect(sources.review.liveChangesBetween(from, to)).toEqual(
      straightforward
        .filter((e) => e.effectiveAt > from)
        .sort((a, b) => (a.effectiveAt === b.effectiveAt ? a.id - b.id : a.effectiveAt < b.effectiveAt ? -1 : 1)),
    );
    const snapshots = sources.review.snapshotsWhereChanged(from, to);
    expect(diffBetween(snapshots.from, snapshots.to)).toEqual(diffBetween(matrixAt(everything, from), matrixAt(everything, to)));
  }
  expect(sources.review.orderCounts()).toEqual(straightforwardOrderCounts(db));
  expect(loadMetrics(sources).byWallet.reduce((n, w) => n + w.started, 0)).toBe(
    db.prepare<[], { n: number }>('SELECT count(*) AS n FROM orders').get()!.n,
  );
  expectMetricsPagesSameAsWhole(sources);
}

/** Each page of the metrics page (read narrowly) is the whole metrics' totals and its storefronts' rows. */
function expectMetricsPagesSameAsWhole(sources: ReturnType<typeof reviewSourcesOf>): void {
  const whole = loadMetrics(sources);
  const storefronts = [...new Set(whole.rows.map((r) => r.storefrontSlug))];
  const perPage = 7;
  for (let page = 1; page <= Math.max(1, Math.ceil(storefronts.length / perPage)); page++) {
    const shown = storefronts.slice((page - 1) * perPage, page * perPage);
    const narrow = loadMetricsPage(sources, page, perPage);
    expect(narrow.byWallet).toEqual(whole.byWallet);
    expect(narrow.storefronts).toEqual({
      items: shown,
      page,
      pageCount: Math.max(1, Math.ceil(storefronts.length / perPage)),
      total: storefronts.length,
    });
    expect(narrow.rows).toEqual(whole.rows.filter((r) => shown.includes(r.storefrontSlug)));
  }
}

describe('the review aggregates (0012) and the diff query against the straightforward computation', () => {
  it('on a generated world, coverage over several windows and the checkout metrics are exactly what every event and order give', () => {
    const db = generatedWorld(7);
    expect(storedLiveChanges(db).length).toBeGreaterThan(100);
    expectSameAsStraightforward(db);
    const sources = reviewSourcesOf(createRepositories(db));
    const [from, to] = WINDOWS[0]!;
    // The page's chart and table are built from these events: a non-empty chart for the default window.
    expect(loadCoverage(sources, from, to, 60).daily.some((s) => s.points.length > 2)).toBe(true);
    expect(loadCoverage(sources, from, to, 5).table.sampled).toBe(true);
    db.close();
  });

  it('a world written before 0012 is filled by the migration to the same aggregates the triggers keep', () => {
    const db = generatedWorld(11);
    const kept = { live: storedLiveChanges(db), orders: reviewSourcesOf(createRepositories(db)).review.orderCounts() };
    db.exec(`DROP TABLE review_live_changes; DROP TABLE review_order_counts;
      DROP TRIGGER IF EXISTS review_live_changes_on_insert; DROP TRIGGER IF EXISTS review_live_changes_on_status;
      DROP TRIGGER IF EXISTS review_order_counts_on_insert; DROP TRIGGER IF EXISTS review_order_counts_on_update; DROP TRIGGER IF EXISTS review_order_counts_on_delete;
      DELETE FROM schema_migrations WHERE name = '0012_review_aggregates.sql';`);
    expect(migrate(db)).toEqual(['0012_review_aggregates.sql']);
    expect(storedLiveChanges(db)).toEqual(kept.live);
    expect(reviewSourcesOf(createRepositories(db)).review.orderCounts()).toEqual(kept.orders);
    db.close();
  });

  it('after shoppers order, pay, retry and give up, and operators launch, schedule and cancel, the metrics and coverage still match', async () => {
    const world = newWorld();
    const clock = new TestClock('2026-11-22T09:00:00.000Z');
    const repos = createRepositories(world.db, clock);
    const batch = groupCommit(world.db);
    const product = repos.catalog.products('eleme')[0]!;
    const outcomes = ['succeeded', 'declined', 'expired', 'cancelled'] as const;
    for (let i = 0; i < 12; i++) {
      const shopperId = `aggregate-shopper-${i}`;
      const { order } = placeOrderForItems(repos, clock, {
        storefrontSlug: 'eleme',
        shopperId,
        channel: 'app',
        walletSlug: 'alipay',
        items: [{ productId: product.id, quantity: 1 }],
      });
      const outcome = outcomes[i % outcomes.length]!;
      await payOrder(repos, clock, batch, {
        orderId: order.id,
        shopperId,
        walletSlug: 'alipay',
        outcome,
        scanWith: null,
        idempotencyKey: `aggregate-key-${i}-0000`,
        sentBy: { shopper: shopperId },
      });
      if (outcome === 'declined') retryOrder(repos, clock, { orderId: order.id, shopperId, walletSlug: 'alipay' });
      if (outcome === 'expired') giveUpOrder(repos, clock, { orderId: order.id, shopperId });
    }
    // Every integration of a few storefronts walks its state machine; launches are sometimes scheduled, then superseded.
    const random = seededRandom(3);
    for (const row of repos.integrations.list().slice(0, 12)) {
      let current = row;
      for (let step = 0; step < 8; step++) {
        clock.advance(86_400_000);
        const now = clock.now().toISOString();
        const verbs = allowedVerbs(current.state);
        const verb = verbs[Math.floor(random() * verbs.length)]!;
        const scheduled = verb === 'launch' && random() < 0.5 ? new Date(clock.now().getTime() + 5 * 86_400_000).toISOString() : undefined;
        const applied = applyVerb(current, verb, {
          reason: 'aggregate test',
          now,
          effectiveAt: scheduled,
          rules: verb === 'adjust' ? { rolloutPercent: 50 } : undefined,
        });
        if (!applied.ok) continue;
        repos.integrations.recordTransition({
          integrationId: current.id,
          expectedVersion: current.version,
          applied,
          actor: 'test',
          actorRole: 'operator',
          recordedAt: now,
        });
        if (scheduled && random() < 0.7) repos.integrations.cancelPending(current.id, now);
        current = repos.integrations.find(current.storefrontSlug, current.walletSlug)!;
      }
    }
    expect(
      world.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM integration_events WHERE status = 'cancelled'").get()!.n,
    ).toBeGreaterThan(0);
    expectSameAsStraightforward(world.db);
    world.close();
  });

  it('events written out of order and cancelled in any order keep the live changes equal to a replay of the log', () => {
    const db = generatedWorld(5);
    const random = seededRandom(17);
    const integrations = db
      .prepare<[], { id: number }>('SELECT id FROM integrations ORDER BY id LIMIT 6')
      .all()
      .map((r) => r.id);
    const nextVersion = db.prepare<[number], { v: number }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM integration_events WHERE integration_id = ?',
    );
    // Straight into the log: the app only appends, but the triggers must hold for any order of writes.
    const insert = db.prepare<{
      integration: number;
      version: number;
      to: string;
      at: string;
    }>(`INSERT INTO integration_events (integration_id, version, verb,
      from_state, to_state, actor, recorded_at, effective_at, rollout_percent, channels, display_order)
      VALUES (@integration, @version, 'adjust', 'live', @to, 'test', @at, @at, 100, 'app', 1)`);
    const activeOf = db.prepare<[number], { id: number }>(
      "SELECT id FROM integration_events WHERE integration_id = ? AND status = 'active' ORDER BY id",
    );
    const cancel = db.prepare<[string, number]>("UPDATE integration_events SET status = 'cancelled', cancelled_at = ? WHERE id = ?");
    const states = ['live', 'suspended', 'approved', 'live', 'requested'];
    for (let step = 0; step < 300; step++) {
      const integration = integrations[Math.floor(random() * integrations.length)]!;
      if (random() < 0.6) {
        const at = new Date(Date.parse('2013-01-01T00:00:00.000Z') + Math.floor(random() * 14 * 365) * 86_400_000).toISOString();
        insert.run({ integration, version: nextVersion.get(integration)!.v, to: states[Math.floor(random() * states.length)]!, at });
      } else {
        const active = activeOf.all(integration);
        const victim = active[Math.floor(random() * active.length)];
        if (victim) cancel.run('2026-11-22T00:00:00.000Z', victim.id);
      }
    }
    expectSameAsStraightforward(db);
    db.close();
  });
});
