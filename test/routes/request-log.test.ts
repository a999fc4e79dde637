import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, sandboxApi } from '../support/sandboxes.ts';
import { apiTokenFor, signedInAs } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
afterEach(() => world.close());

const bearer = (token: string) => (t: supertest.Test) => t.set('Authorization', `Bearer ${token}`);

describe('every answer names its request', () => {
  it('with Request-Id and X-Request-Id, the same value, which a problem repeats', async () => {
    world = newWorld();
    const ok = await supertest(world.app).get('/api/storefronts').expect(200);
    expect(ok.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers['x-request-id']).toBe(ok.headers['request-id']);
    const refused = await supertest(world.app).get('/api/storefronts/nowhere').set('Request-Id', 'qa-run-7').expect(404);
    expect([refused.headers['request-id'], refused.body.requestId]).toEqual(['qa-run-7', 'qa-run-7']);
    const page = await supertest(world.app).get('/').expect(200);
    expect(page.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /api/requests', () => {
  it('lists the calls just made, latest first, with status, key, replay and problem code; not itself', async () => {
    world = newWorld();
    const ops = bearer(apiTokenFor(world, 'ali.ops'));
    const product = world.repos.catalog.products('eleme')[0]!;
    const order = { storefront: 'eleme', shopper: 'kim', channel: 'app', wallet: 'alipay', items: [{ product: product.id, quantity: 1 }] };
    await ops(supertest(world.app).post('/api/orders?shopper=kim')).send(order).expect(400);
    const placed = await ops(supertest(world.app).post('/api/orders')).set('Idempotency-Key', 'log-key-12345678').send(order);
    await ops(supertest(world.app).post('/api/orders')).set('Idempotency-Key', 'log-key-12345678').send(order).expect(201);
    await ops(supertest(world.app).get('/api/storefronts/nowhere')).expect(404);
    await ops(supertest(world.app).get('/api/requests')).expect(200);
    const res = await ops(supertest(world.app).get('/api/requests')).expect(200);
    expect(res.body.scope).toBe('yours');
    expect(
      res.body.requests.map((r: Record<string, unknown>) => [r.method, r.path, r.status, r.idempotencyKey, r.replayed, r.problemCode]),
    ).toEqual([
      ['GET', '/api/storefronts/nowhere', 404, null, false, 'not_found'],
      ['POST', '/api/orders', 201, 'log-key-12345678', true, null],
      ['POST', '/api/orders', 201, 'log-key-12345678', false, null],
      ['POST', '/api/orders', 400, null, false, 'bad_request'],
    ]);
    const first = res.body.requests[2];
    expect(JSON.stringify(res.body)).not.toContain('shopper=kim');
    expect(first).toMatchObject({ requestId: placed.headers['request-id'], person: 'ali.ops', at: world.clock.now().toISOString() });
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect(world.db.prepare('SELECT count(*) AS n FROM api_requests').get()).toEqual({ n: 4 });
  });

  it('an admin sees everyone’s; anyone else only their own; without a token 401', async () => {
    world = newWorld();
    const [ops, viewer, admin] = [
      bearer(apiTokenFor(world, 'ali.ops')),
      bearer(apiTokenFor(world, 'viewer')),
      bearer(apiTokenFor(world, 'admin')),
    ];
    await ops(supertest(world.app).get('/api/storefronts')).expect(200);
    await viewer(supertest(world.app).get('/api/integrations')).expect(200);
    await supertest(world.app).get('/api/storefronts/eleme').expect(200);
    const seen = async (as: typeof ops) =>
      (await as(supertest(world.app).get('/api/requests')).expect(200)).body.requests.map((r: { path: string }) => r.path);
    expect(await seen(viewer)).toEqual(['/api/integrations']);
    expect(await seen(admin)).toEqual(['/api/storefronts/eleme', '/api/integrations', '/api/storefronts']);
    const anonymous = await supertest(world.app).get('/api/requests').expect(401);
    expect(anonymous.body.code).toBe('unauthorized');
  });

  it('filters by method and status, takes limit, and refuses a bad filter naming it', async () => {
    world = newWorld();
    const admin = bearer(apiTokenFor(world, 'admin'));
    for (const path of ['/api/storefronts', '/api/storefronts/nowhere', '/api/storefronts/eleme'])
      await admin(supertest(world.app).get(path));
    const notFound = await admin(supertest(world.app).get('/api/requests?status=404')).expect(200);
    expect(notFound.body.requests.map((r: { path: string }) => r.path)).toEqual(['/api/storefronts/nowhere']);
    const one = await admin(supertest(world.app).get('/api/requests?method=GET&limit=1')).expect(200);
    expect(one.body.requests).toHaveLength(1);
    const bad = await admin(supertest(world.app).get('/api/requests?limit=0')).expect(400);
    expect(bad.body.errors[0].path).toBe('limit');
  });

  it('keeps the latest 1,000 of a world', async () => {
    world = newWorld();
    const insert = world.db.prepare(`INSERT INTO api_requests (request_id, method, path, status, duration_ms, replayed, world_at, real_at)
      VALUES (?, 'GET', '/api/storefronts', 200, 1, 0, '2026-11-22T09:00:00.000Z', '2026-11-22T09:00:00.000Z')`);
    world.db.transaction(() => {
      for (let i = 0; i < 1005; i++) insert.run(`r${i}`);
    })();
    const rows = world.db.prepare('SELECT min(request_id) AS first, count(*) AS n FROM api_requests').get();
    expect(rows).toEqual({ first: 'r10', n: 1000 });
  });

  it('a sandbox has its own log, on its own clock', async () => {
    world = newWorld({ sandboxes: {} });
    const token = apiTokenFor(world, 'ali.ops');
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-09-01T00:00:00Z' });
    const api = sandboxApi(world, sandbox, token);
    await api.get('/api/storefronts/kaola').expect(200);
    const inside = await api.get('/api/requests').expect(200);
    expect(inside.body.requests).toEqual([
      expect.objectContaining({ path: `/sandboxes/${sandbox.id}/api/storefronts/kaola`, at: '2021-09-01T00:00:00.000Z' }),
    ]);
    const outside = await bearer(token)(supertest(world.app).get('/api/requests')).expect(200);
    expect(outside.body.requests.map((r: { path: string }) => r.path)).not.toContain(`/sandboxes/${sandbox.id}/api/storefronts/kaola`);
  });
});

describe('the /requests page', () => {
  it('lists a signed-in person’s own API calls, in each world; signed out it asks to sign in', async () => {
    world = newWorld({ sandboxes: {} });
    const token = apiTokenFor(world, 'ali.ops');
    await bearer(token)(supertest(world.app).get('/api/storefronts/nowhere')).expect(404);
    await bearer(apiTokenFor(world, 'viewer'))(supertest(world.app).get('/api/integrations')).expect(200);
    const ops = await signedInAs(world, 'ali.ops');
    const page = await ops.page('/requests');
    expect(page.status).toBe(200);
    expect(page.text).toContain('GET /api/storefronts/nowhere');
    expect(page.text).toContain('not_found');
    expect(page.text).not.toContain('/api/integrations');
    const signedOut = await supertest(world.app).get('/requests');
    expect([302, 303, 401]).toContain(signedOut.status);
    const { body: sandbox } = await bearer(token)(supertest(world.app).post('/api/sandboxes')).send({ scenario: 'record' }).expect(201);
    await bearer(token)(supertest(world.app).get(`/sandboxes/${sandbox.id}/api/storefronts/kaola`)).expect(200);
    const inside = await ops.page(`/sandboxes/${sandbox.id}/requests`);
    expect(inside.status).toBe(200);
    expect(inside.text).toContain(`/sandboxes/${sandbox.id}/api/storefronts/kaola`);
  });
});
