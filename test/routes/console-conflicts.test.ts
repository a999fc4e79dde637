import { beforeEach, describe, expect, it } from 'vitest';
import { putInState } from '../support/integrations.ts';
import { signedInAs } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

const rowOf = (world: ReturnType<typeof newWorld>, storefront: string, wallet: string) =>
  world.repos.integrations.find(storefront, wallet)!;
const eventsOf = (world: ReturnType<typeof newWorld>, storefront: string, wallet: string) =>
  count(world.db, 'integration_events', 'integration_id = ?', rowOf(world, storefront, wallet).id);

describe('when two people edit the same integration', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('refuses the slower one with 409, re-renders the current state and says who changed it and when', async () => {
    const admin = await signedInAs(world, 'admin');
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const stalePage = await admin.page('/console/integrations/freshippo/wechat-pay');
    const staleVersion = Number(/name="expectedVersion" value="(\d+)"/.exec(stalePage.text)![1]);
    world.clock.set('2026-11-22T09:05:00.000Z');
    await reviewer.form('/console/integrations/freshippo/wechat-pay/approve', { expectedVersion: staleVersion, reason: 'ok' }).expect(303);
    const eventsBefore = eventsOf(world, 'freshippo', 'wechat-pay');

    const res = await admin.form('/console/integrations/freshippo/wechat-pay/reject', {
      expectedVersion: staleVersion,
      reason: 'too slow',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('changed by tencent.reviewer at 22 Nov 2026, 09:05 UTC while you were editing');
    expect(res.text).toContain('data-state="approved"');
    expect(res.text).toMatch(/class="count" aria-label="\d+ waiting"/); // the navigation still counts what waits
    expect(res.text).toContain(`name="expectedVersion" value="${staleVersion + 1}"`);
    expect(rowOf(world, 'freshippo', 'wechat-pay')).toMatchObject({ state: 'approved', version: staleVersion + 1 });
    expect(eventsOf(world, 'freshippo', 'wechat-pay')).toBe(eventsBefore);
  });

  it('refuses a verb the state does not allow with 409, naming the state and the verbs it allows', async () => {
    const operator = await signedInAs(world, 'ali.ops');
    const { version } = rowOf(world, 'eleme', 'wechat-pay');
    const res = await operator.form('/console/integrations/eleme/wechat-pay/launch', { expectedVersion: version, rolloutPercent: 10 });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Cannot launch an integration that is live (live); allowed from live: adjust, suspend, revoke.');
    expect(rowOf(world, 'eleme', 'wechat-pay').version).toBe(version);
  });
});

describe('four-eyes', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('an admin who requested cannot approve the request, and is not even offered the form', async () => {
    const admin = await signedInAs(world, 'admin');
    // The record's two reports that Tmall does not offer WeChat Pay (000, 002) come first.
    const v = rowOf(world, 'tmall', 'wechat-pay').version;
    await admin.form('/console/integrations/tmall/wechat-pay/request', { expectedVersion: v, reason: 'please' }).expect(303);
    const page = await admin.page('/console/integrations/tmall/wechat-pay');
    expect(page.text).not.toContain('data-verb="approve"');
    expect(page.text).toContain('data-verb="reject"');
    const res = await admin.form('/console/integrations/tmall/wechat-pay/approve', { expectedVersion: v + 1, reason: 'self-service' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Four-eyes rule: admin made this request');
    expect(rowOf(world, 'tmall', 'wechat-pay')).toMatchObject({ state: 'requested', version: v + 1 });
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    await reviewer
      .form('/console/integrations/tmall/wechat-pay/approve', { expectedVersion: v + 1, reason: 'second pair of eyes' })
      .expect(303);
    expect(rowOf(world, 'tmall', 'wechat-pay')).toMatchObject({ state: 'approved', version: v + 2 });
  });
});

describe('forms that should not change anything', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('refuses a form without its CSRF token with 403 and writes nothing', async () => {
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const before = eventsOf(world, 'idle-fish', 'wechat-pay');
    const { version } = rowOf(world, 'idle-fish', 'wechat-pay');
    const res = await reviewer.agent
      .post('/console/integrations/idle-fish/wechat-pay/approve')
      .type('form')
      .send({ expectedVersion: version, reason: 'x' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('CSRF');
    expect(rowOf(world, 'idle-fish', 'wechat-pay')).toMatchObject({ state: 'requested', version });
    expect(eventsOf(world, 'idle-fish', 'wechat-pay')).toBe(before);
  });

  it('refuses a token made for another session', async () => {
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const other = await signedInAs(world, 'tencent.reviewer');
    const { version } = rowOf(world, 'idle-fish', 'wechat-pay');
    const res = await reviewer.agent
      .post('/console/integrations/idle-fish/wechat-pay/approve')
      .type('form')
      .send({ _csrf: other.csrf, expectedVersion: version, reason: 'x' });
    expect(res.status).toBe(403);
    expect(rowOf(world, 'idle-fish', 'wechat-pay').version).toBe(version);
  });

  it('re-renders the launch form with field errors and the typed values, status 400, nothing written', async () => {
    putInState(world, 'taobao', 'wechat-pay', 'approved');
    const operator = await signedInAs(world, 'ali.ops');
    const { version } = rowOf(world, 'taobao', 'wechat-pay');
    const before = eventsOf(world, 'taobao', 'wechat-pay');
    const res = await operator.form('/console/integrations/taobao/wechat-pay/launch', {
      expectedVersion: version,
      rolloutPercent: 150,
      minAmount: '50.00',
      maxAmount: '20.00',
      channels: 'app',
      reason: 'typed reason',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('a whole number from 0 to 100');
    expect(res.text).toContain('must be at least the minimum amount');
    expect(res.text).toMatch(/name="rolloutPercent" value="150"/);
    expect(res.text).toMatch(/name="minAmount" value="50.00"/);
    expect(res.text).toContain('value="typed reason"');
    expect(rowOf(world, 'taobao', 'wechat-pay')).toMatchObject({ state: 'approved', version });
    expect(eventsOf(world, 'taobao', 'wechat-pay')).toBe(before);
  });

  it('shows a reason containing <script> as text, in the console and at checkout', async () => {
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const { version } = rowOf(world, 'freshippo', 'wechat-pay');
    const reason = '<script>alert("x")</script>';
    await reviewer.form('/console/integrations/freshippo/wechat-pay/reject', { expectedVersion: version, reason }).expect(303);
    expect(count(world.db, 'integration_events', 'reason = ?', reason)).toBe(1);
    const page = await reviewer.page('/console/integrations/freshippo/wechat-pay');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;');
    const { body } = await reviewer.agent.get('/api/storefronts/freshippo/wallets?shopper=s1');
    expect(body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay').message).toContain(reason);
  });
});

describe('a launch scheduled for later', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('shows SCHEDULED until its time, then goes live without anyone touching it', async () => {
    putInState(world, 'taobao', 'wechat-pay', 'approved');
    const operator = await signedInAs(world, 'ali.ops');
    const { version } = rowOf(world, 'taobao', 'wechat-pay');
    await operator
      .form('/console/integrations/taobao/wechat-pay/launch', {
        expectedVersion: version,
        effectiveAt: '2026-12-01T08:00',
        rolloutPercent: 100,
        channels: 'app',
        reason: 'Double 12',
      })
      .expect(303);
    const event = world.db.prepare("SELECT * FROM integration_events WHERE verb = 'launch' AND actor = 'ali.ops'").get() as Record<
      string,
      unknown
    >;
    expect(event).toMatchObject({ effective_at: '2026-12-01T08:00:00.000Z', status: 'active', channels: 'app' });

    const flash = await operator.page('/console/integrations/taobao/wechat-pay?done=launch');
    expect(flash.text).toContain('Scheduled: live from 1 Dec 2026, 08:00 UTC; nothing changes for shoppers until then.');
    expect(flash.text).not.toContain('Launched.');
    const page = await operator.page('/console/integrations/taobao/wechat-pay');
    expect(page.text).toContain('data-state="approved"');
    expect(page.text).toContain('Scheduled for 1 Dec 2026, 08:00 UTC');
    const list = await operator.page('/console/integrations?state=approved&wallet=wechat-pay');
    expect(list.text).toContain('data-integration="taobao/wechat-pay"');
    const before = (await operator.agent.get('/api/storefronts/taobao/wallets?shopper=s1&channel=app')).body;
    expect(before.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({
      reason: 'SCHEDULED',
      goesLiveAt: '2026-12-01T08:00:00.000Z',
    });

    world.clock.set('2026-12-01T08:00:01.000Z');
    const after = (await operator.agent.get('/api/storefronts/taobao/wallets?shopper=s1&channel=app')).body;
    expect(after.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({ reason: 'SHOWN', state: 'live' });
    // Nine days later the 12-hour session has expired: sign in again to look.
    expect((await operator.page('/console/integrations/taobao/wechat-pay')).status).toBe(303);
    const again = await signedInAs(world, 'ali.ops');
    expect((await again.page('/console/integrations/taobao/wechat-pay')).text).toContain('data-state="live"');
  });

  it('is cancelled, not deleted, when a new launch supersedes it', async () => {
    world.clock.set('2026-11-22T10:00:00.000Z');
    putInState(world, 'tmall', 'wechat-pay', 'approved');
    const operator = await signedInAs(world, 'ali.ops');
    let { version } = rowOf(world, 'tmall', 'wechat-pay');
    await operator
      .form('/console/integrations/tmall/wechat-pay/launch', { expectedVersion: version, effectiveAt: '2026-12-12T00:00', channels: 'app' })
      .expect(303);
    version += 1;
    await operator
      .form('/console/integrations/tmall/wechat-pay/launch', { expectedVersion: version, effectiveAt: '2026-11-30T00:00', channels: 'app' })
      .expect(303);
    const launches = world.db
      .prepare(`SELECT effective_at, status, cancelled_at FROM integration_events
      WHERE integration_id = ? AND verb = 'launch' ORDER BY id`)
      .all(rowOf(world, 'tmall', 'wechat-pay').id);
    expect(launches).toEqual([
      { effective_at: '2026-12-12T00:00:00.000Z', status: 'cancelled', cancelled_at: '2026-11-22T10:00:00.000Z' },
      { effective_at: '2026-11-30T00:00:00.000Z', status: 'active', cancelled_at: null },
    ]);
    const page = await operator.page('/console/integrations/tmall/wechat-pay');
    expect(page.text).toContain('Scheduled for 30 Nov 2026, 00:00 UTC');
  });

  it('refuses a time in the past with a field error', async () => {
    putInState(world, 'shuqi', 'unionpay-qr', 'approved');
    const operator = await signedInAs(world, 'ali.ops');
    const { version } = rowOf(world, 'shuqi', 'unionpay-qr');
    const res = await operator.form('/console/integrations/shuqi/unionpay-qr/launch', {
      expectedVersion: version,
      effectiveAt: '2020-01-01T00:00',
      channels: 'app',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('must be now or later');
    // Said once, beside the field, in words: no "Please fix: effectiveAt" banner above it.
    expect(res.text.match(/must be now or later/g)).toHaveLength(1);
    expect(res.text).not.toContain('Please fix');
    expect(rowOf(world, 'shuqi', 'unionpay-qr').version).toBe(version);
  });
});
