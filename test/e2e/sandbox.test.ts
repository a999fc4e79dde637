import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { e2eSession } from './support/session.ts';
import { addToCart, shownWallets } from './support/shop.ts';

const session = e2eSession('record');

describe('a sandbox: a world of your own, clicked through in the browser', () => {
  it('is created from the Sandboxes page, keeps every link inside, and its clock moves from the banner', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/sandboxes');
    await checkPage(page, 'sandboxes');
    await page.getByLabel('Scenario').selectOption('record');
    await page.getByLabel(/Clock starts at/).fill('2021-09-20T12:00');
    await Promise.all([
      page.waitForURL(/\/sandboxes\/sb_[A-Za-z0-9_-]{16}\/$/),
      page.getByRole('button', { name: 'Create sandbox' }).click(),
    ]);
    const base = new URL(page.url()).pathname.replace(/\/$/, '');
    const banner = page.getByRole('complementary', { name: 'Sandbox' });
    expect(await banner.textContent()).toContain('20 Sept 2021, 12:00 UTC');
    await checkPage(page, 'sandbox-home');

    // Shopping inside the sandbox: every navigation stays under its base path.
    await page.getByRole('link', { name: 'Taobao Deals' }).first().click();
    expect(new URL(page.url()).pathname).toBe(`${base}/shop/taobao-deals`);
    const first = (await page.locator('article.product h2').first().textContent())?.trim() ?? '';
    await addToCart(page, first);
    await page.locator(`a[href="${base}/shop/taobao-deals/cart"]`).first().click();
    await Promise.all([
      page.waitForURL(new RegExp(`${base}/shop/taobao-deals/checkout`)),
      page.getByRole('button', { name: 'Continue to checkout' }).click(),
    ]);
    expect(await shownWallets(page)).toEqual(['Alipay']);

    // The banner's +30 days moves the clock, the clock page says what took effect, and leads back to the same page.
    await Promise.all([
      page.waitForURL(new RegExp(`${base}/sandbox/clock\\?next=`)),
      banner.getByRole('button', { name: '+30 days' }).click(),
    ]);
    expect(await page.getByRole('heading', { name: 'What took effect' }).isVisible()).toBe(true);
    await checkPage(page, 'sandbox-clock-moved');
    await Promise.all([
      page.waitForURL(new RegExp(`${base}/shop/taobao-deals/checkout`)),
      page.getByRole('link', { name: 'Back to where you were' }).click(),
    ]);
    expect(await page.getByRole('complementary', { name: 'Sandbox' }).textContent()).toContain('20 Oct 2021, 12:00 UTC');
    const sandboxId = base.split('/').pop();
    expect(session.app.count('sandboxes', 'id = ? AND deleted_at IS NULL', sandboxId)).toBe(1);
    // The default world did not get the cart.
    expect(session.app.count('cart_items')).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
