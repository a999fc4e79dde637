import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  return () => world.close();
});

const KEY = 'shared-key-0123456789';

interface PaymentRow {
  order_id: string;
  idempotency_scope: string;
  outcome: string;
}
const paymentsWithKey = (key: string) =>
  world.db
    .prepare('SELECT order_id, idempotency_scope, outcome FROM payments WHERE idempotency_key = ? ORDER BY id')
    .all(key) as PaymentRow[];

async function apiOrder(shopper: string): Promise<string> {
  const product = world.repos.catalog.products('eleme')[0]!;
  const res = await supertest(world.app)
    .post('/api/orders')
    .send({ storefront: 'eleme', shopper, channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet: 'alipay' })
    .expect(201);
  return res.body.id;
}

const pay = (orderId: string, shopper: string, token?: string) => {
  const req = supertest(world.app)
    .post(`/api/orders/${orderId}/payments`)
    .set('Idempotency-Key', KEY)
    .send({ shopper, outcome: 'succeeded' });
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
};

describe('an Idempotency-Key belongs to whoever sent it', () => {
  it('two shoppers sending the same key each get their own payment, and neither learns of the other', async () => {
    const [alice, bob] = [await apiOrder('alice'), await apiOrder('bob')];
    const first = await pay(alice, 'alice');
    const second = await pay(bob, 'bob');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.payment.order).toBe(bob);
    expect(paymentsWithKey(KEY)).toEqual([
      { order_id: alice, idempotency_scope: 'shopper:alice', outcome: 'succeeded' },
      { order_id: bob, idempotency_scope: 'shopper:bob', outcome: 'succeeded' },
    ]);
    expect(world.repos.orders.get(bob).status).toBe('paid');
  });

  it('one shopper sending it again gets the replay, as before: one row', async () => {
    const order = await apiOrder('carol');
    const first = await pay(order, 'carol').expect(201);
    const again = await pay(order, 'carol').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.payment.id).toBe(first.body.payment.id);
    expect(paymentsWithKey(KEY)).toHaveLength(1);
  });

  it('shoppers at the cashier (their cookie) using the same key each pay their own order', async () => {
    const payments: string[] = [];
    for (const _ of [1, 2]) {
      const shopper = await shopperWithCart(world, 'eleme');
      const placed = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'alipay' }).expect(303);
      const orderId = /\/orders\/(ord_[A-Za-z0-9_-]+)\/pay/.exec(placed.headers.location!)![1]!;
      await shopper.page(`/orders/${orderId}/pay`);
      const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: KEY });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/orders/${orderId}`);
      payments.push(orderId);
    }
    const rows = paymentsWithKey(KEY);
    expect(rows.map((r) => r.order_id)).toEqual(payments);
    expect(new Set(rows.map((r) => r.idempotency_scope)).size).toBe(2);
    for (const row of rows) expect(row.idempotency_scope).toMatch(/^shopper:/);
  });

  it('a key sent with an API token is the person’s: another person may use it too; the same person for another order is 422', async () => {
    const [one, two, three] = [await apiOrder('dan'), await apiOrder('erin'), await apiOrder('frank')];
    const ops = apiToken(world, 'ali.ops');
    const viewer = apiToken(world, 'viewer');
    expect((await pay(one, 'dan', ops)).status).toBe(201);
    expect((await pay(two, 'erin', viewer)).status).toBe(201);
    const reused = await pay(three, 'frank', ops);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_mismatch');
    expect(paymentsWithKey(KEY).map((r) => [r.order_id, r.idempotency_scope])).toEqual([
      [one, 'person:ali.ops'],
      [two, 'person:viewer'],
    ]);
  });
});

describe('migration 0018', () => {
  it('gives every stored key the scope of the shopper who placed its order, and makes (scope, key) unique instead of key', () => {
    const dir = join(world.dir, 'migrations-0017');
    mkdirSync(dir);
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_/.test(f) && f < '0018'))
      copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
    const db = openDatabase(join(world.dir, 'before-0018.sqlite'), { durable: false });
    migrate(db, dir);
    // Rows as 0017 held them (the catalogue they point to is beside the point: foreign keys off).
    db.pragma('foreign_keys = OFF');
    const order =
      db.prepare(`INSERT INTO orders (id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, status, created_at, updated_at)
      VALUES (?, ?, 'eleme', 'app', 'alipay', 100, 'paid', '2026-11-22T09:00:00.000Z', '2026-11-22T09:00:00.000Z')`);
    const payment = db.prepare(`INSERT INTO payments (order_id, wallet_slug, idempotency_key, request_hash, outcome, created_at)
      VALUES (?, 'alipay', ?, 'h', 'succeeded', '2026-11-22T09:00:00.000Z')`);
    order.run('ord_alice1', 'alice');
    order.run('ord_bob001', 'bob');
    payment.run('ord_alice1', 'key-of-alice');
    payment.run('ord_bob001', 'key-of-bob');
    expect(() => payment.run('ord_bob001', 'key-of-alice')).toThrow(/UNIQUE/);

    expect(migrate(db)).toContain('0018_idempotency_scope.sql');
    expect(db.prepare('SELECT order_id, idempotency_scope, idempotency_key FROM payments ORDER BY id').all()).toEqual([
      { order_id: 'ord_alice1', idempotency_scope: 'shopper:alice', idempotency_key: 'key-of-alice' },
      { order_id: 'ord_bob001', idempotency_scope: 'shopper:bob', idempotency_key: 'key-of-bob' },
    ]);
    const scoped =
      db.prepare(`INSERT INTO payments (order_id, wallet_slug, idempotency_scope, idempotency_key, request_hash, outcome, created_at)
      VALUES ('ord_bob001', 'alipay', ?, 'key-of-alice', 'h', 'declined', '2026-11-22T09:00:00.000Z')`);
    scoped.run('shopper:bob');
    expect(() => scoped.run('shopper:alice')).toThrow(/UNIQUE/);
    db.close();
  });
});
