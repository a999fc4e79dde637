import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// What one payment at the cashier costs the database: every statement the app's connection runs
// for the form POST is seen. Each statement not run is CPU every payment saves.
let world: TestWorld;
let seen: string[] | null = null;
beforeEach(() => {
  world = newWorld({ onStatement: (sql) => seen?.push(sql.replace(/\s+/g, ' ')) });
  return () => world.close();
});

async function orderAt(storefront: string, wallet: string) {
  const shopper = await shopperWithCart(world, storefront);
  const placed = await shopper.form(`/shop/${storefront}/orders`, { channel: 'app', wallet }).expect(303);
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location ?? '')?.[1] ?? '';
  const cashier = await shopper.page(`/orders/${orderId}/pay`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)?.[1] ?? '';
  return { shopper, orderId, key };
}

/** Pays at the cashier; answers the statements the payment ran. */
async function payAtCashier(storefront: string, wallet: string): Promise<{ orderId: string; statements: string[] }> {
  const { shopper, orderId, key } = await orderAt(storefront, wallet);
  seen = [];
  await shopper
    .form(`/orders/${orderId}/payments`, { wallet, outcome: 'succeeded', idempotencyKey: key })
    .expect(303)
    .expect('location', `/orders/${orderId}`);
  const statements = seen;
  seen = null;
  return { orderId, statements };
}

const readsOfTheOrder = (statements: string[]) => statements.filter((s) => /^SELECT o\.id, .* FROM orders o JOIN/.test(s)).length;
const readsOfItems = (statements: string[]) => statements.filter((s) => s.includes('FROM order_items')).length;

describe('the statements one payment at the cashier runs', () => {
  it('reads its order once, in the payment’s transaction, and neither its earlier payments nor its items', async () => {
    const { orderId, statements } = await payAtCashier('eleme', 'alipay');
    expect(readsOfTheOrder(statements)).toBe(1);
    expect(statements.indexOf('BEGIN IMMEDIATE')).toBeLessThan(statements.findIndex((s) => s.includes('FROM orders o JOIN')));
    expect(statements.filter((s) => /FROM payments WHERE order_id = /.test(s))).toEqual([]);
    expect(readsOfItems(statements)).toBe(0);
    expect(statements.filter((s) => s.includes('FROM webhook_endpoints'))).toHaveLength(1);
    expect(statements.length).toBeLessThanOrEqual(10);
    // And it is paid.
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('paid');
    expect(count(world.db, 'payments', "order_id = ? AND outcome = 'succeeded'", orderId)).toBe(1);
  });

  it('answers the payment it wrote as the row reads back, without reading it back (API, declined with a reason)', async () => {
    const { body: storefront } = await supertest(world.app).get('/api/storefronts/eleme').expect(200);
    const { body: order } = await supertest(world.app)
      .post('/api/orders')
      .send({
        storefront: 'eleme',
        shopper: 'rows-1',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: storefront.products[0].id, quantity: 1 }],
      })
      .expect(201);
    seen = [];
    const { body: paid } = await supertest(world.app)
      .post(`/api/orders/${order.id}/payments`)
      .set('Idempotency-Key', 'rows-key-0123456789')
      .send({ shopper: 'rows-1', outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH' })
      .expect(201);
    const statements = seen;
    seen = null;
    expect(statements.filter((s) => /FROM payments WHERE id = |RETURNING/.test(s))).toEqual([]);
    const { body: readBack } = await supertest(world.app).get(`/api/orders/${order.id}?shopper=rows-1`).expect(200);
    expect(readBack.payments).toEqual([paid.payment]);
    expect(paid.payment).toMatchObject({ outcome: 'declined', declineReason: { code: 'BALANCE_NOT_ENOUGH' } });
    expect(paid.order.status).toBe('failed');
  });

  it('with an endpoint subscribed, reads the order after the payment once for both messages, and they carry it paid', async () => {
    world.repos.webhooks.createEndpoint({
      id: 'we_statements',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
      secret: 'whsec_statements',
      createdBy: 'admin',
      createdAt: '2026-11-22T08:00:00.000Z',
      owner: { kind: 'all' },
    });
    const { orderId, statements } = await payAtCashier('eleme', 'alipay');
    expect(readsOfTheOrder(statements)).toBe(2);
    expect(readsOfItems(statements)).toBe(1);
    const messages = world.db
      .prepare('SELECT event_type AS type, payload FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY sequence')
      .all('we_statements') as { type: string; payload: string }[];
    expect(messages.map((m) => m.type)).toEqual(['order.placed', 'payment.succeeded', 'order.paid']);
    for (const { payload } of messages.slice(1)) {
      expect(JSON.parse(payload).data.order).toMatchObject({ id: orderId, status: 'paid' });
    }
  });
});
