import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDue } from '../../src/actions/due-items.ts';
import { retryOrder } from '../../src/actions/orders.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-12-01T08:00:00.000Z' });
});
afterEach(() => world.close());

const now = () => world.clock.now().toISOString();
const written = () => world.db.prepare('SELECT total_changes()').pluck().get();

describe('the default world’s sweep on real time (the server’s timer)', () => {
  it('expires an unpaid order once real time passes its expiry, writes order.expired, and writes nothing when nothing is due', async () => {
    const product = world.repos.catalog.products('eleme')[0]!;
    const placed = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: 'qa-timer', channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet: 'alipay' })
      .expect(201);
    expect(placed.body.expiresAt).toBe('2026-12-01T10:00:00.000Z');
    await supertest(world.app)
      .post('/api/webhooks')
      .set('Authorization', `Bearer ${apiTokenFor(world, 'admin')}`)
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['order.expired'] })
      .expect(201);
    applyDue(world.repos, now()); // the first sweep sets the changes' mark

    world.clock.set('2026-12-01T09:59:59.999Z');
    const before = written();
    expect(applyDue(world.repos, now())).toMatchObject({ ordersExpired: [], keysDropped: 0, messages: 0 });
    expect(written()).toBe(before);

    world.clock.set('2026-12-01T10:00:00.000Z');
    const report = applyDue(world.repos, now());
    expect(report.ordersExpired.map((o) => o.orderId)).toEqual([placed.body.id]);
    expect(report.messages).toBe(1);
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(placed.body.id)).toBe('expired');
    expect(world.db.prepare("SELECT created_at FROM webhook_deliveries WHERE event_type = 'order.expired'").pluck().all()).toEqual([
      '2026-12-01T10:00:00.000Z',
    ]);
    // A second sweep finds nothing more: nothing is written.
    const after = written();
    expect(applyDue(world.repos, '2026-12-01T11:00:00.000Z').ordersExpired).toEqual([]);
    expect(written()).toBe(after);
  });

  it('an expired order opened again for another attempt gets a new expiry from then', async () => {
    const product = world.repos.catalog.products('eleme')[0]!;
    const placed = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: 'qa-retry', channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet: 'alipay' })
      .expect(201);
    world.clock.set('2026-12-01T12:00:00.000Z');
    applyDue(world.repos, now());
    expect(world.repos.orders.get(placed.body.id).status).toBe('expired');
    const reopened = retryOrder(world.repos, world.clock, { orderId: placed.body.id, shopperId: 'qa-retry', walletSlug: 'alipay' });
    expect(reopened).toMatchObject({ status: 'awaiting_payment', expiresAt: '2026-12-01T14:00:00.000Z' });
  });

  it('the receipt says when an unpaid order expires, and once the sweep has passed it, that it expired then', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const placed = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(String(placed.headers.location))![1]!;
    const awaiting = await shopper.page(`/orders/${orderId}`);
    expect(awaiting.text).toContain('Expires at <time datetime="2026-12-01T10:00:00.000Z">1 Dec 2026, 10:00 UTC</time>');
    world.clock.set('2026-12-01T10:00:00.000Z');
    applyDue(world.repos, now());
    const expired = await shopper.page(`/orders/${orderId}`);
    expect(expired.text).toContain(
      '<dt>Expired</dt><dd><time datetime="2026-12-01T10:00:00.000Z">1 Dec 2026, 10:00 UTC</time>: left unpaid',
    );
    expect(expired.text).toContain('Try again');
  });
});
