import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { e2eSession } from './support/session.ts';
import { addToCart, cartAndCheckout, payOnCashier, placeOrderWith, shownWallets } from './support/shop.ts';

const session = e2eSession('record');

describe('a shopper at Ele.me in the 2021 record', () => {
  it('walks from the home page to the checkout and sees Alipay and WeChat Pay offered', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Storefronts', level: 1 }).isVisible()).toBe(true);
    const elemeCard = page.locator('.storefront-card', { has: page.getByRole('link', { name: 'Ele.me' }) });
    expect(await elemeCard.locator('.wallet-badge.state-live').allTextContents()).toEqual(['Alipay', 'WeChat Pay']);
    await checkPage(page, 'home');

    await page.getByRole('link', { name: 'Ele.me' }).click();
    await page.waitForURL(/\/shop\/eleme$/);
    await addToCart(page, 'Lanzhou beef noodles', 2);
    expect(await page.getByRole('status').textContent()).toContain('Added Lanzhou beef noodles to your cart.');
    // Links styled as buttons carry role="button".
    expect(await page.getByRole('button', { name: 'Cart (2)' }).isVisible()).toBe(true);
    await checkPage(page, 'storefront');

    await page.getByRole('button', { name: 'Cart (2)' }).click();
    await page.waitForURL(/\/cart$/);
    expect(await page.locator('tfoot').textContent()).toContain('¥56.00');
    await checkPage(page, 'cart');

    await page.getByRole('button', { name: 'Continue to checkout' }).click();
    await page.waitForURL(/\/checkout$/);
    expect(await shownWallets(page)).toEqual(['Alipay', 'WeChat Pay']);
    await checkPage(page, 'checkout');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pays with Alipay and gets a receipt', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'Alipay');
    expect(await page.getByRole('heading', { name: 'Alipay cashier' }).isVisible()).toBe(true);
    await checkPage(page, 'cashier-alipay');

    await payOnCashier(page, 'Confirm payment');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt-facts').textContent()).toContain('Alipay');
    await checkPage(page, 'receipt');
    expect(session.app.count('orders', "id = ? AND status = 'paid' AND wallet_slug = 'alipay'", orderId)).toBe(1);
    expect(session.app.count('payments', "order_id = ? AND outcome = 'succeeded'", orderId)).toBe(1);

    await page.getByRole('link', { name: 'My orders' }).first().click();
    await page.waitForURL(/\/orders$/);
    expect(await page.locator('tbody tr').filter({ hasText: orderId }).textContent()).toContain('Alipay');
    await checkPage(page, 'my-orders');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('tries again after a declined payment and pays the same order; a cancelled order puts the items back in the cart', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'Alipay');
    await page.getByText('Simulate another outcome').click();
    await payOnCashier(page, 'Balance not enough');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment failed');
    // The receipt says why, in the shopper's words and with the code a test asserts.
    expect(await page.locator('main').textContent()).toContain('Your balance is not enough for this payment.');
    expect(await page.locator('main').textContent()).toContain('BALANCE_NOT_ENOUGH');
    await checkPage(page, 'receipt-failed');

    // Another wallet the checkout shows, then one click on the cashier.
    await page.getByRole('radio', { name: /WeChat Pay/ }).check();
    await Promise.all([page.waitForURL(`**/orders/${orderId}/pay`), page.getByRole('button', { name: /Try again/ }).click()]);
    await payOnCashier(page, 'Simulate scan and pay');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(session.app.count('orders', "id = ? AND status = 'paid' AND wallet_slug = 'wechat-pay'", orderId)).toBe(1);
    expect(session.app.count('payments', 'order_id = ?', orderId)).toBe(2);

    await cartAndCheckout(page, 'youku');
    const cancelled = await placeOrderWith(page, 'Alipay');
    await page.getByText('Simulate another outcome').click();
    await payOnCashier(page, 'Cancel');
    expect(await page.locator('.receipt').textContent()).toContain('its items are back in');
    await page.getByRole('link', { name: /your cart at Youku/ }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(session.app.count('orders', "id = ? AND status = 'cancelled'", cancelled)).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pays with WeChat Pay by scanning a real QR code and gets a receipt', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'WeChat Pay');
    const qr = page.getByRole('img', { name: /WeChat Pay QR code/ });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await checkPage(page, 'cashier-wechat-pay');

    await payOnCashier(page, 'Simulate scan and pay');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt-facts').textContent()).toContain('WeChat Pay');
    expect(session.app.count('orders', "id = ? AND status = 'paid' AND wallet_slug = 'wechat-pay'", orderId)).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('makes one payment when the pay button is double-clicked', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'Alipay');
    // The second click resubmits the form and aborts the first navigation, so wait for where the browser lands, not for one navigation.
    await page.getByRole('button', { name: 'Confirm payment', exact: true }).dblclick();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/orders\/ord_[^/]+$/);
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt li').allTextContents()).toHaveLength(1);
    expect(session.app.count('payments', 'order_id = ?', orderId)).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('makes one payment when the connection drops after paying and the shopper resubmits the form', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'eleme');
    const orderId = await placeOrderWith(page, 'WeChat Pay');
    let arrivals = 0;
    await page.route('**/orders/*/payments', async (route) => {
      arrivals += 1;
      if (arrivals > 1) return route.continue();
      // The server takes the payment, but its answer never reaches the browser.
      await route.fetch({ maxRedirects: 0 });
      await route.abort('connectionreset');
    });
    await page
      .getByRole('button', { name: 'Simulate scan and pay', exact: true })
      .click()
      .catch(() => {});
    await expect.poll(() => arrivals).toBe(1);
    expect(session.app.count('payments', 'order_id = ?', orderId)).toBe(1);
    // The browser shows its own "connection reset" page for the POST.
    await expect.poll(() => page.url()).toMatch(/^chrome-error:/);
    await page.waitForLoadState('load');

    // Reloading the failed POST sends the same form, with the same idempotency key, again.
    await page.reload();
    await page.waitForURL(/\/orders\/ord_[^/]+$/);
    expect(arrivals).toBe(2);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Payment received');
    expect(await page.locator('.receipt li').allTextContents()).toHaveLength(1);
    expect(session.app.count('payments', 'order_id = ?', orderId)).toBe(1);
    expect(problems.filter((p) => !p.includes('ERR_CONNECTION_RESET'))).toEqual([]);
    await context.close();
  });
});

describe('a shopper who follows a bad link', () => {
  it('gets a "not found" page that still passes the checks', async () => {
    const { page, context, problems } = await session.visitor();
    const response = await page.goto('/shop/no-such-shop');
    expect(response?.status()).toBe(404);
    expect(await page.locator('main').textContent()).toContain('no-such-shop');
    await checkPage(page, 'not-found');
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await context.close();
  });
});

describe('a shopper at Taobao Deals in the 2021 record', () => {
  it('sees WeChat Pay under "Not available here", awaiting Tencent\'s approval', async () => {
    const { page, context, problems } = await session.visitor();
    await cartAndCheckout(page, 'taobao-deals');
    expect(await shownWallets(page)).toEqual(['Alipay']);
    const notAvailable = page.locator('section.not-available');
    expect(await notAvailable.getByRole('heading', { name: 'Not available here' }).isVisible()).toBe(true);
    const wechat = notAvailable.locator('[data-wallet="wechat-pay"]');
    expect(await wechat.locator('.reason').textContent()).toBe('PENDING_PROVIDER_APPROVAL');
    expect(await wechat.textContent()).toContain("awaiting Tencent's approval");
    await checkPage(page, 'checkout-taobao-deals');
    expect(problems).toEqual([]);
    await context.close();
  });
});
