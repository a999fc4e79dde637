import { describe, expect, it } from 'vitest';
import { milestoneConcerns } from '../../src/domain/review/milestone-filter.ts';

const WALLETS = ['Alipay', 'WeChat Pay', 'UnionPay QR'];

describe('which milestones a wallet filter keeps', () => {
  it('keeps a market-wide milestone for every wallet', () => {
    const campaign = { title: 'MIIT starts a six-month campaign on 22 problem scenarios, including blocking links' };
    for (const wallet of WALLETS) expect(milestoneConcerns(campaign, wallet, WALLETS)).toBe(true);
  });

  it('keeps a milestone that names the wallet, and drops it for the wallets it does not name', () => {
    const qr = { title: 'Alipay and UnionPay achieve mutual recognition of payment QR codes' };
    expect(milestoneConcerns(qr, 'Alipay', WALLETS)).toBe(true);
    expect(milestoneConcerns(qr, 'UnionPay QR', WALLETS)).toBe(true);
    expect(milestoneConcerns(qr, 'WeChat Pay', WALLETS)).toBe(false);
  });
});
