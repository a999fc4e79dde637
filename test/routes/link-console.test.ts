import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiTokenFor, signedInAs, visitor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

const GROUP_TAOBAO = { host: 'wechat', surface: 'group_chat', platform: 'taobao' } as const;
const page = (key = GROUP_TAOBAO) => `/console/links/${key.host}/${key.surface}/${key.platform}`;
const policy = (key = GROUP_TAOBAO) =>
  world.db
    .prepare<[string, string, string], { id: number; behaviour: string; review: string; version: number; rollout_percent: number }>(
      'SELECT id, behaviour, review, version, rollout_percent FROM link_policies WHERE host_slug = ? AND surface_slug = ? AND platform_slug = ?',
    )
    .get(key.host, key.surface, key.platform)!;
const events = (verb: string) =>
  world.db
    .prepare<[number, string], { actor: string; reason: string; to_behaviour: string; rollout_percent: number }>(
      'SELECT actor, reason, to_behaviour, rollout_percent FROM link_policy_events WHERE policy_id = ? AND verb = ?',
    )
    .all(policy().id, verb);
const written = () => count(world.db, 'link_policy_events') + count(world.db, 'webhook_deliveries');
/** A webhook endpoint for link_policy.* events, so a change's delivery row is written (none without a subscriber). */
async function subscribe(): Promise<void> {
  await supertest(world.app)
    .post('/api/webhooks')
    .set('Authorization', `Bearer ${apiTokenFor(world, 'tencent.ops')}`)
    .send({ url: 'http://127.0.0.1:9/hooks', events: ['link_policy.*'] })
    .expect(201);
}
const badge = (html: string) => Number(/aria-label="(\d+) waiting"/.exec(html)?.[1] ?? 0);

