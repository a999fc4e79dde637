import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { webhookMessageViolation } from '../support/contract.ts';
import { createSandbox, sandboxApi } from '../support/sandboxes.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { verifiedWith, webhookReceiver } from '../support/webhook-receiver.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Real time: Standard Webhooks verifiers refuse a timestamp more than five minutes off.
let world: TestWorld;
const receiver = await webhookReceiver();
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: new Date().toISOString() });
  receiver.received.length = 0;
  receiver.status = 200;
  return () => world.close();
});
afterAll(() => receiver.close());

let keys = 0;
const newKey = () => `refund-key-${process.pid}-${++keys}-${Date.now()}`;
const as = (username: string) => {
  const token = apiTokenFor(world, username);
  return { post: (path: string) => supertest(world.app).post(path).set('Authorization', `Bearer ${token}`) };
};

/** A paid Damai order (¥480.00 + ¥120.00 = 60,000 fen, so 30 % is 18,000 fen). */
async function paidOrder(shopper: string) {
  const { body: shop } = await supertest(world.app).get('/api/storefronts/damai').expect(200);
  const items = [
    { product: shop.products[0].id, quantity: 1 },
    { product: shop.products[3].id, quantity: 1 },
  ];
  const placed = await supertest(world.app)
    .post('/api/orders')
    .set('Idempotency-Key', newKey())
    .send({ storefront: 'damai', shopper, channel: 'app', wallet: 'alipay', items })
    .expect(201);
  await supertest(world.app)
    .post(`/api/orders/${placed.body.id}/payments`)
    .set('Idempotency-Key', newKey())
    .send({ shopper, outcome: 'succeeded' })
    .expect(201);
  return { id: placed.body.id as string, totalFen: Math.round(Number(placed.body.amount) * 100) };
}

const refundRows = (orderId: string) =>
  world.db.prepare('SELECT amount_fen, status, failure_code FROM refunds WHERE order_id = ? ORDER BY id').all(orderId);

describe('refunds', () => {
  it('30 % then 70 % → refunded; a third is refused refund_exceeds_paid; each refund’s webhook verifies', async () => {
    const admin = apiTokenFor(world, 'admin');
    const { body: hook } = await supertest(world.app)
      .post('/api/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: receiver.url, events: ['refund.*'] })
      .expect(201);
    const order = await paidOrder('r-1');
    const thirty = Math.round(order.totalFen * 0.3);
    const first = await as('ali.ops')
      .post(`/api/orders/${order.id}/refunds`)
      .set('Idempotency-Key', newKey())
      .send({ amount: thirty })
      .expect(201);
    expect(first.body.order).toMatchObject({ status: 'partially_refunded', refunded: (thirty / 100).toFixed(2) });
    expect(first.body.refund).toMatchObject({ status: 'succeeded', requestedBy: 'person:ali.ops' });
    const second = await as('ali.ops')
      .post(`/api/orders/${order.id}/refunds`)
      .set('Idempotency-Key', newKey())
      .send({ amount: order.totalFen - thirty })
      .expect(201);
    expect(second.body.order.status).toBe('refunded');
    const third = await as('ali.ops')
      .post(`/api/orders/${order.id}/refunds`)
      .set('Idempotency-Key', newKey())
      .send({ amount: 1 })
      .expect(409);
    expect(third.body.code).toBe('refund_exceeds_paid');
    expect(refundRows(order.id)).toEqual([
      { amount_fen: thirty, status: 'succeeded', failure_code: null },
      { amount_fen: order.totalFen - thirty, status: 'succeeded', failure_code: null },
    ]);
    // The stored status stays paid; refunded is read from the refunds.
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(order.id)).toBe('paid');

    const sender = webhookDispatcher({
      repos: world.repos,
      clock: world.clock,
      logger: pino({ level: 'silent' }),
      allow: ['loopback'],
      retry: { schedule: [1000], jitter: 0 },
    });
    expect(await sender.deliverDue()).toBe(2);
    const messages = receiver.received.map(
      (got) => verifiedWith(hook.secret, got) as { type: string; data: { order: { status: string } } },
    );
    expect(messages.map((m) => [m.type, m.data.order.status])).toEqual([
      ['refund.succeeded', 'partially_refunded'],
      ['refund.succeeded', 'refunded'],
    ]);
    for (const m of messages) expect(webhookMessageViolation('refund', m)).toBeNull();
  });

  it('an idempotent replay makes no second refund', async () => {
    const order = await paidOrder('r-2');
    const key = newKey();
    const once = await as('ali.ops').post(`/api/orders/${order.id}/refunds`).set('Idempotency-Key', key).send({ amount: 100 }).expect(201);
    const again = await as('ali.ops').post(`/api/orders/${order.id}/refunds`).set('Idempotency-Key', key).send({ amount: 100 }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(once.body);
    expect(count(world.db, 'refunds', 'order_id = ?', order.id)).toBe(1);
  });

  it('refuses an order not paid, and another group’s operator learns nothing of the order', async () => {
    const { body: shop } = await supertest(world.app).get('/api/storefronts/damai').expect(200);
    const placed = await supertest(world.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        storefront: 'damai',
        shopper: 'r-3',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: shop.products[0].id, quantity: 1 }],
      })
      .expect(201);
    const unpaid = await as('ali.ops')
      .post(`/api/orders/${placed.body.id}/refunds`)
      .set('Idempotency-Key', newKey())
      .send({ amount: 100 })
      .expect(409);
    expect(unpaid.body.code).toBe('order_not_paid');
    const order = await paidOrder('r-4');
    await as('tencent.ops').post(`/api/orders/${order.id}/refunds`).set('Idempotency-Key', newKey()).send({ amount: 100 }).expect(404);
    await as('tencent.reviewer').post(`/api/orders/${order.id}/refunds`).set('Idempotency-Key', newKey()).send({ amount: 100 }).expect(403);
    expect(count(world.db, 'refunds')).toBe(0);
  });

  it('refuses a refund past the window (180 days after the payment)', async () => {
    const order = await paidOrder('r-5');
    world.clock.advance(181 * 86_400_000);
    const late = await as('ali.ops')
      .post(`/api/orders/${order.id}/refunds`)
      .set('Idempotency-Key', newKey())
      .send({ amount: 100 })
      .expect(409);
    expect(late.body.code).toBe('refund_window_passed');
    expect(count(world.db, 'refunds')).toBe(0);
  });
});

