import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'hutong-demo-2021';

/** Signs in through the form on /sign-in and lands where the form sends (the console by default). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in' }).click()]);
  expect(await page.locator('.site-header').textContent()).toContain(username);
}

/** Signs out from the account page. */
export async function signOut(page: Page): Promise<void> {
  await page.goto('/account');
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign out' }).click()]);
}

/** On an integration's console page: fills and sends the form for `verb`. */
export async function perform(
  page: Page,
  verb: string,
  fields: { reason?: string; rolloutPercent?: string; allChannels?: boolean } = {},
): Promise<void> {
  const form = page.locator(`form[data-verb="${verb}"]`);
  if (fields.rolloutPercent !== undefined) await form.getByLabel('Rollout (% of shoppers)').fill(fields.rolloutPercent);
  if (fields.allChannels) for (const box of await form.getByRole('checkbox').all()) await box.check();
  if (fields.reason !== undefined) await form.getByLabel(/^Reason/).fill(fields.reason);
  // Done: redirected to ?done=<verb>; refused: the page re-rendered at the form's address.
  const before = page.url();
  await Promise.all([
    page.waitForURL((url) => url.href !== before),
    form.getByRole('button', { name: verb[0]!.toUpperCase() + verb.slice(1) }).click(),
  ]);
}
