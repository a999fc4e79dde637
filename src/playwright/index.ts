import { test as base, expect, type Page } from '@playwright/test';
import { createHutong, type Hutong, type HutongSandbox, type Reason, type Scenario } from '../client/index.ts';
import { webhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

export { expect } from '@playwright/test';
export type { Delivery, WebhookReceiver } from './webhook-receiver.ts';

/** Set with test.use({ … }) or in playwright.config.ts's `use`. */
export interface HutongTestOptions {
  /** The scenario each test's sandbox is made from: record (default), walled, open, or an inline scenario. */
  scenario: Scenario;
  /** Where each test's sandbox clock starts (an instant; default: now). */
  clockAt: string | undefined;
}
export interface HutongWorkerOptions {
  /** The running server (default HUTONG_URL, else http://127.0.0.1:3000). */
  hutongUrl: string;
  /** The demo persona whose token the client uses (default admin). */
  persona: string;
  /** Its password (default HUTONG_DEMO_PASSWORD, else the demo's). */
  personaPassword: string;
}
export interface HutongFixtures {
  /** The typed client of the default world, signed in as `persona`. */
  hutong: Hutong;
  /** A fresh sandbox for this test, deleted after it; `page` and relative `page.goto('shop/kaola')` open inside it. */
  sandbox: HutongSandbox;
  /** This test's sandbox clock. */
  clock: HutongSandbox['clock'];
  /** A loopback receiver for this test: `await webhooks.subscribe(['payment.*'])`, then `await webhooks.waitFor('payment.succeeded')`. */
  webhooks: WebhookReceiver;
}

export const test = base.extend<HutongFixtures & HutongTestOptions, HutongWorkerOptions & { hutongToken: string }>({
  hutongUrl: [process.env.HUTONG_URL ?? 'http://127.0.0.1:3000', { option: true, scope: 'worker' }],
  persona: ['admin', { option: true, scope: 'worker' }],
  personaPassword: [process.env.HUTONG_DEMO_PASSWORD ?? 'hutong-demo-2021', { option: true, scope: 'worker' }],
  scenario: ['record', { option: true }],
  clockAt: [undefined, { option: true }],

  hutongToken: [
    async ({ hutongUrl, persona, personaPassword }, use) => {
      await use(await createHutong({ baseUrl: hutongUrl }).token(persona, { password: personaPassword, days: 1 }));
    },
    { scope: 'worker' },
  ],
  hutong: async ({ hutongUrl, hutongToken }, use) => {
    await use(createHutong({ baseUrl: hutongUrl, token: hutongToken }));
  },
  sandbox: async ({ hutong, scenario, clockAt }, use) => {
    const created = await hutong.sandboxes.create({ scenario, ...(clockAt ? { clock: clockAt } : {}) });
    try {
      // One identity for every world: the default world's token works in the sandbox its person made.
      await use(hutong.sandbox(created.id));
    } finally {
      await hutong.sandboxes.delete(created.id);
    }
  },
  page: async ({ page, hutongUrl, persona, personaPassword }, use) => {
    // People are the default world's: the browser signs in as the persona whose token made this test's
    // sandbox, so the sandbox lets it in (to anyone else it answers 404, as a sandbox that does not exist).
    await page.goto(`${hutongUrl}/sign-in`);
    await page.locator('#username').fill(persona);
    await page.locator('#password').fill(personaPassword);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.endsWith('/sign-in')),
      page.locator('form:has(#username) [type="submit"]').click(),
    ]);
    await use(page);
  },
  baseURL: async ({ sandbox }, use) => {
    // A trailing slash, so that page.goto('shop/kaola') stays inside the sandbox.
    await use(`${sandbox.url}/`);
  },
  clock: async ({ sandbox }, use) => {
    await use(sandbox.clock);
  },
  webhooks: async ({ sandbox }, use) => {
    const receiver = await webhookReceiver(sandbox);
    try {
      await use(receiver);
    } finally {
      await receiver.close();
    }
  },
});

/** What the checkout shows: wallets offered, and wallets listed as not available with their reason code. */
export interface ExpectedWallets {
  /** Exactly these wallets are offered (any order). */
  shown?: string[];
  /** These wallets are listed as not available, each with this reason (others may be listed too). */
  hidden?: Partial<Record<string, Reason>>;
}

/** The checkout page's wallets: offered ones carry data-shown-wallet; the not-available ones data-wallet and data-reason. */
export async function checkoutWallets(page: Page): Promise<{ shown: string[]; hidden: Record<string, string> }> {
  const shown = await page
    .locator('[data-shown-wallet]')
    .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-shown-wallet') ?? ''));
  const hidden = await page
    .locator('[data-wallet][data-reason]')
    .evaluateAll((elements) => elements.map((e) => [e.getAttribute('data-wallet') ?? '', e.getAttribute('data-reason') ?? ''] as const));
  return { shown: shown.sort(), hidden: Object.fromEntries(hidden) };
}

/** Waits until the checkout on `page` offers exactly `shown` and hides each of `hidden` with its reason. */
export async function expectWallets(page: Page, expected: ExpectedWallets, { timeout = 5_000 } = {}): Promise<void> {
  const want = {
    ...(expected.shown ? { shown: [...expected.shown].sort() } : {}),
    ...(expected.hidden ? { hidden: expected.hidden } : {}),
  };
  await expect
    .poll(() => checkoutWallets(page), { message: `the checkout at ${page.url()} shows these wallets`, timeout })
    .toMatchObject(want);
}
