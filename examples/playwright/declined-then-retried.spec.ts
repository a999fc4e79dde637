import { expect, test } from 'hutong/playwright';
import { cartAndCheckout, payOnCashier, placeOrderWith } from './shop.ts';

test.use({ scenario: 'record', clockAt: '2021-10-15T08:00:00Z' });

test('a WeChat Pay payment declined for want of balance, tried again and paid: the receipt and the signed webhooks agree', async ({
  page,
  webhooks,
}) => {
  await webhooks.subscribe(['payment.*', 'order.*']);

  await cartAndCheckout(page, 'kaola');
  const orderId = await placeOrderWith(page, 'WeChat Pay');
  await page.getByText('Simulate another outcome').click();
  await payOnCashier(page, 'Balance not enough');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment failed');
  // The receipt says why, with Hutong's code and WeChat Pay's own.
  await expect(page.locator('main')).toContainText('Your balance is not enough for this payment.');
  await expect(page.locator('main')).toContainText('NOTENOUGH');

  await page.getByRole('radio', { name: /WeChat Pay/ }).check();
  await Promise.all([page.waitForURL(`**/orders/${orderId}/pay`), page.getByRole('button', { name: /Try again/ }).click()]);
  await payOnCashier(page, 'Simulate scan and pay');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Payment received');

  const forOrder = { where: (d: { data: Record<string, unknown> }) => JSON.stringify(d.data).includes(orderId) };
  const declined = await webhooks.waitFor('payment.declined', forOrder);
  expect(declined.data).toMatchObject({ payment: { declineReason: { code: 'BALANCE_NOT_ENOUGH', walletCode: 'NOTENOUGH' } } });
  await webhooks.waitFor('payment.succeeded', forOrder);
  const paid = await webhooks.waitFor('order.paid', forOrder);
  expect(paid.data).toMatchObject({ order: { id: orderId, status: 'paid', wallet: 'wechat-pay' } });
  expect(webhooks.rejected).toEqual([]);
});
