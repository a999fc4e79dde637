import { beforeEach, describe, expect, it } from 'vitest';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { newWorld, type TestWorld, signIn } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

describe('withdraw, suspend and revoke ask first, and need a reason', () => {
  it('revoke shows a confirmation page with the impact and writes nothing until confirmed', async () => {
    const version = putInState(world, 'idle-fish', 'wechat-pay', 'live', actors.admin);
    const reviewer = await signIn(world, 'tencent.reviewer');
    const before = integrationRows(world, 'idle-fish', 'wechat-pay');
    const ask = await reviewer
      .form('/console/integrations/idle-fish/wechat-pay/revoke', { expectedVersion: version, reason: 'Contract ended' })
      .expect(200);
    expect(ask.text).toContain('Revoke WeChat Pay at Idle Fish?');
    expect(ask.text).toMatch(/About \d+ % of shoppers at Idle Fish see WeChat Pay now; after this, none will\./);
    expect(ask.text).toContain('name="confirmed" value="yes"');
    expect(ask.text).toContain('value="Contract ended"');
    expect(integrationRows(world, 'idle-fish', 'wechat-pay')).toEqual(before);

    await reviewer
      .form('/console/integrations/idle-fish/wechat-pay/revoke', { expectedVersion: version, reason: 'Contract ended', confirmed: 'yes' })
      .expect(303)
      .expect('location', '/console/integrations/idle-fish/wechat-pay?done=revoke');
    const after = integrationRows(world, 'idle-fish', 'wechat-pay');
    expect(after.events).toBe(before.events + 1);
    expect(after.row.state).toBe('not_requested');
  });

  it('revoke without a reason is refused beside the reason field, before any confirmation', async () => {
    const version = putInState(world, 'freshippo', 'wechat-pay', 'live', actors.admin);
    const reviewer = await signIn(world, 'tencent.reviewer');
    const before = integrationRows(world, 'freshippo', 'wechat-pay');
    const res = await reviewer.form('/console/integrations/freshippo/wechat-pay/revoke', { expectedVersion: version, reason: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="revoke-reason-error"');
    expect(res.text).not.toContain('Please fix');
    // Confirmed or not, no reason means nothing is written.
    const confirmed = await reviewer.form('/console/integrations/freshippo/wechat-pay/revoke', {
      expectedVersion: version,
      reason: '',
      confirmed: 'yes',
    });
    expect(confirmed.status).toBe(400);
    expect(integrationRows(world, 'freshippo', 'wechat-pay')).toEqual(before);
  });

  it('the launch form says how many shoppers will see the wallet, for whatever rollout is typed', async () => {
    putInState(world, 'kaola', 'unionpay-qr', 'approved', actors.admin);
    const operator = await signIn(world, 'ali.ops');
    const page = await operator.page('/console/integrations/kaola/unionpay-qr');
    expect(page.text).toMatch(/data-impact>The rollout you set is about the share of shoppers at Kaola who will see UnionPay QR/);
  });
});

describe('an integration page links to what belongs with it, and says why nothing is allowed', () => {
  it('links to its timeline, the preview and the checkout', async () => {
    const operator = await signIn(world, 'ali.ops');
    const page = await operator.page('/console/integrations/eleme/wechat-pay');
    expect(page.text).toContain('href="/review/timeline?storefront=eleme&amp;wallet=wechat-pay"');
    expect(page.text).toContain('href="/review/preview?storefront=eleme"');
    expect(page.text).toContain('href="/shop/eleme/checkout"');
  });

  it('a reviewer of another provider is told why', async () => {
    putInState(world, 'tmall', 'wechat-pay', 'requested', actors.aliOps);
    const other = await signIn(world, 'ant.reviewer');
    const page = await other.page('/console/integrations/tmall/wechat-pay');
    expect(page.text).toMatch(/Nothing you may do from requested: .*reviews for another provider, not Tencent \(WeChat Pay\)/);
  });
});
