import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shopperWithCart } from '../support/shopping.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/** What hutong/playwright's expectWallets reads: every [data-wallet][data-reason] on the checkout. */
function walletAttributes(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/data-reason="([^"]+)" data-wallet="([^"]+)"/g)].map((m) => [m[2], m[1]]));
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
    expect(walletAttributes(res.text)).toMatchObject({ alipay: 'SHOWN', 'wechat-pay': 'PENDING_PROVIDER_APPROVAL' });
  });

  it('at Ele.me: Alipay and WeChat Pay both offered', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const res = await shopper.page('/shop/eleme/checkout');
    const attributes = walletAttributes(res.text);
    expect(Object.keys(attributes).filter((wallet) => attributes[wallet] === 'SHOWN')).toEqual(['alipay', 'wechat-pay']);
  });
});