describe('magic amounts', () => {
  it('in a sandbox, a total ending in .01 is declined BALANCE_NOT_ENOUGH whatever the request asks', async () => {
    world.close();
    world = newWorld({ scenario: 'record', now: new Date().toISOString(), sandboxes: {} });
    const sandbox = await createSandbox(world, { scenario: 'record' });
    const api = sandboxApi(world, sandbox);
    const { body: shop } = await api.get('/api/storefronts/eleme').expect(200);
    const placed = await api
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        storefront: 'eleme',
        shopper: 'm-1',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: shop.products[0].id, quantity: 1 }],
        addFen: 1,
      })
      .expect(201);
    expect(placed.body.amount).toMatch(/\.01$/);
    const paid = await api
      .post(`/api/orders/${placed.body.id}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'm-1', outcome: 'succeeded' })
      .expect(201);
    expect(paid.body.payment).toMatchObject({ outcome: 'declined', declineReason: { code: 'BALANCE_NOT_ENOUGH' } });
    expect(paid.body.order.status).toBe('failed');
  });

  it('in a sandbox, .08 is scanned then expires, and every refund of a .09 order fails (refund.failed)', async () => {
    world.close();
    world = newWorld({ scenario: 'record', now: new Date().toISOString(), sandboxes: {} });
    const sandbox = await createSandbox(world, { scenario: 'record' });
    const api = sandboxApi(world, sandbox);
    const ops = sandboxApi(world, sandbox, apiTokenFor(world, 'ali.ops'));
    const { body: shop } = await api.get('/api/storefronts/eleme').expect(200);
    const place = async (shopper: string, addFen: number) =>
      (
        await api
          .post('/api/orders')
          .set('Idempotency-Key', newKey())
          .send({
            storefront: 'eleme',
            shopper,
            channel: 'app',
            wallet: 'wechat-pay',
            items: [{ product: shop.products[0].id, quantity: 1 }],
            addFen,
          })
          .expect(201)
      ).body.id as string;
    const scanned = await place('m-8', 8);
    const expired = await api
      .post(`/api/orders/${scanned}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'm-8', outcome: 'succeeded' })
      .expect(201);
    expect(expired.body.payment).toMatchObject({
      outcome: 'expired',
      declineReason: { code: 'QR_CODE_EXPIRED', walletCode: 'ORDERCLOSED' },
    });
    expect(expired.body.order.status).toBe('expired');

    const failing = await place('m-9', 9);
    await api
      .post(`/api/orders/${failing}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'm-9', outcome: 'succeeded' })
      .expect(201);
    const refund = await ops.post(`/api/orders/${failing}/refunds`).set('Idempotency-Key', newKey()).send({ amount: 100 }).expect(201);
    expect(refund.body.refund).toMatchObject({ status: 'failed', failureCode: 'WALLET_REFUND_FAILED' });
    expect(refund.body.order).toMatchObject({ status: 'paid', refunded: '0.00' });
  });

  it('off in the default world: addFen is 422 and nothing is written', async () => {
    const { body: shop } = await supertest(world.app).get('/api/storefronts/eleme').expect(200);
    const refused = await supertest(world.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        storefront: 'eleme',
        shopper: 'm-2',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: shop.products[0].id, quantity: 1 }],
        addFen: 1,
      })
      .expect(422);
    expect(refused.body.errors).toEqual([{ path: 'addFen', message: expect.any(String) }]);
    expect(count(world.db, 'orders', 'shopper_id = ?', 'm-2')).toBe(0);
  });
});
