import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { transition } from '../../src/actions/transitions.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { newWorld, signIn, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

const aliOps: Actor = { username: 'ali.ops', displayName: 'Ali Ops', role: 'operator', groupSlug: 'alibaba', providerSlug: null };
const tencent: Actor = { username: 'tencent.reviewer', displayName: 'Tencent', role: 'reviewer', groupSlug: null, providerSlug: 'tencent' };

describe('a wallet launched through the console keeps its place in the checkout', () => {
  it('lists WeChat Pay after Alipay at Taobao once launched', async () => {
    for (const [verb, actor] of [
      ['request', aliOps],
      ['approve', tencent],
      ['launch', aliOps],
    ] as const) {
      const { version } = world.repos.integrations.find('taobao', 'wechat-pay')!;
      transition(world.repos, world.clock, {
        storefront: 'taobao',
        wallet: 'wechat-pay',
        verb,
        actor,
        reason: 'test',
        expectedVersion: version,
      });
    }
    expect(world.repos.integrations.find('taobao', 'wechat-pay')!.rules.displayOrder).toBe(2);
    const res = await supertest(world.app).get('/api/storefronts/taobao/wallets?shopper=s-1').expect(200);
    expect(res.body.wallets.filter((w: { shown: boolean }) => w.shown).map((w: { wallet: string }) => w.wallet)).toEqual([
      'alipay',
      'wechat-pay',
    ]);
  });
});

describe('display order through adjust', () => {
  // Each test starts with WeChat Pay live at Taobao (after Alipay).
  beforeEach(() => {
    for (const [verb, actor] of [
      ['request', aliOps],
      ['approve', tencent],
      ['launch', aliOps],
    ] as const) {
      const { version } = world.repos.integrations.find('taobao', 'wechat-pay')!;
      transition(world.repos, world.clock, {
        storefront: 'taobao',
        wallet: 'wechat-pay',
        verb,
        actor,
        reason: 'test',
        expectedVersion: version,
      });
    }
  });

  it('an operator moves a live wallet first at checkout through the API, and the event records it', async () => {
    const { version } = world.repos.integrations.find('taobao', 'wechat-pay')!;
    transition(world.repos, world.clock, {
      storefront: 'taobao',
      wallet: 'wechat-pay',
      verb: 'adjust',
      actor: aliOps,
      reason: 'WeChat first',
      expectedVersion: version,
      rules: { displayOrder: 0 },
    });
    expect(world.repos.integrations.find('taobao', 'wechat-pay')!.rules.displayOrder).toBe(0);
    const res = await supertest(world.app).get('/api/storefronts/taobao/wallets?shopper=s-1').expect(200);
    expect(res.body.wallets.filter((w: { shown: boolean }) => w.shown).map((w: { wallet: string }) => w.wallet)[0]).toBe('wechat-pay');
  });

  it('a display order out of range is refused beside its field on the console, and nothing is written', async () => {
    const row = world.repos.integrations.find('taobao', 'wechat-pay')!;
    const operator = await signIn(world, 'ali.ops');
    const res = await operator.form('/console/integrations/taobao/wechat-pay/adjust', { expectedVersion: row.version, displayOrder: 500 });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="adjust-displayOrder-error"');
    expect(res.text).toContain('a whole number from 0 to 99 (lower comes first)');
    expect(world.repos.integrations.find('taobao', 'wechat-pay')!.version).toBe(row.version);
  });
});