describe('the host’s operator changes a WeChat link policy from the console', () => {
  it('when tencent.ops sets Taobao links in group chats to open directly for 30 %, then one event and one link_policy.changed webhook are written', async () => {
    await subscribe();
    const ops = await signedInAs(world, 'tencent.ops');
    const form = await ops.page(page());
    expect(form.text).toContain('data-verb="set"');
    expect(form.text).not.toContain('data-verb="approve"');
    const before = {
      events: count(world.db, 'link_policy_events'),
      hooks: count(world.db, 'webhook_deliveries', "event_type = 'link_policy.changed'"),
    };
    const res = await ops.form(`${page()}/set`, {
      expectedVersion: policy().version,
      behaviour: 'direct',
      preview: 'bare',
      share: 'copy_paste',
      rolloutPercent: 30,
      reason: 'Group chats open',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${page()}?done=set`);
    expect(count(world.db, 'link_policy_events')).toBe(before.events + 1);
    expect(count(world.db, 'webhook_deliveries', "event_type = 'link_policy.changed'")).toBe(before.hooks + 1);
    expect(events('set')).toEqual([{ actor: 'tencent.ops', reason: 'Group chats open', to_behaviour: 'direct', rollout_percent: 30 }]);
    expect(policy()).toMatchObject({ behaviour: 'direct', rollout_percent: 30, version: 5 });
    const after = await ops.page(res.headers.location!);
    expect(after.text).toContain('role="status">Changed.');
    expect(after.text).toContain('for 30 % of people; the rest: blocked');
    expect(after.text).toMatch(/data-event-version="5"[\s\S]*tencent\.ops[\s\S]*Blocked → Opens directly \(30 %\)/);
  });

  it('a set for later is scheduled: the flash says when, and the policy is unchanged until then', async () => {
    const ops = await signedInAs(world, 'tencent.ops');
    const res = await ops.form(`${page()}/set`, {
      expectedVersion: policy().version,
      behaviour: 'risk_warning',
      effectiveAt: '2027-01-01T08:00',
      reason: 'Next year',
    });
    expect(res.status).toBe(303);
    const after = await ops.page(res.headers.location!);
    expect(after.text).toContain('Scheduled: from 1 Jan 2027');
    expect(after.text).toContain('data-behaviour="blocked"');
  });

  it('a stale version is refused with 409, says who changed it, and writes nothing', async () => {
    const ops = await signedInAs(world, 'tencent.ops');
    const stale = policy().version;
    await ops.form(`${page()}/set`, { expectedVersion: stale, behaviour: 'copy_token', reason: 'first tab' }).expect(303);
    const before = written();
    const res = await ops.form(`${page()}/set`, { expectedVersion: stale, behaviour: 'direct', reason: 'second tab' });
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/data-refusal>This link policy was changed by tencent\.ops at .* while you were editing/);
    expect(res.text).toContain('value="second tab"');
    expect(written()).toBe(before);
    expect(policy().behaviour).toBe('copy_token');
  });

  it('bad input comes back as the same form, 400, with the field errors and what was typed, and writes nothing', async () => {
    const ops = await signedInAs(world, 'tencent.ops');
    const before = written();
    const res = await ops.form(`${page()}/set`, {
      expectedVersion: policy().version,
      behaviour: 'teleport',
      rolloutPercent: '150',
      effectiveAt: '2021-02-30T10:00',
      reason: 'typo',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="set-behaviour-error"');
    expect(res.text).toMatch(/id="set-rolloutPercent-error" class="field-error">a whole number from 0 to 100/);
    expect(res.text).toContain('id="set-effectiveAt-error"');
    expect(res.text).toContain('name="rolloutPercent" value="150"');
    expect(written()).toBe(before);
  });

  it('only the host’s operator may set: ali.ops, tencent.reviewer and a viewer are refused (403) and a signed-out visitor is sent to sign in', async () => {
    const before = written();
    for (const username of ['ali.ops', 'tencent.reviewer', 'viewer']) {
      const person = await signedInAs(world, username);
      const shown = await person.page(page());
      expect(shown.text, username).not.toContain('data-verb="set"');
      const res = await person.form(`${page()}/set`, { expectedVersion: policy().version, behaviour: 'direct', reason: 'not mine' });
      expect(res.status, username).toBe(403);
    }
    const anonymous = visitor(world, null);
    const res = await supertest(world.app)
      .post(`${page()}/set`)
      .set('Cookie', anonymous.cookie)
      .type('form')
      .send({ _csrf: anonymous.csrf, expectedVersion: policy().version, behaviour: 'direct' });
    expect([302, 303, 401]).toContain(res.status);
    expect(written()).toBe(before);
  });
});

describe('a link platform asks, the host’s reviewer decides (four-eyes)', () => {
  it('ali.ops requests direct opening; it lands in tencent.reviewer’s inbox and badge; ali.ops cannot approve it; the reviewer approves and it applies', async () => {
    await subscribe();
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const badgeBefore = badge((await reviewer.page('/console')).text);
    const ali = await signedInAs(world, 'ali.ops');
    const asked = await ali.form(`${page()}/request`, {
      expectedVersion: policy().version,
      behaviour: 'direct',
      reason: 'MIIT asked to stop blocking',
    });
    expect(asked.status).toBe(303);
    expect(policy()).toMatchObject({ behaviour: 'blocked', review: 'requested' });
    expect(events('request')).toEqual([
      expect.objectContaining({ actor: 'ali.ops', reason: 'MIIT asked to stop blocking', to_behaviour: 'blocked' }),
    ]);

    const inbox = await reviewer.page('/console');
    expect(inbox.text).toContain('data-section="link-requests"');
    expect(inbox.text).toMatch(/data-link="wechat\/group_chat\/taobao"[\s\S]*ali\.ops asks for <strong>opening directly<\/strong>/);
    expect(badge(inbox.text)).toBe(badgeBefore + 1);
    expect(badge((await reviewer.page('/review/links')).text)).toBe(badgeBefore + 1);

    const own = await ali.page(page());
    expect(own.text).toContain('data-verb="withdraw"');
    expect(own.text).not.toContain('data-verb="approve"');
    const before = written();
    expect((await ali.form(`${page()}/approve`, { expectedVersion: policy().version })).status).toBe(403);
    expect(written()).toBe(before);

    const decided = await reviewer.form(`${page()}/approve`, { expectedVersion: policy().version, reason: 'Fine' });
    expect(decided.status).toBe(303);
    expect(policy()).toMatchObject({ behaviour: 'direct', review: 'none' });
    expect(events('approve')).toEqual([expect.objectContaining({ actor: 'tencent.reviewer', to_behaviour: 'direct' })]);
    expect(count(world.db, 'webhook_deliveries', "event_type = 'link_policy.changed'")).toBe(2);
    const emptied = await reviewer.page('/console');
    expect(emptied.text).not.toContain('data-section="link-requests"');
    expect(badge(emptied.text)).toBe(badgeBefore);
  });

  it('an admin who made the request may not approve it either', async () => {
    const admin = await signedInAs(world, 'admin');
    await admin.form(`${page()}/request`, { expectedVersion: policy().version, behaviour: 'direct', reason: 'asked by admin' }).expect(303);
    const shown = await admin.page(page());
    expect(shown.text).not.toContain('data-verb="approve"');
    const before = written();
    expect((await admin.form(`${page()}/approve`, { expectedVersion: policy().version })).status).toBe(403);
    expect(written()).toBe(before);
  });

  it('a rejection needs a reason: without one the form comes back (400) and nothing is written', async () => {
    const ali = await signedInAs(world, 'ali.ops');
    await ali.form(`${page()}/request`, { expectedVersion: policy().version, share: 'one_click', reason: 'One-click sharing' }).expect(303);
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const before = written();
    const res = await reviewer.form(`${page()}/reject`, { expectedVersion: policy().version, reason: '' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="reject-reason-error" class="field-error">give a reason to reject/);
    expect(written()).toBe(before);
    await reviewer.form(`${page()}/reject`, { expectedVersion: policy().version, reason: 'Not yet' }).expect(303);
    expect(policy().review).toBe('rejected');
  });
});

describe('the console’s list of link policies', () => {
  it('lists every policy now, and sends a signed-out visitor to sign in', async () => {
    const viewer = await signedInAs(world, 'viewer');
    const list = await viewer.page('/console/links');
    expect(list.status).toBe(200);
    expect(list.text.match(/<tr data-link=/g)).toHaveLength(count(world.db, 'link_policies'));
    const anonymous = await supertest(world.app).get('/console/links');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toContain('/sign-in');
    expect((await viewer.page('/console/links/wechat/pigeon/taobao')).status).toBe(400);
  });
});
