import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { newWorld } from '../support/world.ts';

const TENCENT_SIDE = ['jd', 'pinduoduo', 'vipshop'];

async function decisionAt(scenario: string, slug: string) {
  const world = newWorld({ scenario });
  try {
    const res = await supertest(world.app).get(`/api/storefronts/${slug}/wallets?channel=mini_program`).expect(200);
    const wallets = res.body.wallets as { wallet: string; reason: string; shown: boolean }[];
    const events = world.db
      .prepare(
        `SELECT i.wallet_slug AS wallet, i.state FROM integrations i WHERE i.storefront_slug = ? AND i.state = 'live' ORDER BY i.wallet_slug`,
      )
      .all(slug);
    return { decision: Object.fromEntries(wallets.map((w) => [w.wallet, { shown: w.shown, reason: w.reason }])), live: events };
  } finally {
    world.close();
  }
}

describe('the shops inside WeChat in the walled and open scenarios', () => {
  it.each(TENCENT_SIDE)('walled: %s takes WeChat Pay and nothing else', async (slug) => {
    const { decision, live } = await decisionAt('walled', slug);
    expect(decision).toEqual({
      alipay: { shown: false, reason: 'NOT_REQUESTED' },
      'wechat-pay': { shown: true, reason: 'SHOWN' },
      'unionpay-qr': { shown: false, reason: 'NOT_REQUESTED' },
    });
    expect(live).toEqual([{ wallet: 'wechat-pay', state: 'live' }]);
  });

  it.each(TENCENT_SIDE)('open: %s takes Alipay, WeChat Pay and UnionPay QR', async (slug) => {
    const { decision, live } = await decisionAt('open', slug);
    expect(decision).toEqual({
      alipay: { shown: true, reason: 'SHOWN' },
      'wechat-pay': { shown: true, reason: 'SHOWN' },
      'unionpay-qr': { shown: true, reason: 'SHOWN' },
    });
    expect(live.map((row) => (row as { wallet: string }).wallet)).toEqual(['alipay', 'unionpay-qr', 'wechat-pay']);
  });
});
