import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/open.ts';
import { checkDatabase } from '../../src/db/consistency.ts';
import { eventFrom } from '../../src/db/integrations.ts';
import { reviewQueries } from '../../src/db/review.ts';
import { HOME_PAGE_SIZE } from '../../src/routes/home.ts';
import { generateSyntheticWorld } from '../../src/db/synthetic-world.ts';
import { coverageSeries, stepSeries, type CoverageEvent } from '../../src/domain/review/coverage.ts';
import { liveStep } from '../../src/domain/review/coverage-days.ts';
import { diffBetween } from '../../src/domain/review/diff.ts';
import { matrixAt } from '../../src/domain/review/matrix.ts';
import type { IntegrationHistory } from '../../src/domain/model.ts';
import { parseCsv } from '../domain/review-csv-parser.ts';
import { TestClock } from '../support/clock.ts';
import { count } from '../support/world.ts';

// A small generated world (the large one is `npm run db:seed`, never run by the tests).
const dir = mkdtempSync(join(tmpdir(), 'hutong-review-scale-'));
const db = openDatabase(join(dir, 'synthetic.sqlite'));
generateSyntheticWorld(db, { storefronts: 60, events: 20_000, orders: 5_000, seed: 7 });
const http = supertest(createApp({ db, clock: new TestClock('2026-11-22T09:00:00.000Z') }));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a generated world of 60 storefronts and 20,000 events', () => {
  it('is valid under the state machine: every event leaves from the state the previous one reached', () => {
    const broken = db
      .prepare(`SELECT count(*) FROM integration_events e JOIN integration_events p
      ON p.integration_id = e.integration_id AND p.version = e.version - 1 WHERE p.to_state <> e.from_state`)
      .pluck()
      .get();
    expect(broken).toBe(0);
    expect(count(db, 'integration_events')).toBe(20_000);
    expect(count(db, 'integrations')).toBe(180);
  });

  it('says "more than 10,000" on the timeline instead of counting all 20,000 matches (the count stops at 10,001), and counts a narrower filter exactly', async () => {
    const page = await http.get('/review/timeline').expect(200);
    expect(page.text).toMatch(/data-result-count><strong>More than 10,000<\/strong> events match/);
    const one = db
      .prepare('SELECT storefront_slug AS storefront, wallet_slug AS wallet, id FROM integrations ORDER BY id LIMIT 1')
      .get() as { storefront: string; wallet: string; id: number };
    const exact = count(db, 'integration_events', 'integration_id = ?', one.id);
    const narrow = await http.get(`/review/timeline?storefront=${one.storefront}&wallet=${one.wallet}`).expect(200);
    expect(narrow.text).toContain(`data-result-count><strong>${exact.toLocaleString('en')}</strong>`);
  });

  it(`pages the storefronts on the home page, ${HOME_PAGE_SIZE} at a time`, async () => {
    const first = await http.get('/').expect(200);
    expect(first.text.match(/class="storefront-card"/g)).toHaveLength(HOME_PAGE_SIZE);
    expect(first.text).toContain(`Page 1 of ${Math.ceil(60 / HOME_PAGE_SIZE)}`);
    const last = await http.get(`/?page=${Math.ceil(60 / HOME_PAGE_SIZE)}`).expect(200);
    expect(last.text.match(/class="storefront-card"/g)).toHaveLength(60 % HOME_PAGE_SIZE || HOME_PAGE_SIZE);
  });

  it("lists a long diff 100 changes a page, with how many there are in all, and the pages together are the API's changes", async () => {
    const { body } = await http.get('/api/diff?from=2014-01-01&to=2026-01-01').expect(200);
    expect(body.changes.length).toBeGreaterThan(100);
    const rowsOf = (html: string) =>
      [...html.matchAll(/<tr data-storefront="([^"]+)" data-wallet="([^"]+)">/g)].map((m) => `${m[1]}/${m[2]}`);
    const first = await http.get('/review/diff?from=2014-01-01&to=2026-01-01').expect(200);
    expect(first.text).toContain(`${body.changes.length} changes`);
    expect(first.text).toContain(`Page 1 of ${Math.ceil(body.changes.length / 100)}`);
    const pages = [rowsOf(first.text)];
    for (let page = 2; page <= Math.ceil(body.changes.length / 100); page++) {
      pages.push(rowsOf((await http.get(`/review/diff?from=2014-01-01&to=2026-01-01&page=${page}`).expect(200)).text));
    }
    expect(pages[0]).toHaveLength(100);
    expect(pages.flat()).toEqual(body.changes.map((c: { storefront: string; wallet: string }) => `${c.storefront}/${c.wallet}`));
  });

  it('passes db:check: every settled order has its payment and its line', () => {
    expect(checkDatabase(db).filter((check) => !check.ok)).toEqual([]);
    expect(count(db, 'payments')).toBe(count(db, 'orders', "status <> 'awaiting_payment'"));
  });

  it('gives a matrix as of any day equal to the latest active event effective by then, straight from SQL', async () => {
    for (const day of ['2015-06-30', '2021-10-15']) {
      const res = await http.get(`/api/matrix?asOf=${day}`).expect(200);
      const expected = db
        .prepare(`SELECT i.storefront_slug AS storefront, i.wallet_slug AS wallet,
          coalesce((SELECT e.to_state FROM integration_events e WHERE e.integration_id = i.id AND e.status = 'active'
            AND e.effective_at <= ? ORDER BY e.effective_at DESC, e.id DESC LIMIT 1), 'not_requested') AS state
        FROM integrations i ORDER BY storefront, wallet`)
        .all(`${day}T23:59:59.999Z`);
      const actual = (res.body.cells as Array<{ storefront: string; wallet: string; state: string }>)
        .map(({ storefront, wallet, state }) => ({ storefront, wallet, state }))
        .sort((a, b) => a.storefront.localeCompare(b.storefront) || a.wallet.localeCompare(b.wallet));
      expect(actual).toEqual(expected);
    }
  });

  it('pages the matrix 50 storefronts at a time', async () => {
    const first = await http.get('/review?asOf=2021-10-15').expect(200);
    expect(first.text).toContain('60 storefronts, page 1 of 2.');
    expect(first.text.match(/<tr data-storefront=/g)).toHaveLength(50);
    const second = await http.get('/review?asOf=2021-10-15&page=2').expect(200);
    expect(second.text.match(/<tr data-storefront=/g)).toHaveLength(10);
  });

  it('pages one storefront timeline in the same order as SQL', async () => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const res: supertest.Response = await http
        .get(`/api/events?storefront=shop-00007&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      ids.push(...(res.body.events as Array<{ id: number }>).map((e) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const expected = db
      .prepare(`SELECT e.id FROM integration_events e JOIN integrations i ON i.id = e.integration_id
      WHERE i.storefront_slug = 'shop-00007' ORDER BY e.effective_at DESC, e.id DESC`)
      .pluck()
      .all();
    expect(ids).toEqual(expected);
  });

  it('counts conversion per wallet from the orders, and the CSV matches the JSON', async () => {
    const json = await http.get('/api/metrics').expect(200);
    const rows = json.body.metrics as Array<{ wallet: string; started: number; paid: number; conversion: number }>;
    expect(rows.reduce((sum, r) => sum + r.started, 0)).toBe(count(db, 'orders'));
    expect(rows.filter((r) => r.wallet === 'wechat-pay').reduce((sum, r) => sum + r.paid, 0)).toBe(
      count(db, 'orders', "wallet_slug = 'wechat-pay' AND status = 'paid'"),
    );
    const [header, ...csvRows] = parseCsv((await http.get('/api/metrics.csv').expect(200)).text);
    expect(csvRows).toEqual(rows.map((r) => (header as string[]).map((key) => String((r as unknown as Record<string, unknown>)[key]))));
    const page = await http.get('/review/metrics').expect(200);
    expect(page.text).toContain('<title id="metrics-chart-title">Checkouts started and paid, per wallet</title>');
    expect(page.text).toContain('Page 1 of 2');
  });

  it('narrows coverage and diffs in SQL without changing the answer the whole log gives', () => {
    const review = reviewQueries(db);
    const all = db
      .prepare(`SELECT e.*, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug
      FROM integration_events e JOIN integrations i ON i.id = e.integration_id`)
      .all() as Array<Parameters<typeof eventFrom>[0] & { storefrontSlug: string; walletSlug: string }>;
    const histories = new Map<number, IntegrationHistory>();
    for (const raw of all) {
      const event = eventFrom(raw);
      const history = histories.get(event.integrationId) ?? {
        integrationId: event.integrationId,
        storefrontSlug: raw.storefrontSlug as string,
        walletSlug: raw.walletSlug as string,
        events: [],
      };
      history.events.push(event);
      histories.set(event.integrationId, history);
    }
    const everything = [...histories.values()];
    const [from, to] = ['2020-03-01T00:00:00.000Z', '2021-10-15T23:59:59.999Z'];
    const wallets = ['alipay', 'wechat-pay', 'unionpay-qr'];
    const fullLog: CoverageEvent[] = everything.flatMap((h) =>
      h.events
        .filter((e) => e.status === 'active')
        .map((e) => ({
          id: e.id,
          integrationId: h.integrationId,
          walletSlug: h.walletSlug,
          effectiveAt: e.effectiveAt,
          toState: e.toState,
        })),
    );
    const kept = stepSeries(review.liveAt(from), review.liveChangesBetween(from, to).map(liveStep), wallets, from, to);
    expect(kept).toEqual(coverageSeries(fullLog, wallets, from, to));

    const key = (d: { storefrontSlug: string; walletSlug: string }) => `${d.storefrontSlug}/${d.walletSlug}`;
    const expected = diffBetween(matrixAt(everything, from), matrixAt(everything, to)).map(key).sort();
    const scope = { integrationIds: review.changedBetween(from, to) };
    const narrowed = diffBetween(matrixAt(review.historiesAt(from, scope), from), matrixAt(review.historiesAt(to, scope), to));
    expect(narrowed.map(key).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
    // The diff's own query (state and rules of the events in force at both instants) gives the same entries.
    const byKey = (entries: ReturnType<typeof diffBetween>) => [...entries].sort((a, b) => key(a).localeCompare(key(b)));
    const snapshots = review.snapshotsWhereChanged(from, to);
    expect(byKey(diffBetween(snapshots.from, snapshots.to))).toEqual(
      byKey(diffBetween(matrixAt(everything, from), matrixAt(everything, to))),
    );
  });
});
