import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newShopper } from './support/browser.ts';
import { checkPage } from './support/checks.ts';
import { perform, signIn, signOut } from './support/console.ts';
import { startApp, type RunningApp } from './support/server.ts';
import { cartAndCheckout, shownWallets } from './support/shop.ts';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ scenario: 'record' }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const TAOBAO_WECHAT = '/console/integrations/taobao/wechat-pay';
const stateOf = (storefront: string, wallet: string) => (count: (t: string, w: string, ...p: unknown[]) => number, state: string) =>
  count('integrations', 'storefront_slug = ? AND wallet_slug = ? AND state = ?', storefront, wallet, state);

describe('signing in and out of the console', () => {
  it('sends a signed-out visitor to the sign-in page, refuses a wrong password, and signs in and out', async () => {
    const { page, context, problems } = await newShopper(browser, app.baseUrl);
    await page.goto('/console');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkPage(page, 'sign-in');

    await page.getByLabel('Username').fill('ali.ops');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').textContent()).toMatch(/username or password/i);
    expect(app.count('sessions')).toBe(0);

    await signIn(page, 'ali.ops');
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(app.count('sessions')).toBe(1);
    await checkPage(page, 'console-inbox');
    await page.goto('/console/integrations');
    expect(await page.locator('main').textContent()).toContain('Taobao Deals');
    await checkPage(page, 'console-integrations');
    await page.goto('/account');
    await checkPage(page, 'account');

    await signOut(page);
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(app.count('sessions')).toBe(0);
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await context.close();
  });
});

describe('the approval story: WeChat Pay at Taobao', () => {
  it('is requested by ali.ops, approved by tencent.reviewer, launched by ali.ops, and then offered at checkout', async () => {
    const shopper = await newShopper(browser, app.baseUrl);
    await cartAndCheckout(shopper.page, 'taobao');
    expect(await shopper.page.locator('[data-wallet="wechat-pay"] .reason').textContent()).toBe('NOT_REQUESTED');

    const staff = await newShopper(browser, app.baseUrl);
    const { page } = staff;
    const isIn = stateOf('taobao', 'wechat-pay');
    await signIn(page, 'ali.ops');
    await page.goto(TAOBAO_WECHAT);
    await checkPage(page, 'console-integration');
    await perform(page, 'request', { reason: 'Regulators asked us to accept WeChat Pay.' });
    expect(await page.getByRole('status').textContent()).toContain('Requested.');
    expect(isIn(app.count, 'requested')).toBe(1);
    // Nobody approves their own request: the operator is offered no approve form.
    expect(await page.locator('form[data-verb="approve"]').count()).toBe(0);
    await signOut(page);

    await signIn(page, 'tencent.reviewer');
    expect(await page.locator('main').textContent()).toContain('Taobao');
    await page.goto(TAOBAO_WECHAT);
    await perform(page, 'approve', { reason: 'Technical review passed.' });
    expect(await page.getByRole('status').textContent()).toContain('Approved.');
    expect(isIn(app.count, 'approved')).toBe(1);
    await signOut(page);

    await shopper.page.reload();
    expect(await shopper.page.locator('[data-wallet="wechat-pay"] .reason').textContent()).toBe('APPROVED_NOT_LIVE');

    await signIn(page, 'ali.ops');
    await page.goto(TAOBAO_WECHAT);
    expect(await page.locator('[data-state]').first().getAttribute('data-state')).toBe('approved');
    await checkPage(page, 'console-integration-approved');
    await perform(page, 'launch', { rolloutPercent: '100', allChannels: true, reason: 'Go live.' });
    expect(await page.getByRole('status').textContent()).toContain('Launched.');
    expect(isIn(app.count, 'live')).toBe(1);
    expect(app.count('integration_events', "verb IN ('request', 'approve', 'launch') AND actor IN ('ali.ops', 'tencent.reviewer')")).toBe(3);

    await shopper.page.reload();
    expect((await shownWallets(shopper.page)).sort()).toEqual(['Alipay', 'WeChat Pay']);
    expect(await shopper.page.locator('[data-wallet="wechat-pay"]').count()).toBe(0);
    await checkPage(shopper.page, 'checkout-after-launch');
    expect([...shopper.problems, ...staff.problems]).toEqual([]);
    await shopper.context.close();
    await staff.context.close();
  });

  it('refuses an action sent from a page that has gone stale, and says why', async () => {
    const { page, context, problems } = await newShopper(browser, app.baseUrl);
    await signIn(page, 'tencent.reviewer');
    const path = '/console/integrations/idle-fish/wechat-pay';
    await page.goto(path);
    const other = await context.newPage();
    await other.goto(path);

    await perform(page, 'approve', { reason: 'Looks fine.' });
    expect(app.count('integrations', "storefront_slug = 'idle-fish' AND wallet_slug = 'wechat-pay' AND state = 'approved'")).toBe(1);

    // The second tab still offers "reject" for the request that is already approved.
    await perform(other, 'reject', { reason: 'Not yet.' });
    expect(await other.getByRole('alert').textContent()).toMatch(/changed|approved/i);
    expect(app.count('integrations', "storefront_slug = 'idle-fish' AND wallet_slug = 'wechat-pay' AND state = 'approved'")).toBe(1);
    expect(app.count('integration_events', "verb = 'reject'")).toBe(0);
    await checkPage(other, 'console-refused');
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    await context.close();
  });
});
