import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { signIn } from './support/console.ts';
import { e2eSession } from './support/session.ts';

const session = e2eSession('record');

describe('the webhooks pages', () => {
  it('an operator adds a webhook, sends a test event and reads its messages, on pages that pass axe, pa11y and 390 px', async () => {
    const { page, problems } = await session.visitor();
    await signIn(page, 'ali.ops');
    await page.goto('/webhooks');
    await checkPage(page, 'webhooks');
    await page.getByLabel('URL').fill('http://127.0.0.1:9/hooks');
    await page.getByLabel(/^Events/).fill('order.*, payment.*');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('whsec_');
    await checkPage(page, 'webhooks-created');
    await page.getByRole('link', { name: 'Its messages and settings' }).click();
    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('webhook.test');
    await checkPage(page, 'webhook');
    expect(problems).toEqual([]);
  });
});
