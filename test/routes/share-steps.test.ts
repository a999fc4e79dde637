import { beforeEach, describe, expect, it } from 'vitest';
import { browserAgent, count, newWorld, signIn, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});
const taobaoProduct = () =>
  world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'taobao' ORDER BY id LIMIT 1").pluck().get() as number;
const policyVersion = () =>
  world.db
    .prepare("SELECT version FROM link_policies WHERE host_slug = 'wechat' AND surface_slug = 'one_to_one' AND platform_slug = 'taobao'")
    .pluck()
    .get() as number;

describe('sharing a product into a chat', () => {
  it('on a day of one-click sharing, posts at once and opens the chat on the new message', async () => {
    const ops = await signIn(world, 'tencent.ops');
    await ops
      .form('/console/links/wechat/one_to_one/taobao/set', { expectedVersion: policyVersion(), share: 'one_click', reason: 'One-click' })
      .expect(303);
    const browser = await browserAgent(world);
    const productId = taobaoProduct();
    const shared = await browser.form(`/shop/taobao/share/${productId}`, { target: 'wechat/one_to_one' }).expect(303);
    expect(shared.headers.location).toBe('/hosts/wechat/one_to_one?shared=1');
    expect(world.db.prepare('SELECT id, shared_as FROM shared_links').all()).toEqual([{ id: 1, shared_as: 'one_click' }]);
    const chat = await browser.page(shared.headers.location!);
    expect(chat.text).toMatch(/You shared .+ from Taobao here with one click: no extra taps\./);
    expect(chat.text).toContain('id="shared-1" class="bubble mine just-shared" aria-current="true"');
  });

  it('on a day of copy-and-paste, a paste sent before the copy step goes back to the step, and writes nothing', async () => {
    const browser = await browserAgent(world);
    const productId = taobaoProduct();
    const early = await browser
      .form(`/shop/taobao/share/${productId}?asOf=2021-10-15`, { target: 'wechat/one_to_one', step: 1 })
      .expect(303);
    expect(early.headers.location).toBe(`/shop/taobao/share/${productId}?target=wechat/one_to_one&step=1&asOf=2021-10-15`);
    expect(count(world.db, 'shared_links')).toBe(0);
    const bad = await browser.page(`/shop/taobao/share/${productId}?target=wechat/one_to_one&step=9&asOf=2021-10-15`);
    expect(bad.status).toBe(400);
    // Someone else's highlight is not shown: ?shared= names only the shopper's own message.
    const chat = await browser.page('/hosts/wechat/one_to_one?shared=1&asOf=2021-10-15');
    expect(chat.text).not.toContain('just-shared');
  });
});
