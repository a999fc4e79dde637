import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { putInState } from '../support/integrations.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

/** The wallets offered on a checkout page (the radio buttons), and those listed as not available with their reason. */
function offered(html: string): string[] {
  return [...html.matchAll(/<input type="radio" name="wallet" value="([a-z-]+)"/g)].map((m) => m[1]!);
}
function hiddenReason(html: string, wallet: string): string | undefined {
  return new RegExp(
    `data-wallet="${wallet}"[^>]*>\\s*<strong>[^<]+</strong>\\s*<p>[^<]*<a [^>]*><code class="reason">([A-Z_]+)</code>`,
  ).exec(html)?.[1];
}

describe('the record as of 15 Sept 2021', () => {
  it("has Kaola's WeChat Pay neither awaiting approval nor approved: the record reports only that it was live in Sept 2021", async () => {
    const res = await supertest(world.app).get('/api/storefronts/kaola/wallets?asOf=2021-09-15').expect(200);
    const wechat = res.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay');
    expect(wechat.reason).not.toMatch(/PENDING_PROVIDER_APPROVAL|APPROVED_NOT_LIVE/);
    expect(wechat).toMatchObject({ shown: false, reason: 'NOT_REQUESTED', since: null, sincePrecision: null });
    const alipay = res.body.wallets.find((w: { wallet: string }) => w.wallet === 'alipay');
    expect(alipay).toMatchObject({ shown: true, sincePrecision: 'before', sinceLabel: 'before 2021' });
  });

  it('gives every since with its precision, in the decision API and the matrix API', async () => {
    const decision = await supertest(world.app).get('/api/storefronts/kaola/wallets?asOf=2021-10-15').expect(200);
    for (const w of decision.body.wallets) expect(w.since === null).toBe(w.sincePrecision === null);
    expect(decision.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({
      shown: true,
      since: '2021-09-30T23:59:59.999Z',
      sincePrecision: 'before',
      sinceLabel: 'by ≈ late Sept 2021',
    });
    const matrix = await supertest(world.app).get('/api/matrix?asOf=2021-10-15').expect(200);
    for (const cell of matrix.body.cells) {
      expect(cell.since === null, `${cell.storefront}/${cell.wallet}`).toBe(cell.sincePrecision === null);
    }
    expect(
      matrix.body.cells.find((c: { storefront: string; wallet: string }) => c.storefront === 'kaola' && c.wallet === 'wechat-pay'),
    ).toMatchObject({ sincePrecision: 'before', sinceLabel: 'by ≈ late Sept 2021', sinceVerb: 'reported' });
  });
});

describe('a checkout as it stood on a past day', () => {
  it('offers no WeChat Pay at Kaola as of 1 Aug 2021 and says as of when; today it does', async () => {
    const shopper = await shopperWithCart(world, 'kaola');
    const past = await shopper.page('/shop/kaola/checkout?asOf=2021-08-01');
    expect(past.status).toBe(200);
    expect(past.text).toContain('As it stood on <strong>1 Aug 2021</strong>');
    expect(offered(past.text)).toEqual(['alipay']);
    expect(hiddenReason(past.text, 'wechat-pay')).toBe('NOT_REQUESTED');
    // The date carries on: the channel form, the order form and the links keep it.
    expect(past.text).toContain('<input type="hidden" name="asOf" value="2021-08-01">');
    expect(past.text).toContain('href="/shop/kaola/cart?asOf=2021-08-01"');
    expect(past.text).toContain('href="/shop/kaola/checkout?channel=app">Back to today</a>');
    const today = await shopper.page('/shop/kaola/checkout');
    expect(today.text).not.toContain('As it stood on');
    expect(offered(today.text)).toEqual(expect.arrayContaining(['alipay', 'wechat-pay']));
  });

  it('carries the date from the storefront through the cart to the checkout', async () => {
    const shopper = await shopperWithCart(world, 'kaola');
    const shop = await shopper.page('/shop/kaola?asOf=2021-10-15');
    expect(shop.text).toContain('As it stood on <strong>15 Oct 2021</strong>');
    expect(shop.text).toContain('href="/shop/kaola/cart?asOf=2021-10-15"');
    const productId = /name="productId" value="(\d+)"/.exec(shop.text)![1]!;
    // The date rides in the form's action, not in a hidden field copied into each form.
    expect(shop.text).toContain('action="/shop/kaola/cart?asOf=2021-10-15"');
    expect(shop.text).not.toContain('<input type="hidden" name="asOf"');
    const added = await shopper.form('/shop/kaola/cart?asOf=2021-10-15', { productId, quantity: 1 }).expect(303);
    expect(added.headers.location).toBe(`/shop/kaola?added=${productId}&asOf=2021-10-15`);
    const cart = await shopper.page('/shop/kaola/cart?asOf=2021-10-15');
    expect(cart.text).toContain('href="/shop/kaola/checkout?asOf=2021-10-15"');
    const updated = await shopper.form(`/shop/kaola/cart/${productId}?asOf=2021-10-15`, { quantity: 2 }).expect(303);
    expect(updated.headers.location).toBe('/shop/kaola/cart?asOf=2021-10-15');
    const bad = await shopper.page('/shop/kaola/cart?asOf=2021-02-30');
    expect(bad.status).toBe(400);
  });

  it('places and pays an order as of 15 Oct 2021 with WeChat Pay, and marks the receipt and My orders with that date', async () => {
    const shopper = await shopperWithCart(world, 'kaola');
    const placed = await shopper.form('/shop/kaola/orders?asOf=2021-10-15', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
    const row = world.db.prepare('SELECT wallet_slug, placed_as_of, status FROM orders WHERE id = ?').get(orderId);
    expect(row).toEqual({ wallet_slug: 'wechat-pay', placed_as_of: '2021-10-15T23:59:59.999Z', status: 'awaiting_payment' });
    const cashier = await shopper.page(`/orders/${orderId}/pay`);
    expect(cashier.text).toContain('As it stood on <strong>15 Oct 2021</strong>');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
    await shopper.form(`/orders/${orderId}/payments`, { wallet: 'wechat-pay', outcome: 'succeeded', idempotencyKey: key }).expect(303);
    expect(count(world.db, 'payments', "order_id = ? AND outcome = 'succeeded'", orderId)).toBe(1);
    const receipt = await shopper.page(`/orders/${orderId}`);
    expect(receipt.text).toContain('Payment received');
    expect(receipt.text).toContain('As it stood on 15 Oct 2021');
    expect(receipt.text).toContain(`href="/shop/kaola?asOf=2021-10-15"`);
    const list = await shopper.page('/orders');
    expect(list.text).toContain('as of 15 Oct 2021');
  });

  it('refuses, as of 1 Aug 2021, an order for a wallet the checkout did not offer then, and shows the checkout again at that date', async () => {
    const shopper = await shopperWithCart(world, 'kaola');
    const orders = count(world.db, 'orders');
    const refused = await shopper.form('/shop/kaola/orders?asOf=2021-08-01', { channel: 'app', wallet: 'wechat-pay' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('As it stood on <strong>1 Aug 2021</strong>');
    expect(refused.text).toContain('No report yet of WeChat Pay offered or asked for at Kaola');
    expect(count(world.db, 'orders')).toBe(orders);
  });

  it("pays an order placed in the past with the decision of its day, not today's", async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    // Alipay is suspended there today; the order lives on 15 Oct 2021, when Alipay was live.
    const placed = await shopper.form('/shop/taobao-deals/orders?asOf=2021-10-15', { channel: 'app', wallet: 'alipay' }).expect(303);
    const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
    putInState(world, 'taobao-deals', 'alipay', 'suspended');
    const cashier = await shopper.page(`/orders/${orderId}/pay`);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
    await shopper.form(`/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key }).expect(303);
    expect(world.db.prepare('SELECT status FROM orders WHERE id = ?').pluck().get(orderId)).toBe('paid');
  });
});

describe('QR mutual recognition at the UnionPay cashier, at the decision time', () => {
  it('refuses "Scan with Alipay" as of 15 Oct 2021 and 1 Dec 2021 with its reason, and takes it as of 6 Dec 2021 (after the week of 001\'s "last week")', async () => {
    // A world where UnionPay QR is live at Ele.me from 2021.
    world.clock.set('2021-01-02T00:00:00.000Z');
    putInState(world, 'eleme', 'unionpay-qr', 'live');
    world.clock.set('2026-11-22T09:00:00.000Z');

    const before = await shopperWithCart(world, 'eleme');
    const early = await before.form('/shop/eleme/orders?asOf=2021-10-15', { channel: 'app', wallet: 'unionpay-qr' }).expect(303);
    const earlyId = /\/orders\/([\w-]+)\/pay/.exec(early.headers.location!)![1]!;
    const earlyCashier = await before.page(`/orders/${earlyId}/pay`);
    expect(earlyCashier.text).not.toContain('Scan with Alipay');
    expect(earlyCashier.text).toContain('Alipay cannot scan this code as of 15 Oct 2021: Alibaba said it had achieved mutual recognition');
    const earlyKey = /name="idempotencyKey" value="([^"]+)"/.exec(earlyCashier.text)![1]!;
    const refused = await before.form(`/orders/${earlyId}/payments`, {
      wallet: 'unionpay-qr',
      outcome: 'succeeded',
      scanWith: 'alipay',
      idempotencyKey: earlyKey,
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Alipay cannot scan UnionPay QR codes here: QR mutual recognition is not in effect as of 15 Oct 2021.');
    expect(count(world.db, 'payments', 'order_id = ?', earlyId)).toBe(0);

    const after = await shopperWithCart(world, 'eleme');
    const during = await shopperWithCart(world, 'eleme');
    const inWeek = await during.form('/shop/eleme/orders?asOf=2021-12-01', { channel: 'app', wallet: 'unionpay-qr' }).expect(303);
    const inWeekCashier = await during.page(inWeek.headers.location!);
    expect(inWeekCashier.text).not.toContain('Scan with Alipay');
    expect(inWeekCashier.text).toContain('≈ 29 Nov – 5 Dec 2021');
    const late = await after.form('/shop/eleme/orders?asOf=2021-12-06', { channel: 'app', wallet: 'unionpay-qr' }).expect(303);
    const lateId = /\/orders\/([\w-]+)\/pay/.exec(late.headers.location!)![1]!;
    const lateCashier = await after.page(`/orders/${lateId}/pay`);
    expect(lateCashier.text).toContain('Scan with Alipay');
    expect(lateCashier.text).toContain("the simulator's reading of Alibaba's statement");
    const lateKey = /name="idempotencyKey" value="([^"]+)"/.exec(lateCashier.text)![1]!;
    await after
      .form(`/orders/${lateId}/payments`, { wallet: 'unionpay-qr', outcome: 'succeeded', scanWith: 'alipay', idempotencyKey: lateKey })
      .expect(303);
    expect(world.db.prepare('SELECT scanned_with FROM payments WHERE order_id = ?').pluck().get(lateId)).toBe('alipay');
  });
});
