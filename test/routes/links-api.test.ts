import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

const SEEDS = { s000: '000_3ad9a8ce8c300d77.txt', s001: '001_88c09b51e0654d57.txt', s003: '003_c2934a50caf5392e.txt' };

describe('links across the walls, as the record gives them', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });
  const open = (query: string) => supertest(world.app).get(`/api/links/open?${query}`).expect(200);
  const policyRow = (host: string, surface: string, platform: string) =>
    world.db
      .prepare<[string, string, string], { id: number; behaviour: string; version: number }>(
        'SELECT id, behaviour, version FROM link_policies WHERE host_slug = ? AND surface_slug = ? AND platform_slug = ?',
      )
      .get(host, surface, platform);

  it('when a Taobao link is tapped in a WeChat one-to-one chat on 1 Aug 2021, then it is blocked: copy it to a browser', async () => {
    const res = await open('host=wechat&surface=one_to_one&platform=taobao&asOf=2021-08-01');
    expect(res.body).toMatchObject({
      behaviour: 'blocked',
      reason: 'BLOCKED',
      preview: 'bare',
      steps: 2,
      arrival: 'browser',
      sincePrecision: 'before',
    });
    expect(res.body.source).toContain('002_c38cf0f4a4e7f84b.txt');
    const row = policyRow('wechat', 'one_to_one', 'taobao');
    const first = world.db
      .prepare<[number], { verb: string; to_behaviour: string; date_precision: string; effective_at: string }>(
        'SELECT verb, to_behaviour, date_precision, effective_at FROM link_policy_events WHERE policy_id = ? ORDER BY effective_at, id LIMIT 1',
      )
      .get(row!.id);
    expect(first).toEqual({
      verb: 'reported',
      to_behaviour: 'blocked',
      date_precision: 'before',
      effective_at: '2021-01-01T00:00:00.000Z',
    });
  });

  it('as of 15 Oct 2021 it opens after a second confirmation, and Moments does not take a Taobao link', async () => {
    const chat = await open('host=wechat&surface=one_to_one&platform=taobao&asOf=2021-10-15');
    expect(chat.body).toMatchObject({
      behaviour: 'confirm_twice',
      reason: 'CONFIRM_TWICE',
      steps: 1,
      arrival: 'in_app_browser',
      storefront: 'taobao',
      shareable: true,
    });
    const moments = await open('host=wechat&surface=moments&platform=taobao&asOf=2021-10-15');
    expect(moments.body).toMatchObject({ shareable: false, reason: 'NOT_SHAREABLE', steps: null, arrival: null, share: 'none' });
    const groups = await open('host=wechat&surface=group_chat&platform=taobao&asOf=2021-10-15');
    expect(groups.body.behaviour).toBe('blocked');
  });

  it('as of 1 Dec 2021 it opens directly (003), while group chats stay as they were: announced is not done', async () => {
    const chat = await open('host=wechat&surface=one_to_one&platform=taobao&asOf=2021-12-01');
    expect(chat.body).toMatchObject({
      behaviour: 'direct',
      reason: 'DIRECT',
      steps: 0,
      since: '2021-11-29T23:59:59.999Z',
      sincePrecision: 'day',
      source: SEEDS.s003,
    });
    const groups = await supertest(world.app).get('/api/links?host=wechat&surface=group_chat&platform=taobao&asOf=2021-12-01').expect(200);
    expect(groups.body.policies).toHaveLength(1);
    expect(groups.body.policies[0]).toMatchObject({
      behaviour: 'blocked',
      announcement: { asked: { behaviour: 'direct' }, date: '≈ late Nov 2021' },
    });
    // Alibaba's one-click sharing was expected on 27 Oct; the share is still copied and pasted.
    expect(chat.body.share).toBe('copy_paste');
  });

  it('previews a JD link rich and a Taobao link bare', async () => {
    const jd = await open('host=wechat&surface=one_to_one&platform=jd&asOf=2021-12-01');
    const taobao = await open('host=wechat&surface=one_to_one&platform=taobao&asOf=2021-12-01');
    expect(jd.body).toMatchObject({ preview: 'rich', behaviour: 'direct' });
    // How it opens is 003's update note for every external link; the preview is 001's, undated; sharing is not reported.
    expect(jd.body).toMatchObject({
      basis: 'reported',
      source: SEEDS.s003,
      assumed: ['share'],
      facts: { preview: { date: 'undated', source: SEEDS.s001 }, share: null },
    });
    expect(taobao.body.preview).toBe('bare');
  });

  it('lists the policies as of a date with since, its precision and the source', async () => {
    const res = await supertest(world.app).get('/api/links?host=wechat&platform=taobao&asOf=2021-10-15').expect(200);
    expect(res.body.asOf).toBe('2021-10-15T23:59:59.999Z');
    expect(
      res.body.policies.map(
        (p: { surface: string; behaviour: string; sinceLabel: string }) => `${p.surface}:${p.behaviour}:${p.sinceLabel}`,
      ),
    ).toEqual(['one_to_one:confirm_twice:≈ mid-Oct 2021', 'group_chat:blocked:before 2021', 'moments:blocked:before 2021']);
  });

  it('refuses bad input with the field paths, and impossible dates', async () => {
    const bad = await supertest(world.app).get('/api/links/open?host=icq&surface=one_to_one&asOf=2021-02-30');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(bad.body.code).toBe('bad_request');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['asOf', 'host', 'platform']);
    const unknown = await supertest(world.app).get('/api/links/open?host=taobao&surface=moments&platform=jd');
    expect(unknown.status).toBe(404);
  });

  it('decides JD opened in WeChat: WeChat Pay shown, Alipay walled out by the host, and the sentence says so', async () => {
    const res = await supertest(world.app)
      .get('/api/storefronts/jd/wallets?host=wechat&channel=in_app_browser&asOf=2021-12-01')
      .expect(200);
    const byWallet = Object.fromEntries(res.body.wallets.map((w: { wallet: string }) => [w.wallet, w]));
    expect(byWallet['wechat-pay']).toMatchObject({ shown: true, reason: 'SHOWN' });
    expect(byWallet.alipay).toMatchObject({ shown: false, reason: 'HOST_APP_BLOCKS' });
    expect(byWallet.alipay.message).toMatch(/^Opened in WeChat, which walls Alipay out/);
    expect(byWallet.alipay.message).toContain('No report yet of Alipay offered or asked for at JD.com');
    expect(res.body.context).toMatchObject({ channel: 'in_app_browser', host: 'wechat' });
    // Outside WeChat, the same shop's Alipay is JD's own matter.
    const plain = await supertest(world.app).get('/api/storefronts/jd/wallets?asOf=2021-12-01').expect(200);
    expect(plain.body.wallets.find((w: { wallet: string }) => w.wallet === 'alipay').reason).toBe('NOT_REQUESTED');
  });

  it('decides Taobao opened in WeChat as 003 reports: WeChat Pay still excluded, by Taobao, not by WeChat', async () => {
    const res = await supertest(world.app)
      .get('/api/storefronts/taobao/wallets?host=wechat&channel=in_app_browser&asOf=2021-12-01')
      .expect(200);
    const byWallet = Object.fromEntries(res.body.wallets.map((w: { wallet: string }) => [w.wallet, w]));
    expect(byWallet.alipay.shown).toBe(true);
    expect(byWallet['wechat-pay']).toMatchObject({ shown: false, reason: 'NOT_REQUESTED' });
    expect(byWallet['wechat-pay'].message).toContain('WeChat does not wall WeChat Pay out');
  });

  it('keeps the host on an order placed inside WeChat, and refuses Alipay there', async () => {
    const product = (await supertest(world.app).get('/api/storefronts/jd').expect(200)).body.products[0].id as number;
    const order = {
      storefront: 'jd',
      shopper: 'shopper-in-wechat',
      channel: 'in_app_browser',
      host: 'wechat',
      items: [{ product, quantity: 1 }],
    };
    const refused = await supertest(world.app)
      .post('/api/orders')
      .send({ ...order, wallet: 'alipay' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'wallet_not_shown', reason: 'HOST_APP_BLOCKS' });
    const placed = await supertest(world.app)
      .post('/api/orders')
      .send({ ...order, wallet: 'wechat-pay' })
      .expect(201);
    expect(placed.body).toMatchObject({ host: 'wechat', channel: 'in_app_browser' });
    expect(count(world.db, 'orders', "host = 'wechat' AND channel = 'in_app_browser'")).toBe(1);
  });
});

