import { beforeEach, describe, expect, it } from 'vitest';
import { recordVerb } from '../support/record.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';
import { shopperWithCart } from '../support/shopping.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

async function orderAt(storefront: string, wallet: string, scenarioWorld = world) {
  const shopper = await shopperWithCart(scenarioWorld, storefront);
  const placed = await shopper.form(`/shop/${storefront}/orders`, { channel: 'app', wallet }).expect(303);
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
  const cashier = await shopper.page(`/orders/${orderId}/pay`);
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
  return { shopper, orderId, key, cashier };
}

describe('paying at the cashier', () => {
  it('pays with WeChat Pay from its QR cashier to a receipt', async () => {
    const { shopper, orderId, key, cashier } = await orderAt('eleme', 'wechat-pay');
    expect(cashier.text).toContain('Simulate scan and pay');
    const qr = await shopper.agent
      .get(`/orders/${orderId}/qr.svg`)
      .expect(200)
      .expect('content-type', /image\/svg\+xml/);
    expect(qr.body.toString()).toMatch(/^<svg/);
    await shopper
      .form(`/orders/${orderId}/payments`, { wallet: 'wechat-pay', outcome: 'succeeded', idempotencyKey: key })
      .expect(303)
      .expect('location', `/orders/${orderId}`);
    const receipt = await shopper.page(`/orders/${orderId}`);
    expect(receipt.text).toContain('Payment received');
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('paid');
    expect(count(world.db, 'payments', "order_id = ? AND outcome = 'succeeded'", orderId)).toBe(1);
    expect((await shopper.page('/orders')).text).toContain(orderId);
  });

  it('a double submit makes one payment and shows the same receipt', async () => {
    const { shopper, orderId, key } = await orderAt('youku', 'alipay');
    const body = { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key };
    const [first, second] = await Promise.all([
      shopper.form(`/orders/${orderId}/payments`, body),
      shopper.form(`/orders/${orderId}/payments`, body),
    ]);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(1);
  });

  it('refuses the same key for a different request (422) and writes nothing', async () => {
    const { shopper, orderId, key } = await orderAt('damai', 'alipay');
    await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'declined', idempotencyKey: key }).expect(303);
    const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key });
    expect(res.status).toBe(422);
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(1);
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('failed');
  });

  it('a paid order cannot be paid again', async () => {
    const { shopper, orderId, key } = await orderAt('kaola', 'wechat-pay');
    await shopper.form(`/orders/${orderId}/payments`, { wallet: 'wechat-pay', outcome: 'succeeded', idempotencyKey: key }).expect(303);
    const again = await shopper.form(`/orders/${orderId}/payments`, {
      wallet: 'wechat-pay',
      outcome: 'succeeded',
      idempotencyKey: `${key}-again`,
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('already paid');
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(1);
  });

  it.each([
    ['declined', 'failed'],
    ['cancelled', 'cancelled'],
    ['expired', 'expired'],
  ])('the %s outcome leaves the order %s', async (outcome, status) => {
    const { shopper, orderId, key } = await orderAt('shuqi', 'alipay');
    await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome, idempotencyKey: key }).expect(303);
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe(status);
    expect((await shopper.page(`/orders/${orderId}`)).text).toContain(`Payment ${status}`);
  });

  it('refuses a wallet the checkout stopped showing since the order was placed (409, nothing paid)', async () => {
    const { shopper, orderId, key } = await orderAt('freshippo', 'alipay');
    recordVerb(world.repos.integrations, 'freshippo', 'alipay', 'suspend', {
      actor: 'ant.reviewer',
      actorRole: 'reviewer',
      reason: 'Risk review',
      at: world.clock.now().toISOString(),
    });
    const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Suspended by ant.reviewer: Risk review');
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(0);
  });

  it("refuses a forged payment with another wallet than the order's", async () => {
    const { shopper, orderId, key } = await orderAt('eleme', 'alipay');
    const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'unionpay-qr', outcome: 'succeeded', idempotencyKey: key });
    expect(res.status).toBe(409);
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(0);
  });

  it("keeps a shopper's orders private: another shopper gets a 404", async () => {
    const { orderId } = await orderAt('eleme', 'alipay');
    const { shopper: stranger } = await orderAt('youku', 'alipay');
    expect((await stranger.page(`/orders/${orderId}`)).status).toBe(404);
    const res = await stranger.form(`/orders/${orderId}/payments`, {
      wallet: 'alipay',
      outcome: 'succeeded',
      idempotencyKey: 'k'.repeat(24),
    });
    expect(res.status).toBe(404);
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(0);
  });

  it('refuses malformed payment input with a 400 and writes nothing', async () => {
    const { shopper, orderId } = await orderAt('eleme', 'alipay');
    const res = await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'stolen', idempotencyKey: 'short' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('outcome');
    expect(count(world.db, 'payments', 'order_id = ?', orderId)).toBe(0);
    expect((await shopper.page('/orders/not-an-order')).status).toBe(404);
    expect((await shopper.page('/orders/ord_doesnotexist')).status).toBe(404);
  });
});

describe('UnionPay QR and mutual recognition', () => {
  it('in the open scenario, scans with the UnionPay app or with Alipay', async () => {
    const open = newWorld({ scenario: 'open' });
    try {
      const { shopper, orderId, key, cashier } = await orderAt('tmall', 'unionpay-qr', open);
      expect(cashier.text).toContain('Scan with Alipay');
      await shopper
        .form(`/orders/${orderId}/payments`, { wallet: 'unionpay-qr', outcome: 'succeeded', scanWith: 'alipay', idempotencyKey: key })
        .expect(303);
      expect(open.db.prepare('SELECT scanned_with FROM payments WHERE order_id = ?').pluck().get(orderId)).toBe('alipay');
    } finally {
      open.close();
    }
  });

  it('before mutual recognition, Alipay cannot scan a UnionPay code', async () => {
    const early = newWorld({ scenario: 'record', now: '2021-11-01T08:00:00.000Z' });
    try {
      for (const verb of ['request', 'approve', 'launch'] as const) {
        recordVerb(early.repos.integrations, 'kaola', 'unionpay-qr', verb, {
          actor: 'test',
          actorRole: 'operator',
          at: '2021-10-01T00:00:00.000Z',
        });
      }
      const { shopper, orderId, key, cashier } = await orderAt('kaola', 'unionpay-qr', early);
      expect(cashier.text).not.toContain('Scan with Alipay');
      expect(cashier.text).toContain('Alipay cannot scan this code: Alibaba said it had achieved mutual recognition');
      const res = await shopper.form(`/orders/${orderId}/payments`, {
        wallet: 'unionpay-qr',
        outcome: 'succeeded',
        scanWith: 'alipay',
        idempotencyKey: key,
      });
      expect(res.status).toBe(409);
      expect(count(early.db, 'payments', 'order_id = ?', orderId)).toBe(0);
    } finally {
      early.close();
    }
  });
});
