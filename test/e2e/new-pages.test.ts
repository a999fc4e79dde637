import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { launchBrowser, newShopper, type ShopperPage } from './support/browser.ts';
import { checkPage } from './support/checks.ts';
import { DEMO_PASSWORD, perform, signIn } from './support/console.ts';
import { type RunningApp, startApp } from './support/server.ts';
import { addToCart } from './support/shop.ts';

// One Chromium for the file; every test starts its own server on a fresh database.
let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface World {
  app: RunningApp;
  /** A new visitor of this test's server: its own cookies, one desktop-sized page, closed when the test ends. */
  visitor(): Promise<ShopperPage>;
}

async function newWorld(): Promise<World> {
  const app = await startApp({ scenario: 'record' });
  onTestFinished(() => app.stop());
  return {
    app,
    async visitor() {
      if (!browser) throw new Error('Chromium starts in beforeAll');
      const shopper = await newShopper(browser, app.baseUrl);
      onTestFinished(() => shopper.context.close());
      return shopper;
    },
  };
}

/** The visible text of the page's main content, spaces collapsed. */
async function mainText(shopper: ShopperPage): Promise<string> {
  return ((await shopper.page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
}

describe('sandboxes are their maker’s', () => {
  it('lists a sandbox ali.ops made as theirs; partner.ops does not see it and gets “not found” at its address', async () => {
    const world = await newWorld();
    const ali = await world.visitor();
    await signIn(ali.page, 'ali.ops');
    await ali.page.goto('/sandboxes');
    expect(await ali.page.getByRole('heading', { name: 'Your sandboxes' }).isVisible()).toBe(true);
    await ali.page.getByLabel('Scenario').selectOption('record');
    await Promise.all([
      ali.page.waitForURL(/\/sandboxes\/sb_[A-Za-z0-9_-]{16}\/$/),
      ali.page.getByRole('button', { name: 'Create sandbox' }).click(),
    ]);
    const id = new URL(ali.page.url()).pathname.split('/')[2] ?? '';
    expect(await ali.page.getByRole('complementary', { name: 'Sandbox' }).textContent()).toContain(id);

    await ali.page.goto('/sandboxes');
    const row = ali.page.locator(`tr[data-sandbox="${id}"]`);
    expect(await row.getByRole('link', { name: id }).isVisible()).toBe(true);
    expect(await row.locator('td').nth(3).textContent()).toBe('ali.ops');
    await checkPage(ali.page, 'new-sandboxes-mine');

    const partner = await world.visitor();
    await signIn(partner.page, 'partner.ops');
    await partner.page.goto('/sandboxes');
    expect(await partner.page.locator('tr[data-sandbox]').count()).toBe(0);
    expect(await mainText(partner)).not.toContain(id);
    expect(await partner.page.locator('#list-title ~ p').textContent()).toBe('None yet.');

    const opened = await partner.page.goto(`/sandboxes/${id}/`);
    expect(opened?.status()).toBe(404);
    expect(await partner.page.getByRole('heading', { level: 1 }).textContent()).toMatch(/not found/i);
    expect(await mainText(partner)).toContain(`There is no sandbox ${id}`);
    expect(await partner.page.getByRole('complementary', { name: 'Sandbox' }).count()).toBe(0);
    // The sandbox is still there for its maker.
    expect(world.app.count('sandboxes', 'id = ? AND deleted_at IS NULL', id)).toBe(1);
    expect(ali.problems).toEqual([]);
  });
});

describe('a change held for a second operator', () => {
  /** ali.ops adjusts Alipay at Taobao to `percent` %; the group holds it. Returns the change request's page. */
  async function heldAdjust(ali: ShopperPage, percent: string, reason: string): Promise<string> {
    await ali.page.goto('/console/integrations/taobao/alipay');
    await perform(ali.page, 'adjust', { rolloutPercent: percent, reason });
    expect(await ali.page.getByRole('status').textContent()).toContain('Sent for approval');
    const held = ali.page.getByRole('region', { name: 'Waiting for a second operator' });
    expect(await held.textContent()).toContain(`at ${percent} %`);
    await held
      .getByRole('link', { name: /reject or withdraw/ })
      .last()
      .click();
    await ali.page.waitForURL(/\/console\/change-requests\/\d+$/);
    return new URL(ali.page.url()).pathname;
  }

  it('is rejected with a reason by an admin, and withdrawn by its author; nothing is applied either way', async () => {
    const world = await newWorld();
    const admin = await world.visitor();
    await signIn(admin.page, 'admin');
    await admin.page.goto('/console/policies');
    await Promise.all([
      admin.page.waitForURL(/done=policy/),
      admin.page
        .locator('tr[data-group="alibaba"]')
        .getByRole('button', { name: /Turn on/ })
        .click(),
    ]);
    expect(await admin.page.locator('tr[data-group="alibaba"] td').textContent()).toContain('On');

    const ali = await world.visitor();
    await signIn(ali.page, 'ali.ops');
    const first = await heldAdjust(ali, '40', 'Trim Alipay to 40 % during the audit');
    // The author sees it waiting, may withdraw it, and is offered no reject.
    expect(await ali.page.locator('[data-status-text]').textContent()).toBe('Waiting for a second operator');
    expect(await ali.page.locator('form[data-action="reject"]').count()).toBe(0);

    await admin.page.goto(first);
    expect(await admin.page.locator('[data-status-text]').textContent()).toBe('Waiting for a second operator');
    await checkPage(admin.page, 'change-request-pending');
    const reject = admin.page.locator('form[data-action="reject"]');
    // A reject without a reason comes back with the field's message.
    await Promise.all([
      admin.page.waitForURL((url) => url.pathname.endsWith('/reject')),
      reject.getByRole('button', { name: 'Reject' }).click(),
    ]);
    expect(await admin.page.locator('#reject-reason-error').textContent()).toMatch(/say why you reject it/);
    expect(world.app.count('change_requests', "status = 'pending'")).toBe(1);
    await admin.page.getByLabel('Why (required)').fill('Not before the audit ends');
    await Promise.all([
      admin.page.waitForURL(/\?done=rejected$/),
      admin.page.locator('form[data-action="reject"]').getByRole('button', { name: 'Reject' }).click(),
    ]);
    expect(await admin.page.getByRole('status').textContent()).toBe('Rejected: nothing was applied.');
    expect((await admin.page.locator('[data-status-text]').textContent())?.replace(/\s+/g, ' ')).toMatch(
      /^Rejected by admin, .+: “?Not before the audit ends”?$/,
    );
    expect(await admin.page.locator('form[data-action]').count()).toBe(0);
    await checkPage(admin.page, 'change-request-rejected');
    expect(world.app.count('change_requests', "status = 'rejected' AND decided_by = 'admin'")).toBe(1);

    // The second one is withdrawn by ali.ops, who may give no reason.
    const second = await heldAdjust(ali, '60', 'Try 60 % instead');
    expect(second).not.toBe(first);
    await Promise.all([
      ali.page.waitForURL(/\?done=withdrawn$/),
      ali.page.locator('form[data-action="withdraw"]').getByRole('button', { name: 'Withdraw' }).click(),
    ]);
    expect(await ali.page.getByRole('status').textContent()).toBe('Withdrawn: nothing was applied.');
    expect(await ali.page.locator('[data-status-text]').textContent()).toMatch(/^Withdrawn by ali\.ops, /);
    await checkPage(ali.page, 'change-request-withdrawn');
    expect(world.app.count('change_requests', "status = 'withdrawn' AND decided_by = 'ali.ops'")).toBe(1);
    // Nothing applied: the integration page waits on nothing and Taobao's Alipay is still live as before.
    await ali.page.goto('/console/integrations/taobao/alipay');
    expect(await ali.page.getByRole('region', { name: 'Waiting for a second operator' }).count()).toBe(0);
    expect(world.app.count('integrations', "storefront_slug = 'taobao' AND wallet_slug = 'alipay' AND state = 'live'")).toBe(1);
    expect(
      world.app.count(
        'integration_events',
        "verb = 'adjust' AND integration_id = (SELECT id FROM integrations WHERE storefront_slug = 'taobao' AND wallet_slug = 'alipay')",
      ),
    ).toBe(0);
    expect([...admin.problems, ...ali.problems].filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});

describe('sharing a Taobao link into WeChat on a copy-and-paste day', () => {
  it('takes two steps, writes nothing before the paste, then opens the chat on the new message', async () => {
    const world = await newWorld();
    const { page, problems } = await world.visitor();
    await page.goto('/shop/taobao?asOf=2021-10-15');
    const product = page.locator('article.product').first();
    const name = ((await product.locator('h2').textContent()) ?? '').trim();
    await product.getByRole('link', { name: new RegExp(`Share ${name} to a chat`) }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Share ${name}`);
    await page.locator('input[name="target"][value="wechat/one_to_one"]').check();
    expect(await page.locator('label', { has: page.locator('input[value="wechat/one_to_one"]') }).textContent()).toContain(
      'copy a token in Taobao and paste it',
    );
    await Promise.all([page.waitForURL(/step=0/), page.getByRole('button', { name: 'Share' }).click()]);

    expect(await page.locator('.step-count').textContent()).toContain('Step 1 of 2');
    // The day's banner is about links here, not about wallets and payment.
    expect(await page.locator('.time-travel').textContent()).toContain('how links open and are shared is decided for that time');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Copy the token in Taobao');
    expect(world.app.count('shared_links')).toBe(0);
    await checkPage(page, 'share-step-1');

    await Promise.all([page.waitForURL(/step=1/), page.getByRole('button', { name: 'I have copied it' }).click()]);
    expect(await page.locator('.step-count').textContent()).toContain('Step 2 of 2');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('Open WeChat and paste it');
    expect(world.app.count('shared_links')).toBe(0);
    await checkPage(page, 'share-step-2');

    await Promise.all([
      page.waitForURL(/\/hosts\/wechat\/one_to_one\?shared=/),
      page.getByRole('button', { name: 'Paste it in the chat' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2021-10-15');
    const line = (await page.locator('[data-just-shared]').textContent())?.replace(/\s+/g, ' ');
    expect(line).toBe(
      `You shared ${name} from Taobao here by copying its token in Taobao and pasting it: 2 extra taps. Your message is highlighted below.`,
    );
    const mine = page.locator('li.just-shared[aria-current="true"]');
    expect(await mine.count()).toBe(1);
    expect(await mine.getAttribute('id')).toBe(await page.locator('[data-just-shared]').getAttribute('data-just-shared'));
    expect(await mine.textContent()).toContain('Taobao');
    await checkPage(page, 'share-chat');
    expect(world.app.count('shared_links', "shared_as = 'copy_paste'")).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('the request log', () => {
  it('lists the API calls made with the signed-in person’s token, and not someone else’s', async () => {
    const world = await newWorld();
    const tokenOf = async (username: string) => {
      const response = await fetch(`${world.app.baseUrl}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD, label: 'e2e' }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { token: string }).token;
    };
    const call = async (token: string, path: string) =>
      (await fetch(`${world.app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
    const aliToken = await tokenOf('ali.ops');
    expect(await call(aliToken, '/api/storefronts')).toBe(200);
    expect(await call(aliToken, '/api/integrations/taobao/alipay')).toBe(200);
    expect(await call(aliToken, '/api/integrations/taobao/no-such-wallet')).toBe(404);
    expect(await call(await tokenOf('partner.ops'), '/api/storefronts/jd')).toBe(200);

    const { page, problems } = await world.visitor();
    await signIn(page, 'ali.ops');
    await page.goto('/requests');
    const rows = page.locator('table.requests-table tbody tr');
    const requests = (await rows.locator('th').allTextContents()).map((t) => t.trim());
    expect(requests).toEqual([
      'GET /api/integrations/taobao/no-such-wallet',
      'GET /api/integrations/taobao/alipay',
      'GET /api/storefronts',
    ]);
    expect((await rows.first().locator('td').first().textContent())?.replace(/\s+/g, ' ').trim()).toBe('404 not_found');
    expect(await rows.nth(1).locator('td').first().textContent()).toBe('200');
    expect(await mainText({ page } as ShopperPage)).not.toContain('/api/storefronts/jd');
    await checkPage(page, 'requests');
    expect(problems).toEqual([]);
  });
});

describe('a day that has not happened yet', () => {
  it('is labelled on the review matrix and on a checkout with something in the cart', async () => {
    const world = await newWorld();
    const { page, problems } = await world.visitor();
    await page.goto('/review?asOf=2031-01-01');
    const label = page.locator('[data-future-day]');
    expect((await label.textContent())?.replace(/\s+/g, ' ')).toContain('As it would stand on 1 Jan 2031, which has not happened yet');

    await page.goto('/shop/eleme');
    const first = ((await page.locator('article.product h2').first().textContent()) ?? '').trim();
    await addToCart(page, first);
    await page.goto('/shop/eleme/checkout?asOf=2031-01-01');
    expect(new URL(page.url()).pathname).toBe('/shop/eleme/checkout');
    const checkoutLabel = (await page.locator('[data-future-day]').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(checkoutLabel).toContain('As it would stand on 1 Jan 2031, which has not happened yet');
    expect(checkoutLabel).toContain('Nothing can be ordered or paid there until the clock reaches it.');
    expect(await page.locator('.order-lines').textContent()).toContain(first);
    // The wallets are a preview: the order button is off, and says why, rather than lead to a refusal.
    expect(await page.getByRole('button', { name: /Place order/ }).isDisabled()).toBe(true);
    expect(await page.locator('[data-no-order]').textContent()).toContain('move its clock to 1 Jan 2031 first');
    await checkPage(page, 'checkout-future-day');
    expect(problems).toEqual([]);
  });
});

describe('the console page of WeChat Pay at Taobao', () => {
  it('shows the reported “not offered” facts as unchanged, and its requester a four-eyes card instead of Approve', async () => {
    const world = await newWorld();
    const { page, problems } = await world.visitor();
    await signIn(page, 'ali.ops');
    await page.goto('/console/integrations/taobao/wechat-pay');
    const reported = page.locator('tr[data-event-version]', { hasText: 'reported_not_offered' });
    expect(await reported.count()).toBe(2);
    for (const row of await reported.all()) {
      const text = (await row.textContent())?.replace(/\s+/g, ' ') ?? '';
      expect(text).toContain('Not requested (reported, unchanged)');
      expect(text).not.toContain('Not requested → Not requested');
    }

    await perform(page, 'request', { reason: 'Shoppers ask for WeChat Pay.' });
    expect(await page.getByRole('status').textContent()).toContain('Requested.');
    const card = page.locator('[data-own-request]');
    expect(await card.textContent()).toContain('You made this request; another reviewer must approve it.');
    expect(await page.locator('form[data-verb="approve"]').count()).toBe(0);
    await checkPage(page, 'console-integration-own-request');
    expect(world.app.count('integrations', "storefront_slug = 'taobao' AND wallet_slug = 'wechat-pay' AND state = 'requested'")).toBe(1);
    expect(problems).toEqual([]);
  });
});

describe('payments a tester can break on purpose', () => {
  it('the reasons page, a declined receipt, and the console’s orders and refund pages pass the checks', async () => {
    const world = await newWorld();
    const api = async (path: string, body: unknown, key: string) => {
      const res = await fetch(`${world.app.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBe(201);
      return (await res.json()) as { id: string };
    };
    const shop = (await (await fetch(`${world.app.baseUrl}/api/storefronts/eleme`)).json()) as { products: { id: number }[] };
    const order = await api(
      '/api/orders',
      {
        storefront: 'eleme',
        shopper: 'e2e-refund',
        channel: 'app',
        wallet: 'alipay',
        items: [{ product: shop.products[0]!.id, quantity: 1 }],
      },
      'e2e-refund-order-0001',
    );
    await api(`/api/orders/${order.id}/payments`, { shopper: 'e2e-refund', outcome: 'succeeded' }, 'e2e-refund-pay-00001');

    const ali = await world.visitor();
    await ali.page.goto('/reasons');
    expect(await ali.page.locator('main').textContent()).toContain('BALANCE_NOT_ENOUGH');
    await checkPage(ali.page, 'reasons-payments');
    await signIn(ali.page, 'ali.ops');
    await ali.page.goto('/console/orders');
    await checkPage(ali.page, 'console-orders');
    await ali.page.goto(`/console/orders/${order.id}`);
    await ali.page.getByLabel('Amount (yuan)').fill('1.00');
    await Promise.all([ali.page.waitForURL(`**/console/orders/${order.id}`), ali.page.getByRole('button', { name: 'Refund' }).click()]);
    expect(await mainText(ali)).toContain('partially refunded');
    await checkPage(ali.page, 'console-order-refund');
  });
});
