import { describe, expect, it } from 'vitest';
import { decideWallets, type CheckoutContext } from '../../src/domain/decide.ts';
import { anEvent, WALLETS } from '../support/events.ts';

const ctx: CheckoutContext = {
  storefrontSlug: 'taobao',
  storefrontName: 'Taobao',
  shopperId: 'shopper-1',
  channel: 'app',
  amountFen: 12_000,
  at: '2021-10-15T12:00:00.000Z',
};

const barred = anEvent({
  verb: 'reported_not_offered',
  fromState: 'not_requested',
  toState: 'not_requested',
  actor: 'Alibaba Group',
  actorRole: 'record',
  reason: 'Alibaba “has long barred” it.',
  effectiveAt: '2021-09-30T23:59:59.999Z',
  datePrecision: 'before',
  sourceFile: '000_3ad9a8ce8c300d77.txt, 002_c38cf0f4a4e7f84b.txt',
});

const wechatPay = (at: string) =>
  decideWallets({ ...ctx, at }, WALLETS, [{ integrationId: 1, storefrontSlug: 'taobao', walletSlug: 'wechat-pay', events: [barred] }]).find(
    (d) => d.wallet === 'wechat-pay',
  )!;

describe('a wallet the record reports not offered', () => {
  it('is hidden with what the article says, at its date and with its sources: reported, not assumed', () => {
    expect(wechatPay(ctx.at)).toMatchObject({
      shown: false,
      reason: 'NOT_REQUESTED',
      state: 'not_requested',
      basis: 'reported',
      since: '2021-09-30T23:59:59.999Z',
      sincePrecision: 'before',
      sources: ['000_3ad9a8ce8c300d77.txt', '002_c38cf0f4a4e7f84b.txt'],
      message:
        'WeChat Pay is not offered at Taobao. By ≈ late Sept 2021, Alibaba “has long barred” it (South China Morning Post, 000; KrASIA, 002).',
    });
  });

  it('before the report, the walled-garden default: assumed, with no source', () => {
    expect(wechatPay('2021-09-01T00:00:00.000Z')).toMatchObject({ basis: 'assumed', sources: [], since: null });
  });
});
