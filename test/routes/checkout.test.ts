import { beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { browserAgent, count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

describe('the checkout page', () => {
  it('at Ele.me offers Alipay and WeChat Pay and explains UnionPay QR', async () => {
    const shopper = await shopperWithCart(world, 'eleme', 'beef-noodles');
    const res = await shopper.page('/shop/eleme/checkout');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/name="wallet" value="alipay"/);
    expect(res.text).toMatch(/name="wallet" value="wechat-pay"/);
    expect(res.text).not.toMatch(/name="wallet" value="unionpay-qr"/);
    expect(res.text).toContain('Not available here');
    // The sentence leads; the code is a small label after it, linked to /reasons.
    expect(res.text).toMatch(
      /UnionPay QR<\/strong>\s*<p>No report yet of UnionPay QR [^<]*assumes the walled-garden default[^<]*<a href="\/reasons#NOT_REQUESTED"[^>]*><code class="reason">NOT_REQUESTED/,
    );
    expect(res.text).toContain('¥28.00');
  });

  it("at Taobao Deals lists WeChat Pay as not available: awaiting Tencent's approval", async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const res = await shopper.page('/shop/taobao-deals/checkout');
    expect(res.text).not.toMatch(/name="wallet" value="wechat-pay"/);
    expect(res.text).toMatch(
      /WeChat Pay<\/strong>\s*<p>[^<]*<a href="\/reasons#PENDING_PROVIDER_APPROVAL"[^>]*><code class="reason">PENDING_PROVIDER_APPROVAL/,
    );
    expect(res.text).toContain('Taobao Deals has asked to offer WeChat Pay; awaiting Tencent&#39;s approval.');
  });

  it('follows the channel selector, and refuses an unknown channel with a 400 that says what to pick', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const page = await shopper.page('/shop/eleme/checkout?channel=desktop_web');
    expect(page.text).toMatch(/<option value="desktop_web" selected>/);
    const bad = await shopper.page('/shop/eleme/checkout?channel=fax');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('one of: app, mini_program, mobile_web, desktop_web');
  });

  it('sends an empty cart back to the cart page', async () => {
    const shopper = await browserAgent(world);
    const res = await shopper.page('/shop/eleme/checkout');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/shop/eleme/cart');
  });
});

describe('placing an order', () => {
  it('turns the cart into an order awaiting payment and opens the cashier', async () => {
    const shopper = await shopperWithCart(world, 'eleme', 'kung-pao');
    const res = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
    const id = /^\/orders\/(ord_[\w-]+)\/pay$/.exec(res.headers.location!)![1]!;
    expect(world.db.prepare('SELECT status, wallet_slug, total_fen, channel FROM orders WHERE id = ?').get(id)).toEqual({
      status: 'awaiting_payment',
      wallet_slug: 'wechat-pay',
      total_fen: 3200,
      channel: 'app',
    });
    expect(count(world.db, 'order_items', 'order_id = ?', id)).toBe(1);
    expect((await shopper.page('/shop/eleme/cart')).text).toContain('Your cart is empty');
  });

  it('refuses a forged order paying Taobao Deals with WeChat Pay, and writes nothing', async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const before = count(world.db, 'orders');
    const res = await shopper.form('/shop/taobao-deals/orders', { channel: 'app', wallet: 'wechat-pay' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(
      'WeChat Pay is not available for this order: Taobao Deals has asked to offer WeChat Pay; awaiting Tencent&#39;s approval.',
    );
    expect(count(world.db, 'orders')).toBe(before);
    expect((await shopper.page('/shop/taobao-deals/cart')).text).not.toContain('Your cart is empty');
  });

  it('re-renders the checkout with a field error when no wallet is chosen', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const before = count(world.db, 'orders');
    const res = await shopper.form('/shop/eleme/orders', { channel: 'app' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('choose a wallet to pay with');
    expect(count(world.db, 'orders')).toBe(before);
  });
});
