import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { transitionAs } from '../support/integrations.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

describe('the integrations API', () => {
  let world: TestWorld;
  const tokens: Record<string, string> = {};
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    for (const username of ['ali.ops', 'tencent.reviewer', 'viewer']) tokens[username] = apiTokenFor(world, username);
    return () => world.close();
  });
  const api = (username: string) => ({
    get: (path: string) => supertest(world.app).get(path).set('Authorization', `Bearer ${tokens[username]}`),
    post: (path: string) => supertest(world.app).post(path).set('Authorization', `Bearer ${tokens[username]}`),
  });
  const idleFish = () => world.repos.integrations.find('idle-fish', 'wechat-pay')!;

  it('asks for a token: 401 problem without one', async () => {
    const res = await supertest(world.app).get('/api/integrations');
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('lists integrations filtered by storefront, wallet and state now', async () => {
    const live = await api('viewer').get('/api/integrations?wallet=wechat-pay&state=live').expect(200);
    expect(live.body.integrations.map((i: { storefront: string }) => i.storefront)).toEqual([
      'eleme',
      'youku',
      'damai',
      'kaola',
      'shuqi',
      'jd',
      'pinduoduo',
      'vipshop',
    ]);
    const kaola = await api('viewer').get('/api/integrations?storefront=kaola').expect(200);
    expect(kaola.body.integrations.map((i: { wallet: string; state: string }) => `${i.wallet}:${i.state}`)).toEqual([
      'alipay:live',
      'wechat-pay:live',
      'unionpay-qr:not_requested',
    ]);
    const bad = await api('viewer').get('/api/integrations?state=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('state');
  });

  it('shows one integration with its version (also as ETag) and its full history', async () => {
    const one = await api('viewer').get('/api/integrations/idle-fish/wechat-pay').expect(200);
    expect(one.body).toMatchObject({
      storefront: 'idle-fish',
      wallet: 'wechat-pay',
      state: 'requested',
      version: idleFish().version,
      scheduledLaunchAt: null,
    });
    expect(one.headers.etag).toBe(`"${idleFish().version}"`);
    const events = await api('viewer').get('/api/integrations/idle-fish/wechat-pay/events').expect(200);
    expect(events.body.events).toHaveLength(1);
    expect(events.body.events[0]).toMatchObject({ verb: 'request', toState: 'requested', sourceFile: expect.stringMatching(/^002_/) });
    await api('viewer').get('/api/integrations/nowhere/wechat-pay').expect(404);
  });

  it('answers 304 without a body when If-None-Match names the current version, and 200 once it has changed', async () => {
    const { version } = idleFish();
    const same = await api('viewer').get('/api/integrations/idle-fish/wechat-pay').set('If-None-Match', `"${version}"`).expect(304);
    expect(same.text).toBe('');
    await api('tencent.reviewer')
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .send({ expectedVersion: version, reason: 'ok' })
      .expect(200);
    const changed = await api('viewer').get('/api/integrations/idle-fish/wechat-pay').set('If-None-Match', `"${version}"`).expect(200);
    expect(changed.headers.etag).toBe(`"${version + 1}"`);
  });

  it('approves with If-Match instead of expectedVersion and returns the integration and its event', async () => {
    const { version } = idleFish();
    const res = await api('tencent.reviewer')
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .set('If-Match', `"${version}"`)
      .send({ reason: 'ok' });
    expect(res.status).toBe(200);
    expect(res.body.integration).toMatchObject({ state: 'approved', version: version + 1 });
    expect(res.body.event).toMatchObject({
      verb: 'approve',
      fromState: 'requested',
      toState: 'approved',
      actor: 'tencent.reviewer',
      actorRole: 'reviewer',
    });
    expect(idleFish()).toMatchObject({ state: 'approved', version: version + 1 });
  });

  it('answers a bad body with 400 and field paths, writing nothing', async () => {
    const before = idleFish();
    const res = await api('ali.ops')
      .post('/api/integrations/idle-fish/wechat-pay/launch')
      .send({ expectedVersion: before.version, rolloutPercent: 101, channels: ['app', 'fax'], minAmount: 'ten' });
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['channels.1', 'minAmount', 'rolloutPercent']);
    const noVersion = await api('ali.ops').post('/api/integrations/idle-fish/wechat-pay/launch').send({ rolloutPercent: 10 });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors[0].path).toBe('expectedVersion');
    const verb = await api('ali.ops').post('/api/integrations/idle-fish/wechat-pay/explode').send({ expectedVersion: 1 });
    expect(verb.status).toBe(400);
    expect(idleFish()).toEqual(before);
  });

  it('answers a stale version and a wrong state with 409, writing nothing', async () => {
    transitionAs(world, 'tencent.reviewer', 'approve', 'idle-fish', 'wechat-pay');
    const before = idleFish();
    const events = count(world.db, 'integration_events');
    const stale = await api('ali.ops')
      .post('/api/integrations/idle-fish/wechat-pay/launch')
      .send({ expectedVersion: before.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    // The sentence a person reads says who changed it and when.
    expect(stale.body.detail).toMatch(/changed by tencent.reviewer at 22 Nov 2026, 09:00 UTC while you were editing/);
    expect(stale.body.currentVersion).toBe(before.version);
    const wrongState = await api('ali.ops')
      .post('/api/integrations/idle-fish/wechat-pay/withdraw')
      .send({ expectedVersion: before.version, reason: 'changed our mind' });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body).toMatchObject({ code: 'invalid_transition', state: 'approved' });
    expect(idleFish()).toEqual(before);
    expect(count(world.db, 'integration_events')).toBe(events);
  });

  it('launches at a scheduled time with rules in yuan, stored in fen', async () => {
    const version = transitionAs(world, 'tencent.reviewer', 'approve', 'idle-fish', 'wechat-pay');
    const res = await api('ali.ops')
      .post('/api/integrations/idle-fish/wechat-pay/launch')
      .send({
        expectedVersion: version,
        effectiveAt: '2026-12-01T00:00:00Z',
        rolloutPercent: 25,
        channels: ['app', 'mini_program'],
        minAmount: '1.50',
        maxAmount: '5000',
      });
    expect(res.status).toBe(200);
    expect(res.body.integration).toMatchObject({
      state: 'approved',
      scheduledLaunchAt: '2026-12-01T00:00:00.000Z',
      // The rules in force now; the launch's own rules travel with its event.
      rules: { rolloutPercent: 100 },
    });
    expect(res.body.event).toMatchObject({
      effectiveAt: '2026-12-01T00:00:00.000Z',
      rules: { rolloutPercent: 25, minAmount: '1.50', maxAmount: '5000.00' },
    });
    const stored = world.db
      .prepare(
        'SELECT min_amount_fen, max_amount_fen, channels FROM integration_events WHERE id = (SELECT max(id) FROM integration_events)',
      )
      .get();
    expect(stored).toEqual({ min_amount_fen: 150, max_amount_fen: 500000, channels: 'app,mini_program' });
  });

  it('ignores the session cookie on writes: a signed-in browser without a token gets 401', async () => {
    const res = await supertest(world.app).post('/api/integrations/kaola/unionpay-qr/request').send({ expectedVersion: 0 });
    expect(res.status).toBe(401);
    expect(world.repos.integrations.find('kaola', 'unionpay-qr')!.version).toBe(0);
  });
});

