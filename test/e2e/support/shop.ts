import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** From a storefront page: adds `quantity` of the product called `product` and waits for the confirmation. */
export async function addToCart(page: Page, product: string, quantity = 1): Promise<void> {
  const card = page.locator('article.product', { has: page.getByRole('heading', { name: product }) });
  await card.getByLabel(`Quantity of ${product}`).fill(String(quantity));
  await Promise.all([page.waitForURL(/\?added=/), card.getByRole('button', { name: 'Add to cart' }).click()]);
}

/** Visits the storefront, fills a cart with its first product and opens the checkout. */
export async function cartAndCheckout(page: Page, slug: string): Promise<void> {
  await page.goto(`/shop/${slug}`);
  const first = (await page.locator('article.product h2').first().textContent())?.trim() ?? '';
  await addToCart(page, first);
  await page.goto(`/shop/${slug}/checkout`);
  expect(new URL(page.url()).pathname).toBe(`/shop/${slug}/checkout`);
}

/** On the checkout: the wallet names offered for payment. */
export async function shownWallets(page: Page): Promise<string[]> {
  return (await page.locator('.wallet-form .wallet-name').allTextContents()).map((t) => t.trim());
}

/** On the checkout: picks `wallet` and places the order; lands on that wallet's cashier. */
export async function placeOrderWith(page: Page, wallet: string): Promise<string> {
  await page.getByRole('radio', { name: new RegExp(wallet) }).check();
  await Promise.all([page.waitForURL(/\/orders\/ord_[^/]+\/pay$/), page.getByRole('button', { name: /Place order/ }).click()]);
  const match = /\/orders\/(ord_[^/]+)\/pay$/.exec(page.url());
  return match?.[1] ?? '';
}

/** On a cashier: presses `button` and waits for the receipt. */
export async function payOnCashier(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForURL(/\/orders\/ord_[^/]+$/), page.getByRole('button', { name: button, exact: true }).click()]);
}
