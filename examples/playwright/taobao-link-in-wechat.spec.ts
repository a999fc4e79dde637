import { expect, expectWallets, test } from 'hutong/playwright';
import { addFirstProduct } from './shop.ts';

test.use({ scenario: 'record', clockAt: '2021-10-15T08:00:00Z' });

test('a Taobao link tapped in a WeChat chat opens Taobao inside WeChat, whose checkout hides WeChat Pay and says why', async ({ page }) => {
  await page.goto('hosts/wechat/one_to_one');
  const taobao = page.locator('.bubble[data-platform="taobao"]');
  await taobao.getByRole('link', { name: /Open/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Open this link?');

  await Promise.all([page.waitForURL(/\/shop\/taobao\?/), page.getByRole('button', { name: 'Confirm and open' }).click()]);
  await expect(page.locator('.opened-in')).toContainText('Opened in WeChat');

  await addFirstProduct(page);
  await page.locator('a[href*="/shop/taobao/cart"]').first().click();
  await Promise.all([page.waitForURL(/\/shop\/taobao\/checkout/), page.getByRole('button', { name: 'Continue to checkout' }).click()]);
  // Not requested: Alibaba has long barred WeChat Pay on Taobao (the record, 000), and the sentence says so.
  await expectWallets(page, { shown: ['alipay'], hidden: { 'wechat-pay': 'NOT_REQUESTED' } });
  await expect(page.locator('[data-wallet="wechat-pay"][data-reason]')).toContainText('WeChat Pay');
});