describe('the API description', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    return () => world.close();
  });

  it('serves OpenAPI 3.1 generated from the route schemas, and a readable page', async () => {
    const doc = (await supertest(world.app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const post = doc.paths['/api/integrations/{storefront}/{wallet}/{verb}'].post;
    const body = post.requestBody.content['application/json'].schema;
    // expectedVersion may come as If-Match instead, so the body does not require it (see test/routes/api-docs.test.ts).
    expect(body.required ?? []).toEqual([]);
    expect(body.properties.rolloutPercent).toMatchObject({ type: 'integer', minimum: 0, maximum: 100 });
    expect(body.properties.channels.items.enum).toEqual(['app', 'mini_program', 'mobile_web', 'desktop_web']);
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '403', '404', '409']));
    expect(post.responses['409'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toEqual([
      'invalid_transition',
      'stale_version',
      'idempotency_in_flight',
    ]);
    expect(doc.paths['/api/integrations'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['storefront', 'wallet', 'state']);
    const page = await supertest(world.app).get('/api/docs').expect(200);
    expect(page.type).toBe('text/html');
    // A path may break after a slash (<wbr>) at phone width.
    expect(page.text.replaceAll('<wbr>', '')).toContain('POST /api/integrations/{storefront}/{wallet}/{verb}');
  });
});