describe('the link verbs over the API', () => {
  let world: TestWorld;
  const tokens: Record<string, string> = {};
  beforeEach(() => {
    world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
    for (const username of ['ali.ops', 'tencent.ops', 'tencent.reviewer', 'viewer', 'admin'])
      tokens[username] = apiTokenFor(world, username);
    return () => world.close();
  });
  const post = (username: string, path: string, body: object) =>
    supertest(world.app).post(`/api/links/wechat/group_chat/taobao/${path}`).set('Authorization', `Bearer ${tokens[username]}`).send(body);
  const version = () => world.repos.links.find({ host: 'wechat', surface: 'group_chat', platform: 'taobao' })!.version;
  const events = () => count(world.db, 'link_policy_events');

  it('when Alibaba requests direct opening in group chats and Tencent approves, then group-chat links open directly', async () => {
    const asked = await post('ali.ops', 'request', {
      expectedVersion: version(),
      reason: 'One-click sharing to groups',
      behaviour: 'direct',
    }).expect(200);
    expect(asked.body.policy).toMatchObject({ review: 'requested', behaviour: 'blocked' });
    expect(asked.body.event).toMatchObject({ verb: 'request', asked: { behaviour: 'direct' }, actor: 'ali.ops' });
    const approved = await post('tencent.reviewer', 'approve', { expectedVersion: version(), reason: 'Security review passed' }).expect(
      200,
    );
    expect(approved.body.policy).toMatchObject({ review: 'none', behaviour: 'direct', fallbackBehaviour: 'blocked' });
    const now = await supertest(world.app).get('/api/links/open?host=wechat&surface=group_chat&platform=taobao').expect(200);
    expect(now.body.behaviour).toBe('direct');
    const rows = world.db
      .prepare<[], { verb: string; actor: string; to_behaviour: string }>(
        `SELECT verb, actor, to_behaviour FROM link_policy_events WHERE actor_role != 'record' ORDER BY id`,
      )
      .all();
    expect(rows).toEqual([
      { verb: 'request', actor: 'ali.ops', to_behaviour: 'blocked' },
      { verb: 'approve', actor: 'tencent.reviewer', to_behaviour: 'direct' },
    ]);
  });

  it('keeps four eyes: the admin who asked cannot approve; an operator cannot approve; only the host operator sets', async () => {
    await post('admin', 'request', { expectedVersion: version(), reason: 'try', behaviour: 'risk_warning' }).expect(200);
    const written = events();
    const own = await post('admin', 'approve', { expectedVersion: version() });
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/Four-eyes/);
    expect((await post('tencent.ops', 'approve', { expectedVersion: version() })).status).toBe(403);
    expect((await post('ali.ops', 'set', { expectedVersion: version(), behaviour: 'direct' })).status).toBe(403);
    expect((await post('viewer', 'set', { expectedVersion: version(), behaviour: 'direct' })).status).toBe(403);
    expect(events()).toBe(written);
    expect(count(world.db, 'link_policy_events', "actor_role != 'record'")).toBe(1);
  });

  it('lets the host operator schedule a change with a rollout, sticky per person, and writes its webhook in the same transaction', async () => {
    await supertest(world.app)
      .post('/api/webhooks')
      .set('Authorization', `Bearer ${tokens['tencent.ops']}`)
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['link_policy.*'] })
      .expect(201);
    const set = await post('tencent.ops', 'set', {
      expectedVersion: version(),
      behaviour: 'risk_warning',
      rolloutPercent: 30,
      effectiveAt: '2026-12-01T08:00:00Z',
      reason: 'Group-chat test',
    }).expect(200);
    expect(set.body.policy.pendingAt).toBe('2026-12-01T08:00:00.000Z');
    expect(set.body.policy.behaviour).toBe('blocked');
    expect(count(world.db, 'webhook_deliveries', "event_type = 'link_policy.changed'")).toBe(1);
    const later = (shopper: string) =>
      supertest(world.app)
        .get(`/api/links/open?host=wechat&surface=group_chat&platform=taobao&shopper=${shopper}&asOf=2026-12-02`)
        .expect(200);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => later(`s${i}`)));
    const inside = answers.filter((a) => a.body.reason === 'RISK_WARNING');
    const outside = answers.filter((a) => a.body.reason === 'OUT_OF_ROLLOUT');
    expect(inside.length + outside.length).toBe(40);
    expect(inside.length).toBeGreaterThan(0);
    for (const a of outside) expect(a.body).toMatchObject({ behaviour: 'blocked', steps: 2 });
    for (const a of inside) expect(a.body.bucket).toBeLessThan(30);
    expect((await later(inside[0]!.body.shopper)).body.reason).toBe('RISK_WARNING');
  });

  it('refuses a stale version with 409 stale_version and writes nothing', async () => {
    const before = events();
    const res = await post('tencent.ops', 'set', { expectedVersion: version() - 1, behaviour: 'direct' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'stale_version', currentVersion: version() });
    expect(events()).toBe(before);
  });

  it('refuses a verb the review state does not allow, a past effective time, and a missing token', async () => {
    const approve = await post('tencent.reviewer', 'approve', { expectedVersion: version() });
    expect(approve.status).toBe(409);
    expect(approve.body.code).toBe('invalid_transition');
    const past = await post('tencent.ops', 'set', { expectedVersion: version(), behaviour: 'direct', effectiveAt: '2021-11-29T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].path).toBe('effectiveAt');
    const impossible = await post('tencent.ops', 'set', {
      expectedVersion: version(),
      behaviour: 'direct',
      effectiveAt: '2026-02-30T00:00:00Z',
    });
    expect(impossible.status).toBe(400);
    const anonymous = await supertest(world.app).post('/api/links/wechat/group_chat/taobao/set').send({ expectedVersion: 0 });
    expect(anonymous.status).toBe(401);
  });
});
