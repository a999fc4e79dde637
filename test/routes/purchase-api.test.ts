import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  return () => world.close();
});

let keys = 0;
const newKey = () => `test-key-${process.pid}-${++keys}-${Date.now()}`;

async function firstProduct(slug: string): Promise<{ id: number; price: string }> {
  const { body } = await supertest(world.app).get(`/api/storefronts/${slug}`).expect(200);
  return body.products[0];
}

async function placeOrder(storefront: string, wallet: string, shopper: string, status = 201) {
  const product = await firstProduct(storefront);
  return supertest(world.app)
    .post('/api/orders')
    .send({ storefront, shopper, channel: 'app', items: [{ product: product.id, quantity: 2 }], wallet })
    .expect(status);
}

describe('the purchase API', () => {
  it('GET /api/storefronts/:slug answers the storefront with its catalogue, prices in yuan', async () => {
    const { body } = await supertest(world.app).get('/api/storefronts/eleme').expect(200).expect('content-type', /json/);
    expect(body).toMatchObject({ slug: 'eleme', name: 'Ele.me', group: 'alibaba', currency: 'CNY' });
    expect(body.products.length).toBeGreaterThan(0);
    for (const product of body.products)
      expect(product).toEqual({ id: expect.any(Number), name: expect.any(String), price: expect.stringMatching(/^\d+\.\d\d$/) });
    await supertest(world.app)
      .get('/api/storefronts/no-such-shop')
      .expect(404)
      .expect('content-type', /problem\+json/);
  });

  it('buys at Ele.me with WeChat Pay: 201 with the decision, then a payment; the rows say so', async () => {
    const product = await firstProduct('eleme');
    const placed = await placeOrder('eleme', 'wechat-pay', 'qa-1');
    const amount = ((Math.round(Number(product.price) * 100) * 2) / 100).toFixed(2);
    expect(placed.body).toMatchObject({
      status: 'awaiting_payment',
      storefront: 'eleme',
      wallet: 'wechat-pay',
      amount,
      shopper: 'qa-1',
      items: [{ product: product.id, quantity: 2, unitPrice: product.price }],
    });
    expect(placed.headers.location).toBe(`/api/orders/${placed.body.id}`);
    expect(placed.body.decision.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({ shown: true, reason: 'SHOWN' });
    const orderId = placed.body.id as string;
    expect(world.db.prepare('SELECT shopper_id, wallet_slug, total_fen, status FROM orders WHERE id = ?').get(orderId)).toEqual({
      shopper_id: 'qa-1',
      wallet_slug: 'wechat-pay',
      total_fen: Math.round(Number(amount) * 100),
      status: 'awaiting_payment',
    });
    expect(count(world.db, 'order_items', 'order_id = ?', orderId)).toBe(1);

    const paid = await supertest(world.app)
      .post(`/api/orders/${orderId}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'qa-1', outcome: 'succeeded' })
      .expect(201);
    expect(paid.headers['idempotent-replayed']).toBeUndefined();
    expect(paid.body).toMatchObject({
      payment: { order: orderId, wallet: 'wechat-pay', outcome: 'succeeded' },
      order: { id: orderId, status: 'paid' },
    });
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('paid');
    expect(world.db.prepare('SELECT wallet_slug, outcome FROM payments WHERE order_id = ?').all(orderId)).toEqual([
      { wallet_slug: 'wechat-pay', outcome: 'succeeded' },
    ]);

    const read = await supertest(world.app).get(`/api/orders/${orderId}?shopper=qa-1`).expect(200);
    expect(read.body).toMatchObject({ id: orderId, status: 'paid', payments: [{ id: paid.body.payment.id, outcome: 'succeeded' }] });
    const list = await supertest(world.app).get('/api/orders?shopper=qa-1').expect(200);
    expect(list.body.orders.map((o: { id: string }) => o.id)).toContain(orderId);
  });

  it('the same Idempotency-Key and body again answers the stored payment with Idempotent-Replayed: true (one row); another body is 422', async () => {
    const { body: order } = await placeOrder('eleme', 'alipay', 'qa-2');
    const key = newKey();
    const first = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', key)
      .send({ shopper: 'qa-2', outcome: 'succeeded' })
      .expect(201);
    const again = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', `"${key}"`)
      .send({ shopper: 'qa-2', outcome: 'succeeded' })
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);

    const other = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', key)
      .send({ shopper: 'qa-2', outcome: 'declined' })
      .expect(422);
    expect(other.body.code).toBe('idempotency_mismatch');
    const stranger = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', key)
      .send({ shopper: 'someone-else', outcome: 'succeeded' });
    expect(stranger.status).toBe(404);
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);
  });

  it('50 concurrent POSTs with one key make one payment; every answer is that payment', async () => {
    const { body: order } = await placeOrder('eleme', 'wechat-pay', 'qa-3');
    const key = newKey();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        supertest(world.app)
          .post(`/api/orders/${order.id}/payments`)
          .set('Idempotency-Key', key)
          .send({ shopper: 'qa-3', outcome: 'succeeded' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body.payment.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);
  });

  it('no key is 400 naming the header; a paid order cannot be paid again with a new key (409)', async () => {
    const { body: order } = await placeOrder('eleme', 'alipay', 'qa-4');
    const missing = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .send({ shopper: 'qa-4', outcome: 'succeeded' })
      .expect(400);
    expect(missing.body.errors).toEqual([{ path: 'idempotency-key', message: expect.stringMatching(/Idempotency-Key/) }]);
    await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'qa-4', outcome: 'succeeded' })
      .expect(201);
    const twice = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'qa-4', outcome: 'succeeded' })
      .expect(409);
    expect(twice.body).toMatchObject({ code: 'conflict', status: 409, orderStatus: 'paid' });
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);
  });

  it('refuses Taobao Deals × WeChat Pay with 409 wallet_not_shown and its reason code; no order is written', async () => {
    const before = count(world.db, 'orders');
    const res = await placeOrder('taobao-deals', 'wechat-pay', 'qa-5', 409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'wallet_not_shown', reason: 'PENDING_PROVIDER_APPROVAL', wallet: 'wechat-pay' });
    expect(count(world.db, 'orders')).toBe(before);
  });

  it('an order is seen and paid only with the shopper id that placed it (404 otherwise)', async () => {
    const { body: order } = await placeOrder('youku', 'alipay', 'qa-6');
    expect((await supertest(world.app).get(`/api/orders/${order.id}?shopper=qa-7`).expect(404)).body.code).toBe('not_found');
    await supertest(world.app).get(`/api/orders/${order.id}`).expect(400);
    await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'qa-7', outcome: 'succeeded' })
      .expect(404);
    expect((await supertest(world.app).get('/api/orders?shopper=qa-7').expect(200)).body.orders).toEqual([]);
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(0);
  });

  it('refuses bad bodies with the field paths, and a product of another storefront with 422', async () => {
    const bad = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: '', channel: 'fax', items: [], wallet: 'wechat-pay' })
      .expect(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channel', 'items', 'shopper']);
    const youku = await firstProduct('youku');
    const foreign = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: 'qa-8', channel: 'app', items: [{ product: youku.id, quantity: 1 }], wallet: 'alipay' })
      .expect(422);
    expect(foreign.body.errors).toEqual([{ path: 'items.0.product', message: expect.any(String) }]);
  });
});
