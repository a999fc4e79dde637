import { expect, type Page } from '@playwright/test';

/** From inside the sandbox: fills a cart at `storefront` with its first product and opens the checkout. */
export async function cartAndCheckout(page: Page, storefront: string): Promise<void> {
  await page.goto(`shop/${storefront}`);
  await addFirstProduct(page);
  await page.goto(`shop/${storefront}/checkout`);
}

/** On a storefront page: adds one of its first product to the cart. */
export async function addFirstProduct(page: Page): Promise<void> {
  const card = page.locator('article.product').first();
  await Promise.all([page.waitForURL(/[?&]added=/), card.getByRole('button', { name: 'Add to cart' }).click()]);
}

/** On the checkout: picks `wallet` and places the order; returns its id from the cashier's address. */
export async function placeOrderWith(page: Page, wallet: string): Promise<string> {
  await page.getByRole('radio', { name: new RegExp(wallet) }).check();
  await Promise.all([page.waitForURL(/\/orders\/ord_[^/]+\/pay$/), page.getByRole('button', { name: /Place order/ }).click()]);
  const id = /\/orders\/(ord_[^/]+)\/pay$/.exec(page.url())?.[1];
  expect(id, 'the cashier names the order').toBeTruthy();
  return id ?? '';
}

/** On a cashier: presses `button` and waits for the receipt. */
export async function payOnCashier(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForURL(/\/orders\/ord_[^/]+$/), page.getByRole('button', { name: button, exact: true }).click()]);
}
