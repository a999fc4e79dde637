import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { perform, signIn, signOut } from './support/console.ts';
import { e2eSession } from './support/session.ts';
import { cartAndCheckout, shownWallets } from './support/shop.ts';

const session = e2eSession('record');

const TAOBAO_WECHAT = '/console/integrations/taobao/wechat-pay';
/** How many integrations storefront × wallet are in `state` (0 or 1). */
const rowsIn = (storefront: string, wallet: string, state: string) =>
  session.app.count('integrations', 'storefront_slug = ? AND wallet_slug = ? AND state = ?', storefront, wallet, state);

describe('signing in and out of the console', () => {
  it('sends a signed-out visitor to the sign-in page, refuses a wrong password, and signs in and out', async () => {
    const { page, context, problems } = await session.visitor();
    // Other tests of this file share the server and may have left their sessions open.
    const sessionsBefore = session.app.count('sessions');
    await page.goto('/console');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkPage(page, 'sign-in');

    await page.getByLabel('Username').fill('ali.ops');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('alert').textContent()).toMatch(/username or password/i);
    expect(session.app.count('sessions')).toBe(sessionsBefore);

    await signIn(page, 'ali.ops');
    expect(new URL(page.url()).pathname).toBe('/console');
    expect(session.app.count('sessions')).toBe(sessionsBefore + 1);
    await checkPage(page, 'console-inbox');
    await page.goto('/console/integrations');
    expect(await page.locator('main').textContent()).toContain('Taobao Deals');
    await checkPage(page, 'console-integrations');
    await page.goto('/account');
    await checkPage(page, 'account');

    await signOut(page);
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(session.app.count('sessions')).toBe(sessionsBefore);
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await context.close();
  });
});

describe('the approval story: WeChat Pay at Taobao', () => {
  it('is requested by ali.ops, approved by tencent.reviewer, launched by ali.ops, and then offered at checkout', async () => {
    const shopper = await session.visitor();
    await cartAndCheckout(shopper.page, 'taobao');
    expect(await shopper.page.locator('[data-wallet="wechat-pay"] .reason').textContent()).toBe('NOT_REQUESTED');

    const staff = await session.visitor();
    const { page } = staff;
    await signIn(page, 'ali.ops');
    await page.goto(TAOBAO_WECHAT);
    await checkPage(page, 'console-integration');
    await perform(page, 'request', { reason: 'Regulators asked us to accept WeChat Pay.' });
    expect(await page.getByRole('status').textContent()).toContain('Requested.');
    expect(rowsIn('taobao', 'wechat-pay', 'requested')).toBe(1);
    // Nobody approves their own request: the operator is offered no approve form.
    expect(await page.locator('form[data-verb="approve"]').count()).toBe(0);
    await signOut(page);

    await signIn(page, 'tencent.reviewer');
    expect(await page.locator('main').textContent()).toContain('Taobao');
    await page.goto(TAOBAO_WECHAT);
    await perform(page, 'approve', { reason: 'Technical review passed.' });
    expect(await page.getByRole('status').textContent()).toContain('Approved.');
    expect(rowsIn('taobao', 'wechat-pay', 'approved')).toBe(1);
    await signOut(page);

    await shopper.page.reload();
    expect(await shopper.page.locator('[data-wallet="wechat-pay"] .reason').textContent()).toBe('APPROVED_NOT_LIVE');

    await signIn(page, 'ali.ops');
    await page.goto(TAOBAO_WECHAT);
    expect(await page.locator('[data-state]').first().getAttribute('data-state')).toBe('approved');
    await checkPage(page, 'console-integration-approved');
    await perform(page, 'launch', { rolloutPercent: '100', allChannels: true, reason: 'Go live.' });
    expect(await page.getByRole('status').textContent()).toContain('Launched.');
    expect(rowsIn('taobao', 'wechat-pay', 'live')).toBe(1);
    expect(
      session.app.count(
        'integration_events',
        `integration_id = (SELECT id FROM integrations WHERE storefront_slug = 'taobao' AND wallet_slug = 'wechat-pay')
      AND verb IN ('request', 'approve', 'launch') AND actor IN ('ali.ops', 'tencent.reviewer')`,
      ),
    ).toBe(3);

    await shopper.page.reload();
    expect((await shownWallets(shopper.page)).sort()).toEqual(['Alipay', 'WeChat Pay']);
    expect(await shopper.page.locator('[data-wallet="wechat-pay"]').count()).toBe(0);
    await checkPage(shopper.page, 'checkout-after-launch');
    expect([...shopper.problems, ...staff.problems]).toEqual([]);
    await shopper.context.close();
    await staff.context.close();
  });

  it('refuses an action sent from a page that has gone stale, and says why', async () => {
    const { page, context, problems } = await session.visitor();
    await signIn(page, 'tencent.reviewer');
    const path = '/console/integrations/idle-fish/wechat-pay';
    await page.goto(path);
    const other = await context.newPage();
    await other.goto(path);

    await perform(page, 'approve', { reason: 'Looks fine.' });
    expect(rowsIn('idle-fish', 'wechat-pay', 'approved')).toBe(1);

    // The second tab still offers "reject" for the request that is already approved.
    await perform(other, 'reject', { reason: 'Not yet.' });
    expect(await other.getByRole('alert').textContent()).toMatch(/changed|approved/i);
    expect(rowsIn('idle-fish', 'wechat-pay', 'approved')).toBe(1);
    expect(
      session.app.count(
        'integration_events',
        `verb = 'reject'
      AND integration_id = (SELECT id FROM integrations WHERE storefront_slug = 'idle-fish' AND wallet_slug = 'wechat-pay')`,
      ),
    ).toBe(0);
    await checkPage(other, 'console-refused');
    expect(problems.filter((p) => !/status of 409/.test(p))).toEqual([]);
    await context.close();
  });
  it('schedules a launch that says when it goes live, fits a phone, and is revoked only after a confirmation with a reason', async () => {
    const { page, context, problems } = await session.visitor();
    const path = '/console/integrations/freshippo/wechat-pay';
    await signIn(page, 'tencent.reviewer');
    await page.goto(path);
    await perform(page, 'approve', { reason: 'Technical review passed.' });
    await signOut(page);

    await signIn(page, 'ali.ops');
    await page.goto(path);
    const launch = page.locator('form[data-verb="launch"]');
    // A fresh form cannot know the rollout that will be typed: its sentence holds for any.
    expect(await launch.locator('[data-impact]').textContent()).toMatch(
      /The rollout you set is about the share of shoppers at Freshippo who will see WeChat Pay/,
    );
    await launch.getByLabel('Go live at (UTC; empty = now)').fill('2030-01-01T08:00');
    await perform(page, 'launch', { rolloutPercent: '40', reason: 'New year.' });
    expect(await page.getByRole('status').textContent()).toContain('Scheduled: live from 1 Jan 2030, 08:00 UTC');
    expect(await page.locator('.state-scheduled').textContent()).toContain('Scheduled for 1 Jan 2030');
    await checkPage(page, 'console-integration-scheduled');
    await signOut(page);

    await signIn(page, 'tencent.reviewer');
    await page.goto(path);
    await perform(page, 'revoke', { reason: 'Contract withdrawn.' });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Revoke WeChat Pay at Freshippo?');
    await checkPage(page, 'console-confirm-revoke');
    expect(session.app.count('integration_events', "verb = 'revoke'")).toBe(0);
    await Promise.all([page.waitForURL(/done=revoke/), page.getByRole('button', { name: 'Yes, revoke' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('Revoked.');
    expect(rowsIn('freshippo', 'wechat-pay', 'not_requested')).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
