import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { signedInAs } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  return () => world.close();
});

let keys = 0;
const newKey = () => `console-refund-${process.pid}-${++keys}-${Date.now()}`;

async function paidElemeOrder(shopper: string) {
  const { body: shop } = await supertest(world.app).get('/api/storefronts/eleme').expect(200);
  const placed = await supertest(world.app)
    .post('/api/orders')
    .set('Idempotency-Key', newKey())
    .send({ storefront: 'eleme', shopper, channel: 'app', wallet: 'alipay', items: [{ product: shop.products[0].id, quantity: 2 }] })
    .expect(201);
  await supertest(world.app)
    .post(`/api/orders/${placed.body.id}/payments`)
    .set('Idempotency-Key', newKey())
    .send({ shopper, outcome: 'succeeded' })
    .expect(201);
  return placed.body as { id: string; amount: string };
}

describe('refunds in the console', () => {
  it('ali.ops lists Ele.me’s orders, refunds part of one, and the receipt and My orders show it', async () => {
    const order = await paidElemeOrder('c-1');
    const ops = await signedInAs(world, 'ali.ops');
    expect((await ops.page('/console/orders')).text).toContain(`data-order="${order.id}"`);
    await ops.form(`/console/orders/${order.id}/refunds`, { amount: '1.50', note: 'cold noodles', refunds: '0' }).expect(303);
    const page = await ops.page(`/console/orders/${order.id}`);
    expect(page.text).toContain('partially refunded');
    expect(page.text).toContain('cold noodles');
    expect(world.db.prepare('SELECT amount_fen, status, requested_by FROM refunds WHERE order_id = ?').get(order.id)).toEqual({
      amount_fen: 150,
      status: 'succeeded',
      requested_by: 'person:ali.ops',
    });
    const tooMuch = await ops.form(`/console/orders/${order.id}/refunds`, { amount: order.amount, refunds: '1' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.text).toContain('At most');
    expect(count(world.db, 'refunds', 'order_id = ?', order.id)).toBe(1);
    const shopperView = await supertest(world.app).get(`/api/orders/${order.id}?shopper=c-1`).expect(200);
    expect(shopperView.body).toMatchObject({
      status: 'partially_refunded',
      refunded: '1.50',
      refunds: [{ amount: '1.50', status: 'succeeded' }],
    });
  });

  it('an operator of another group sees no such order, and cannot refund it', async () => {
    const order = await paidElemeOrder('c-2');
    const other = await signedInAs(world, 'tencent.ops');
    expect((await other.page('/console/orders')).text).not.toContain(order.id);
    expect((await other.page(`/console/orders/${order.id}`)).status).toBe(404);
    expect((await other.form(`/console/orders/${order.id}/refunds`, { amount: '1.00', refunds: '0' })).status).toBe(404);
    expect(count(world.db, 'refunds')).toBe(0);
  });

  it('the form sent twice (a double click) makes one refund; the second is 409 and shows the first', async () => {
    const order = await paidElemeOrder('c-3');
    const ops = await signedInAs(world, 'ali.ops');
    const shown = (await ops.page(`/console/orders/${order.id}`)).text;
    const refundsShown = /name="refunds" value="(\d+)"/.exec(shown)![1]!;
    expect(refundsShown).toBe('0');
    const form = { amount: '1.00', note: 'double click', refunds: refundsShown };
    await ops.form(`/console/orders/${order.id}/refunds`, form).expect(303);
    const again = await ops.form(`/console/orders/${order.id}/refunds`, form);
    expect(again.status).toBe(409);
    expect(again.text).toContain('since you looked at it');
    expect(again.text).toContain('name="refunds" value="1"');
    expect(world.db.prepare('SELECT amount_fen FROM refunds WHERE order_id = ?').pluck().all(order.id)).toEqual([100]);
  });
});
