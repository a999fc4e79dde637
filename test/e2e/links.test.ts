import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { e2eSession } from './support/session.ts';
import { addToCart, shownWallets } from './support/shop.ts';

const session = e2eSession('record');

describe('links across the walls: a Taobao link shared in WeChat, tapped on two days of 2021', () => {
  it('15 Oct 2021: a second confirmation, then Taobao opened in WeChat, where the checkout hides WeChat Pay and says why', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/hosts/wechat/one_to_one?asOf=2021-10-15');
    const taobao = page.locator('.bubble[data-platform="taobao"]');
    expect(await taobao.getAttribute('data-behaviour')).toBe('confirm_twice');
    expect(await page.locator('.bubble[data-platform="jd"] .rich-card').count()).toBe(1);
    await checkPage(page, 'wechat-chat');

    await taobao.getByRole('link', { name: /Open/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Open this link?');
    expect(await page.locator('.step-count').textContent()).toContain('Step 1 of 1 extra tap');
    await checkPage(page, 'wechat-second-confirmation');

    await Promise.all([page.waitForURL(/\/shop\/taobao\?/), page.getByRole('button', { name: 'Confirm and open' }).click()]);
    expect(await page.locator('.opened-in').textContent()).toContain('Opened in WeChat');
    expect(await page.locator('.arrival').textContent()).toContain('after 1 extra tap');
    await checkPage(page, 'taobao-opened-in-wechat');

    const first = (await page.locator('article.product h2').first().textContent())?.trim() ?? '';
    await addToCart(page, first);
    await page.locator('a[href*="/shop/taobao/cart"]').first().click();
    await Promise.all([page.waitForURL(/\/shop\/taobao\/checkout/), page.getByRole('button', { name: 'Continue to checkout' }).click()]);
    expect(new URL(page.url()).searchParams.get('host')).toBe('wechat');
    expect(await shownWallets(page)).toEqual(['Alipay']);
    expect(await page.locator('main').textContent()).toContain('No report yet of WeChat Pay offered or asked for at Taobao');
    await checkPage(page, 'taobao-checkout-in-wechat');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('1 Aug 2021: the same tap stops at the blocked page', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/hosts/wechat/one_to_one?asOf=2021-08-01');
    await page.locator('.bubble[data-platform="taobao"]').getByRole('link', { name: /Open/ }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('WeChat cannot open this link');
    await checkPage(page, 'wechat-blocked');
    expect(session.app.count('orders')).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('JD opened in WeChat: WeChat Pay offered, Alipay walled out by WeChat, and the checkout says so', async () => {
    const { page, context, problems } = await session.visitor();
    // From the night of 29 Nov WeChat opens external links directly in one-to-one chats (003); how a JD link opens in a group chat is not in the record.
    await page.goto('/hosts/wechat/one_to_one?asOf=2021-12-01');
    await Promise.all([
      page.waitForURL(/\/shop\/jd\?/),
      page.locator('.bubble[data-platform="jd"]').getByRole('link', { name: /Open/ }).click(),
    ]);
    const first = (await page.locator('article.product h2').first().textContent())?.trim() ?? '';
    await addToCart(page, first);
    await page.locator('a[href*="/shop/jd/cart"]').first().click();
    await Promise.all([page.waitForURL(/\/shop\/jd\/checkout/), page.getByRole('button', { name: 'Continue to checkout' }).click()]);
    expect(await shownWallets(page)).toEqual(['WeChat Pay']);
    expect(await page.locator('main').textContent()).toContain('Opened in WeChat, which walls Alipay out');
    expect(problems).toEqual([]);
    await context.close();
  });
});
