import { expect, expectWallets, test } from 'hutong/playwright';
import { cartAndCheckout } from './shop.ts';

// Kaola offered WeChat Pay from the end of September 2021 (the record: "≈ Sept 2021").
test.use({ scenario: 'record', clockAt: '2021-09-01T08:00:00Z' });

test('Kaola offers Alipay only on 1 Sept 2021, and WeChat Pay too once the clock reaches 15 Oct', async ({ page, clock }) => {
  await cartAndCheckout(page, 'kaola');
  await expectWallets(page, { shown: ['alipay'], hidden: { 'wechat-pay': 'NOT_REQUESTED' } });

  await clock.to('2021-10-15T08:00:00Z');
  await page.reload();
  await expectWallets(page, { shown: ['alipay', 'wechat-pay'] });
  await expect(page.getByRole('radio', { name: /WeChat Pay/ })).toBeVisible();
});

test('the same switch through the API, without a browser', async ({ sandbox, clock }) => {
  const before = await sandbox.wallets('kaola', { channel: 'app' });
  expect(before.wallets.filter((w) => w.shown).map((w) => w.wallet)).toEqual(['alipay']);
  expect(before.wallets.find((w) => w.wallet === 'wechat-pay')).toMatchObject({ shown: false, reason: 'NOT_REQUESTED' });

  await clock.advance('P44D');
  const after = await sandbox.wallets('kaola', { channel: 'app' });
  expect(after.wallets.find((w) => w.wallet === 'wechat-pay')).toMatchObject({ shown: true, reason: 'SHOWN' });
});
