import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROBLEMS } from '../../src/http/problem.ts';
import { apiTokenFor as apiToken, rowsSnapshot } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { count, createTestWorld, signIn, type TestWorld } from '../support/world.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the API answers every error as problem+json with a stable code', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = createTestWorld({ now: '2026-11-22T09:00:00.000Z' });
  });
  afterEach(() => world.close());

  const post = (path: string, token: string | null, body: object) => {
    const req = supertest(world.app).post(path).send(body);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };
  const expectProblem = (res: supertest.Response, code: keyof typeof PROBLEMS) => {
    expect(res.type).toBe('application/problem+json');
    expect(res.status).toBe(PROBLEMS[code].status);
    expect(res.body).toMatchObject({ code, status: PROBLEMS[code].status, type: `/api/docs#problem-${code}`, title: PROBLEMS[code].title });
    expect(typeof res.body.detail).toBe('string');
  };

  it('a missing token is 401 unauthorized, and nothing is written', async () => {
    const before = rowsSnapshot(world);
    expectProblem(await post('/api/integrations/idle-fish/wechat-pay/approve', null, { expectedVersion: 1 }), 'unauthorized');
    expect(rowsSnapshot(world)).toBe(before);
  });

  it('a wrong role is 403 forbidden: an operator cannot approve', async () => {
    const events = count(world.db, 'integration_events');
    const { version } = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    const res = await post('/api/integrations/idle-fish/wechat-pay/approve', apiToken(world, 'ali.ops'), { expectedVersion: version });
    expectProblem(res, 'forbidden');
    expect(count(world.db, 'integration_events')).toBe(events);
  });

  it('a verb the state does not allow is 409 invalid_transition, naming the state', async () => {
    const { version } = world.repos.integrations.find('eleme', 'wechat-pay')!;
    const res = await post('/api/integrations/eleme/wechat-pay/approve', apiToken(world, 'tencent.reviewer'), { expectedVersion: version });
    expectProblem(res, 'invalid_transition');
    expect(res.body.detail).toContain('live');
    expect(world.repos.integrations.find('eleme', 'wechat-pay')!.version).toBe(version);
  });

  it('a stale version is 409 stale_version with the current version', async () => {
    const { version } = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    const res = await post('/api/integrations/idle-fish/wechat-pay/approve', apiToken(world, 'tencent.reviewer'), {
      expectedVersion: version + 5,
    });
    expectProblem(res, 'stale_version');
    expect(res.body.currentVersion).toBe(version);
    expect(world.repos.integrations.find('idle-fish', 'wechat-pay')!.state).toBe('requested');
  });

  it('a bad body is 400 bad_request with field paths', async () => {
    const res = await post('/api/integrations/kaola/wechat-pay/adjust', apiToken(world, 'ali.ops'), {
      expectedVersion: 'x',
      rolloutPercent: 140,
    });
    expectProblem(res, 'bad_request');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['expectedVersion', 'rolloutPercent']));
  });

  it('a form body is 415 unsupported_media_type: the API reads JSON only', async () => {
    const res = await supertest(world.app).post('/api/tokens').type('form').send({ username: 'admin', password: 'x' });
    expectProblem(res, 'unsupported_media_type');
    expect(count(world.db, 'api_tokens')).toBe(0);
  });

  it('broken JSON is 400 and an unknown route 404, both as problems', async () => {
    expectProblem(
      await supertest(world.app).post('/api/tokens').set('content-type', 'application/json').send('{"username":'),
      'bad_request',
    );
    expectProblem(await supertest(world.app).get('/api/nothing-here'), 'not_found');
  });

  it('never reads or sets a cookie: a session cookie does not sign an API call in, and no shopper cookie comes back', async () => {
    const admin = await signIn(world, 'admin');
    const res = await admin.agent.get('/api/integrations');
    expectProblem(res, 'unauthorized');
    const decision = await supertest(world.app).get('/api/storefronts/eleme/wallets').expect(200);
    expect(decision.headers['set-cookie']).toBeUndefined();
    expect(decision.body.context.shopper).toBe('anonymous');
  });

  it('every code is documented on the API page, at the anchor its type points to', async () => {
    const page = await supertest(world.app).get('/api/docs').expect(200);
    for (const code of Object.keys(PROBLEMS)) expect(page.text).toContain(`id="problem-${code}"`);
  });
});

describe('the pages re-render what was refused, and downloads answer in their own format', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = createTestWorld({ now: '2026-11-22T09:00:00.000Z' });
  });
  afterEach(() => world.close());

  it('/review/matrix.json with a bad date answers problem+json; the .csv twin answers CSV', async () => {
    const json = await supertest(world.app).get('/review/matrix.json?asOf=bad');
    expect(json.status).toBe(400);
    expect(json.type).toBe('application/problem+json');
    expect(json.body).toMatchObject({ code: 'bad_request', errors: [{ path: 'asOf' }] });
    const csv = await supertest(world.app).get('/review/timeline.csv?from=2021-02-30');
    expect(csv.status).toBe(400);
    expect(csv.type).toBe('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('code,path,message');
    expect(csv.text).toContain('bad_request,from,');
  });

  it('a refused checkout is re-rendered on the channel the shopper was on, with the reason, nothing written', async () => {
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const orders = count(world.db, 'orders');
    const res = await shopper.form('/shop/taobao-deals/orders', { channel: 'mini_program', wallet: 'wechat-pay' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('awaiting Tencent');
    expect(res.text).toContain('<option value="mini_program" selected');
    expect(count(world.db, 'orders')).toBe(orders);
  });

  it('a refused console form is re-rendered with what was typed, status 400, nothing written', async () => {
    const ops = await signIn(world, 'ali.ops');
    const before = world.repos.integrations.find('kaola', 'wechat-pay')!;
    const res = await ops.form('/console/integrations/kaola/wechat-pay/adjust', {
      expectedVersion: before.version,
      rolloutPercent: '140',
      reason: 'typed by a person',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('value="typed by a person"');
    expect(res.text).toContain('value="140"');
    expect(world.repos.integrations.find('kaola', 'wechat-pay')!.version).toBe(before.version);
  });
});

describe('the shape of the edge', () => {
  const routeFiles = readdirSync(join(ROOT, 'src', 'routes')).filter((f) => f.endsWith('.ts'));

  it('no route file imports another route file', () => {
    const offenders = routeFiles.filter((file) => /from '\.\/[^']+'/.test(readFileSync(join(ROOT, 'src', 'routes', file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no route catches a refusal by hand: the edge has one error policy', () => {
    const offenders = routeFiles.filter((file) => /\bcatch\s*\(/.test(readFileSync(join(ROOT, 'src', 'routes', file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('no view holds a verb → state map or a role rule', () => {
    const views = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? views(join(dir, e.name)) : e.name.endsWith('.ejs') ? [join(dir, e.name)] : [],
      );
    const offenders = views(join(ROOT, 'views')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /role\s*===/.test(text) || /approve:\s*'approved'/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
