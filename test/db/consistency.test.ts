import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDatabase, checkLogReplay, checkPayments, checkReviewAggregates } from '../../src/db/consistency.ts';
import { actors, putInState } from '../support/integrations.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

const run = promisify(execFile);
let world: TestWorld;
afterEach(() => world.close());

function failing(w: TestWorld) {
  return checkDatabase(w.db).filter((check) => !check.ok);
}

describe('db:check (src/db/consistency.ts)', () => {
  it('passes on a freshly loaded record and after real transitions', () => {
    world = newWorld();
    putInState(world, 'taobao', 'wechat-pay', 'suspended', actors.aliOps);
    putInState(world, 'taobao', 'wechat-pay', 'rejected');
    expect(failing(world)).toEqual([]);
  });

  it('finds review aggregates that no longer match a recount of the orders and a replay of the log', () => {
    world = newWorld();
    expect(checkReviewAggregates(world.db).ok).toBe(true);
    const change = world.db.prepare<[], { event_id: number }>('SELECT event_id FROM review_live_changes ORDER BY event_id LIMIT 1').get()!;
    world.db.prepare('DELETE FROM review_live_changes WHERE event_id = ?').run(change.event_id);
    world.db
      .prepare("INSERT INTO review_order_counts (storefront_slug, wallet_slug, status, orders) VALUES ('eleme', 'alipay', 'paid', 3)")
      .run();
    const problems = checkReviewAggregates(world.db).problems.join('\n');
    expect(problems).toContain(`event ${change.event_id} changes live-ness but is not kept`);
    expect(problems).toContain('eleme × alipay paid: 3 orders kept, 0 counted');
  });

  it('finds a row that no longer matches its latest event', () => {
    world = newWorld();
    world.db.prepare(`UPDATE integrations SET state = 'live' WHERE storefront_slug = 'taobao' AND wallet_slug = 'unionpay-qr'`).run();
    const check = checkLogReplay(world.db);
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain('taobao × unionpay-qr: no events, yet the row is live');
  });

  it('finds an event outside the transition table and a broken chain', () => {
    world = newWorld();
    const version = putInState(world, 'tmall', 'wechat-pay', 'requested');
    const id = world.repos.integrations.find('tmall', 'wechat-pay')!.id;
    world.db
      .prepare(`UPDATE integration_events SET verb = 'launch', to_state = 'live' WHERE integration_id = ? AND version = ?`)
      .run(id, version);
    world.db.prepare(`UPDATE integrations SET state = 'live' WHERE id = ?`).run(id);
    const problems = checkLogReplay(world.db).problems.join('\n');
    expect(problems).toContain(`tmall × wechat-pay v${version}: launch not_requested → live is not in the transition table`);
  });

  it('finds an order paid twice, a paid order without a payment and a payment without an order', () => {
    world = newWorld();
    const db = world.db;
    db.pragma('foreign_keys = OFF');
    db.exec('DROP INDEX payments_one_success_per_order');
    const product = db.prepare(`SELECT id, price_fen FROM products WHERE storefront_slug = 'eleme' LIMIT 1`).get() as {
      id: number;
      price_fen: number;
    };
    const now = '2026-11-22T09:00:00.000Z';
    for (const id of ['ord_twice', 'ord_never']) {
      db.prepare(`INSERT INTO orders (id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, status, created_at, updated_at)
        VALUES (?, 's', 'eleme', 'app', 'alipay', ?, 'paid', ?, ?)`).run(id, product.price_fen, now, now);
      db.prepare('INSERT INTO order_items VALUES (?, ?, ?, ?, 1)').run(id, product.id, 'x', product.price_fen);
    }
    const pay =
      db.prepare(`INSERT INTO payments (order_id, wallet_slug, idempotency_scope, idempotency_key, request_hash, outcome, created_at)
      VALUES (?, 'alipay', 'shopper:s', ?, 'h', 'succeeded', ?)`);
    pay.run('ord_twice', 'k1', now);
    pay.run('ord_twice', 'k2', now);
    pay.run('ord_gone', 'k3', now);
    const problems = checkPayments(db).problems;
    expect(problems).toContain('order ord_twice has 2 succeeded payments');
    expect(problems).toContain('order ord_never is paid but has no succeeded payment');
    expect(problems).toContain('payment 3 is for order ord_gone, which does not exist');
  });

  it('the command prints each check and exits 1 on a failure', async () => {
    world = newWorld();
    const path = join(world.dir, 'hutong.sqlite');
    const cli = ['--import', 'tsx', 'src/cli/db-check.ts', '--database', path];
    const good = await run('node', cli);
    expect(good.stdout).toContain('ok   Event log replays to the current state');
    expect(good.stdout).toContain('All checks passed.');
    world.db.prepare(`UPDATE integrations SET version = 99 WHERE storefront_slug = 'eleme' AND wallet_slug = 'alipay'`).run();
    const bad = await run('node', cli).catch((error: { code: number; stdout: string }) => error);
    expect('code' in bad && bad.code).toBe(1);
    expect(bad.stdout).toContain('FAIL Event log replays to the current state');
    expect(bad.stdout).toContain('eleme × alipay: row at version 99');
  });
});
