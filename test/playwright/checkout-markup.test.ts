import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/** What hutong/playwright's expectWallets reads: the offered wallets' data-shown-wallet, the others' data-wallet and data-reason. */
function walletAttributes(html: string): { shown: string[]; hidden: Record<string, string> } {
  return {
    shown: [...html.matchAll(/data-shown-wallet="([^"]+)"/g)].map((m) => m[1]!),
    hidden: Object.fromEntries([...html.matchAll(/data-wallet="([^"]+)" data-reason="([^"]+)"/g)].map((m) => [m[1], m[2]])),
  };
}

describe('the checkout names each wallet and its reason in data attributes (the contract of expectWallets)', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
  });
  afterEach(() => world.close());

  it('at Taobao Deals: Alipay offered, WeChat Pay hidden awaiting Tencent, as the decision says', async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const res = await shopper.page('/shop/taobao-deals/checkout');
    expect(res.status).toBe(200);
    expect(walletAttributes(res.text)).toMatchObject({ shown: ['alipay'], hidden: { 'wechat-pay': 'PENDING_PROVIDER_APPROVAL' } });
  });

  it('at Ele.me: Alipay and WeChat Pay both offered', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const res = await shopper.page('/shop/eleme/checkout');
    const { shown, hidden } = walletAttributes(res.text);
    expect(shown).toEqual(['alipay', 'wechat-pay']);
    expect(Object.keys(hidden)).not.toContain('wechat-pay');
  });
});
