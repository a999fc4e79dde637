import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { DECLINE_REASONS } from '../../src/domain/decline-reasons.ts';
import { webhookMessageViolation } from '../support/contract.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { verifiedWith, webhookReceiver } from '../support/webhook-receiver.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

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
const newKey = () => `reason-key-${process.pid}-${++keys}-${Date.now()}`;

async function subscribe(events: string[]) {
  const admin = apiTokenFor(world, 'admin');
  const { body } = await supertest(world.app)
    .post('/api/webhooks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ url: receiver.url, events })
    .expect(201);
  return body as { secret: string };
}

async function deliverAll() {
  const sender = webhookDispatcher({
    repos: world.repos,
    clock: world.clock,
    logger: pino({ level: 'silent' }),
    allow: ['loopback'],
    retry: { schedule: [1000], jitter: 0 },
  });
  return sender.deliverDue();
}

/** The messages received, each verified with its endpoint's secret. */
function verified(secret: string) {
  return receiver.received.map((got) => verifiedWith(secret, got) as { type: string; data: Record<string, unknown> });
}

async function apiOrder(storefront: string, wallet: string, shopper: string) {
  const { body: shop } = await supertest(world.app).get(`/api/storefronts/${storefront}`).expect(200);
  const { body } = await supertest(world.app)
    .post('/api/orders')
    .set('Idempotency-Key', newKey())
    .send({ storefront, shopper, channel: 'app', wallet, items: [{ product: shop.products[0].id, quantity: 1 }] })
    .expect(201);
  return body.id as string;
}

describe('decline reasons', () => {
  it('the API answers each reason with its sentence and the wallet’s own code, the row keeps it, and payment.<outcome> carries it', async () => {
    const hook = await subscribe(['payment.*']);
    for (const reason of DECLINE_REASONS) {
      const orderId = await apiOrder('eleme', 'alipay', `s-${reason.code}`);
      const { body } = await supertest(world.app)
        .post(`/api/orders/${orderId}/payments`)
        .set('Idempotency-Key', newKey())
        .send({ shopper: `s-${reason.code}`, outcome: reason.outcome, reason: reason.code })
        .expect(201);
      const own = reason.walletCodes.alipay;
      expect(body.payment).toMatchObject({
        outcome: reason.outcome,
        declineReason: { code: reason.code, message: reason.sentence, ...(own ? { walletCode: own.code, source: own.source } : {}) },
      });
      if (!own) expect(body.payment.declineReason.walletCode).toBeUndefined();
      expect(world.db.prepare('SELECT outcome, reason_code FROM payments WHERE order_id = ?').get(orderId)).toEqual({
        outcome: reason.outcome,
        reason_code: reason.code,
      });
    }
    expect(await deliverAll()).toBe(DECLINE_REASONS.length);
    const messages = verified(hook.secret);
    for (const reason of DECLINE_REASONS) {
      const message = messages.find((m) => (m.data.payment as { declineReason: { code: string } }).declineReason.code === reason.code);
      expect(message?.type).toBe(`payment.${reason.outcome}`);
      expect(webhookMessageViolation('payment', message)).toBeNull();
    }
  });

  it('a reason of another outcome is 422 naming reason, and nothing is written', async () => {
    const orderId = await apiOrder('eleme', 'alipay', 's-mismatch');
    const { body } = await supertest(world.app)
      .post(`/api/orders/${orderId}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 's-mismatch', outcome: 'declined', reason: 'QR_CODE_EXPIRED' })
      .expect(422);
    expect(body.errors).toEqual([{ path: 'reason', message: expect.any(String) }]);
    expect(world.db.prepare('SELECT count(*) FROM payments WHERE order_id = ?').pluck().get(orderId)).toBe(0);
  });

  it('the cashier offers every reason; the receipt and Try again show the sentence and the code', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const placed = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
    const cashier = await shopper.page(`/orders/${orderId}/pay`);
    for (const reason of DECLINE_REASONS) expect(cashier.text).toContain(`name="reason" value="${reason.code}"`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
    await shopper
      .form(`/orders/${orderId}/payments`, { wallet: 'wechat-pay', outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH', idempotencyKey: key })
      .expect(303);
    const receipt = await shopper.page(`/orders/${orderId}`);
    expect(receipt.text).toContain('Your balance is not enough for this payment.');
    expect(receipt.text).toContain('BALANCE_NOT_ENOUGH');
    expect(receipt.text).toContain('NOTENOUGH');
    expect(receipt.text).toMatch(/data-reason="BALANCE_NOT_ENOUGH"/);
    expect(world.db.prepare('SELECT reason_code FROM payments WHERE order_id = ?').pluck().get(orderId)).toBe('BALANCE_NOT_ENOUGH');
  });

  it('/reasons lists every reason with its wallet codes and sources, and the magic amounts', async () => {
    const page = await supertest(world.app).get('/reasons').expect(200);
    for (const reason of DECLINE_REASONS) {
      expect(page.text).toContain(`id="${reason.code}"`);
      for (const own of Object.values(reason.walletCodes)) expect(page.text).toContain(own.code);
    }
    expect(page.text).toContain('no public code found');
    expect(page.text).toContain('id="magic-amounts"');
  });
});

describe('waiting for the scan', () => {
  it('a WeChat Pay order goes scanned → awaiting confirmation → paid; order.scanned is sent once', async () => {
    const hook = await subscribe(['order.scanned', 'payment.succeeded']);
    const orderId = await apiOrder('eleme', 'wechat-pay', 'scanner');
    const scanned = await supertest(world.app).post(`/api/orders/${orderId}/scan`).send({ shopper: 'scanner' }).expect(200);
    expect(scanned.body.status).toBe('awaiting_confirmation');
    await supertest(world.app).post(`/api/orders/${orderId}/scan`).send({ shopper: 'scanner' }).expect(200);
    const row = world.db.prepare('SELECT status, scanned_at FROM orders WHERE id = ?').get(orderId) as {
      status: string;
      scanned_at: string;
    };
    expect(row.status).toBe('awaiting_payment');
    expect(row.scanned_at).toEqual(expect.any(String));
    const got = await supertest(world.app).get(`/api/orders/${orderId}?shopper=scanner`).expect(200);
    expect(got.body.status).toBe('awaiting_confirmation');
    const paid = await supertest(world.app)
      .post(`/api/orders/${orderId}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'scanner', outcome: 'succeeded' })
      .expect(201);
    expect(paid.body.order.status).toBe('paid');
    expect(await deliverAll()).toBe(2);
    expect(verified(hook.secret).map((m) => m.type)).toEqual(['order.scanned', 'payment.succeeded']);
    expect(webhookMessageViolation('order', verified(hook.secret)[0])).toBeNull();
  });

  it('a scanned UnionPay QR order can be declined; an Alipay order cannot be scanned (409)', async () => {
    world.close();
    world = newWorld({ scenario: 'open', now: new Date().toISOString() });
    const orderId = await apiOrder('eleme', 'unionpay-qr', 'u-1');
    await supertest(world.app).post(`/api/orders/${orderId}/scan`).send({ shopper: 'u-1' }).expect(200);
    const declined = await supertest(world.app)
      .post(`/api/orders/${orderId}/payments`)
      .set('Idempotency-Key', newKey())
      .send({ shopper: 'u-1', outcome: 'declined', reason: 'RISK_CONTROL' })
      .expect(201);
    expect(declined.body.order.status).toBe('failed');
    expect(declined.body.payment.declineReason.code).toBe('RISK_CONTROL');
    const alipay = await apiOrder('eleme', 'alipay', 'u-2');
    const refused = await supertest(world.app).post(`/api/orders/${alipay}/scan`).send({ shopper: 'u-2' }).expect(409);
    expect(refused.body.code).toBe('conflict');
    expect(world.db.prepare('SELECT scanned_at FROM orders WHERE id = ?').pluck().get(alipay)).toBeNull();
  });

  it('the WeChat Pay cashier offers the scan, and the receipt then says it awaits confirmation', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const placed = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
    expect((await shopper.page(`/orders/${orderId}/pay`)).text).toContain(`/orders/${orderId}/scan`);
    await shopper.form(`/orders/${orderId}/scan`, {}).expect(303).expect('location', `/orders/${orderId}/pay`);
    const cashier = await shopper.page(`/orders/${orderId}/pay`);
    expect(cashier.text).toContain('data-status="awaiting_confirmation"');
    expect(cashier.text).not.toContain(`/orders/${orderId}/scan`);
    expect((await shopper.page(`/orders/${orderId}`)).text).toContain('Scanned, awaiting confirmation');
    expect(world.db.prepare('SELECT scanned_at FROM orders WHERE id = ?').pluck().get(orderId)).toEqual(expect.any(String));
  });
});
