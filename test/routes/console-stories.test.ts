import { beforeEach, describe, expect, it } from 'vitest';
import { transitionAs } from '../support/integrations.ts';
import { signedInAs } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

describe('Idle Fish gets WeChat Pay: Tencent approves, Alibaba launches to half the shoppers', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('shows the pending request in the Tencent reviewer’s inbox, with the count in the navigation', async () => {
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const inbox = await reviewer.page('/console');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('data-integration="idle-fish/wechat-pay"');
    expect(inbox.text).toMatch(/aria-label="3 waiting">3</);
    expect(inbox.text).not.toContain('data-integration="idle-fish/alipay"');
  });

  it('when tencent.reviewer approves, the integration is approved and the event names the reviewer', async () => {
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const page = await reviewer.page('/console/integrations/idle-fish/wechat-pay');
    expect(page.text).toContain('data-verb="approve"');
    expect(page.text).not.toContain('data-verb="launch"');
    const version = Number(/name="expectedVersion" value="(\d+)"/.exec(page.text)![1]);
    const res = await reviewer.form('/console/integrations/idle-fish/wechat-pay/approve', {
      expectedVersion: version,
      reason: 'Technical review passed',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console/integrations/idle-fish/wechat-pay?done=approve');
    const row = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    expect(row).toMatchObject({ state: 'approved', version: version + 1 });
    expect(
      count(
        world.db,
        'integration_events',
        "integration_id = ? AND verb = 'approve' AND actor = 'tencent.reviewer' AND reason = 'Technical review passed'",
        row.id,
      ),
    ).toBe(1);
    const after = await reviewer.page(res.headers.location as string);
    expect(after.text).toContain('Approved.');
    expect(after.text).toContain('Technical review passed');
  });

  it('when ali.ops launches it at 50 %, between 40 % and 60 % of 1,000 shoppers see WeChat Pay, each always the same', async () => {
    transitionAs(world, 'tencent.reviewer', 'approve', 'idle-fish', 'wechat-pay', 'Technical review passed');
    const operator = await signedInAs(world, 'ali.ops');
    const inbox = await operator.page('/console');
    expect(inbox.text).toContain('data-integration="idle-fish/wechat-pay"');
    const { version } = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    const fields = new URLSearchParams({
      _csrf: operator.csrf,
      expectedVersion: String(version),
      rolloutPercent: '50',
      effectiveAt: '',
      minAmount: '',
      maxAmount: '',
      reason: 'Half of the shoppers first',
    });
    for (const channel of ['app', 'mini_program', 'mobile_web', 'desktop_web']) fields.append('channels', channel);
    const res = await operator.agent.post('/console/integrations/idle-fish/wechat-pay/launch').type('form').send(fields.toString());
    expect(res.status).toBe(303);
    expect(world.repos.integrations.find('idle-fish', 'wechat-pay')).toMatchObject({ state: 'live', rules: { rolloutPercent: 50 } });

    const answers = new Map<string, string>();
    let shown = 0;
    for (let i = 0; i < 1000; i++) {
      const { body } = await operator.agent.get(`/api/storefronts/idle-fish/wallets?shopper=shopper-${i}`).expect(200);
      const wechat = body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay');
      expect(['SHOWN', 'OUT_OF_ROLLOUT']).toContain(wechat.reason);
      if (wechat.shown) shown += 1;
      answers.set(`shopper-${i}`, wechat.reason);
    }
    expect(shown).toBeGreaterThanOrEqual(400);
    expect(shown).toBeLessThanOrEqual(600);
    for (const i of [0, 1, 2, 3, 500, 999]) {
      const { body } = await operator.agent.get(`/api/storefronts/idle-fish/wallets?shopper=shopper-${i}`);
      expect(body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay').reason).toBe(answers.get(`shopper-${i}`));
    }
  });
});

describe('Kaola asks for UnionPay QR and UnionPay declines', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('gives REJECTED at the Kaola checkout with the reviewer’s reason', async () => {
    const operator = await signedInAs(world, 'ali.ops');
    const request = await operator.form('/console/integrations/kaola/unionpay-qr/request', {
      expectedVersion: 0,
      reason: 'Shoppers asked for UnionPay',
    });
    expect(request.status).toBe(303);
    expect(world.repos.integrations.find('kaola', 'unionpay-qr')).toMatchObject({ state: 'requested', version: 1 });

    const reviewer = await signedInAs(world, 'unionpay.reviewer');
    expect((await reviewer.page('/console')).text).toContain('data-integration="kaola/unionpay-qr"');
    const noReason = await reviewer.form('/console/integrations/kaola/unionpay-qr/reject', { expectedVersion: 1, reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(/give a reason to reject/);
    expect(world.repos.integrations.find('kaola', 'unionpay-qr')).toMatchObject({ state: 'requested', version: 1 });

    const reject = await reviewer.form('/console/integrations/kaola/unionpay-qr/reject', {
      expectedVersion: 1,
      reason: 'Cross-border settlement not ready',
    });
    expect(reject.status).toBe(303);
    expect(world.repos.integrations.find('kaola', 'unionpay-qr')).toMatchObject({ state: 'rejected', version: 2 });

    const { body } = await operator.agent.get('/api/storefronts/kaola/wallets?shopper=anyone').expect(200);
    const unionpay = body.wallets.find((w: { wallet: string }) => w.wallet === 'unionpay-qr');
    expect(unionpay).toMatchObject({ shown: false, reason: 'REJECTED', state: 'rejected' });
    expect(unionpay.message).toContain('Cross-border settlement not ready');
  });
});
