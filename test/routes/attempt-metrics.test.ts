import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { retryOrder } from '../../src/actions/orders.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  return () => world.close();
});

let keys = 0;
const newKey = () => `attempt-key-${process.pid}-${++keys}-${Date.now()}`;

async function pay(orderId: string, shopper: string, body: Record<string, unknown>) {
  return supertest(world.app)
    .post(`/api/orders/${orderId}/payments`)
    .set('Idempotency-Key', newKey())
    .send({ shopper, ...body })
    .expect(201);
}

describe('metrics per attempt', () => {
  it('the Damai case: declined by Alipay, paid with WeChat Pay → one Alipay attempt declined, one WeChat Pay succeeded, one switch', async () => {
    const { body: shop } = await supertest(world.app).get('/api/storefronts/damai').expect(200);
    const placed = await supertest(world.app)
      .post('/api/orders')
      .set('Idempotency-Key', newKey())
      .send({
        storefront: 'damai',
        shopper: 'd-1',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: shop.products[0].id, quantity: 1 }],
      })
      .expect(201);
    const orderId = placed.body.id as string;
    await pay(orderId, 'd-1', { outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH' });
    // Try again with WeChat Pay (what the receipt's "Try again" does), then pay.
    retryOrder(world.repos, world.clock, { orderId, shopperId: 'd-1', walletSlug: 'wechat-pay' });
    await pay(orderId, 'd-1', { outcome: 'succeeded' });

    const { body } = await supertest(world.app).get('/api/metrics').expect(200);
    const alipay = body.attempts.wallets.find((w: { wallet: string }) => w.wallet === 'alipay');
    const wechat = body.attempts.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay');
    expect(alipay).toMatchObject({
      tried: 1,
      succeeded: 0,
      declined: 1,
      declinedByReason: [{ reason: 'BALANCE_NOT_ENOUGH', attempts: 1 }],
      firstChosen: 1,
      paidWithFirstChoice: 0,
      paidWithAnother: 1,
    });
    expect(wechat).toMatchObject({ tried: 1, succeeded: 1, declined: 0, firstChosen: 0 });
    expect(body.attempts.switches).toEqual([{ from: 'alipay', to: 'wechat-pay', switches: 1 }]);
    // The rows: two attempts kept, the first with its reason.
    expect(world.db.prepare('SELECT wallet_slug, outcome, reason_code FROM payments WHERE order_id = ? ORDER BY id').all(orderId)).toEqual([
      { wallet_slug: 'alipay', outcome: 'declined', reason_code: 'BALANCE_NOT_ENOUGH' },
      { wallet_slug: 'wechat-pay', outcome: 'succeeded', reason_code: null },
    ]);

    const page = await supertest(world.app).get('/review/metrics').expect(200);
    expect(page.text).toMatch(/data-from="alipay" data-to="wechat-pay">Alipay → WeChat Pay: 1/);
    const csv = await supertest(world.app).get('/api/attempts.csv').expect(200);
    expect(csv.text).toContain('declined,alipay,,declined,BALANCE_NOT_ENOUGH,1');
    expect(csv.text).toContain('switch,alipay,wechat-pay,,,1');
  });
});
