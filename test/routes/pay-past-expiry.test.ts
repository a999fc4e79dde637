import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// The main world's sweep marks an order expired about once a second; until it runs, a payment or a
// scan past the order's expiresAt must be refused all the same.
let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

const statusOf = (orderId: string) => world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId);

async function apiOrder(wallet: string) {
  const product = world.repos.catalog.products('eleme')[0]!;
  const placed = await supertest(world.app)
    .post('/api/orders')
    .send({ storefront: 'eleme', shopper: 'late-1', channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet })
    .expect(201);
  return placed.body as { id: string; expiresAt: string };
}

describe('an order past its expiry, before the sweep', () => {
  it('the API refuses its payment with 409 order_expired and writes no payment', async () => {
    const order = await apiOrder('alipay');
    world.clock.set(new Date(Date.parse(order.expiresAt) + 1000).toISOString());
    const res = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', 'late-pay-1')
      .send({ shopper: 'late-1', outcome: 'succeeded' })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'order_expired', expiresAt: order.expiresAt });
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(0);
    expect(statusOf(order.id)).toBe('awaiting_payment');
  });

  it('one second before the expiry it is still paid', async () => {
    const order = await apiOrder('alipay');
    world.clock.set(new Date(Date.parse(order.expiresAt) - 1000).toISOString());
    await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', 'late-pay-2')
      .send({ shopper: 'late-1', outcome: 'succeeded' })
      .expect(201);
    expect(statusOf(order.id)).toBe('paid');
  });

  it('the API refuses a scan past the expiry and sends no order.scanned', async () => {
    const order = await apiOrder('wechat-pay');
    world.clock.set(order.expiresAt);
    const res = await supertest(world.app).post(`/api/orders/${order.id}/scan`).send({ shopper: 'late-1' }).expect(409);
    expect(res.body.code).toBe('order_expired');
    expect(world.db.prepare('SELECT scanned_at FROM orders WHERE id = ?').pluck().get(order.id)).toBeNull();
    expect(count(world.db, 'webhook_deliveries', "event_type = 'order.scanned'")).toBe(0);
  });

  it('the cashier page refuses the payment, says the order expired, and writes nothing', async () => {
    const shopper = await shopperWithCart(world, 'youku');
    const placed = await shopper.form('/shop/youku/orders', { channel: 'app', wallet: 'alipay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
    const cashier = await shopper.page(`/orders/${orderId}/pay`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
    world.clock.advance(3 * 60 * 60 * 1000);
    const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key });
    expect(res.status).toBe(409);
    expect(res.text).toContain('This order expired at');
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(0);
    expect(statusOf(orderId)).toBe('awaiting_payment');
  });
});
