import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { e2eSession } from './support/session.ts';
import { cartAndCheckout, payOnCashier, placeOrderWith, shownWallets } from './support/shop.ts';

const session = e2eSession('open');

describe('UnionPay QR in the open scenario (every wallet live, QR mutual recognition in effect)', () => {
  it('offers all three wallets at Ele.me', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    expect(await shownWallets(page)).toEqual(['Alipay', 'WeChat Pay', 'UnionPay QR']);
    expect(await page.locator('section.not-available').count()).toBe(0);
    await checkPage(page, 'checkout-open');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pays a UnionPay QR code by scanning it with Alipay', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'UnionPay QR');
    expect(await page.getByRole('heading', { name: 'UnionPay QR' }).isVisible()).toBe(true);
    const qr = page.getByRole('img', { name: /UnionPay QR code/ });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await page.locator('figcaption').textContent()).toBe('Scan with a UnionPay app or Alipay');
    await checkPage(page, 'cashier-unionpay-qr');

    await payOnCashier(page, 'Scan with Alipay');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt').textContent()).toContain('scanned with Alipay');
    expect(session.app.count('payments', "order_id = ? AND outcome = 'succeeded' AND scanned_with = 'alipay'", orderId)).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pays a UnionPay QR code with the UnionPay app', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'kaola');
    const orderId = await placeOrderWith(page, 'UnionPay QR');
    await payOnCashier(page, 'Scan with the UnionPay app');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt').textContent()).toContain('scanned with the UnionPay app');
    expect(session.app.count('orders', "id = ? AND status = 'paid' AND wallet_slug = 'unionpay-qr'", orderId)).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
