import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { integrationRows } from '../support/integrations.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Integrations and link policies run their verbs through one runner: they refuse alike.
describe('a verb with several mistakes, over the API', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });
  const post = (username: string, path: string, body: object) =>
    supertest(world.app)
      .post(path)
      .set('Authorization', `Bearer ${apiTokenFor(world, username)}`)
      .send(body);

  it('on an integration, names every field to fix at once, and writes nothing', async () => {
    const before = integrationRows(world, 'idle-fish', 'wechat-pay');
    const res = await post('tencent.reviewer', '/api/integrations/idle-fish/wechat-pay/approve', {
      expectedVersion: before.row.version,
      reason: 'ok',
      effectiveAt: '2026-12-01T00:00:00Z',
      rolloutPercent: 50,
    }).expect(400);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['effectiveAt', 'rolloutPercent']);
    expect(integrationRows(world, 'idle-fish', 'wechat-pay')).toEqual(before);
  });

  it('on a link policy, the same: every field, and nothing written', async () => {
    const events = count(world.db, 'link_policy_events');
    const { body: policy } = await supertest(world.app).get('/api/links/wechat/one_to_one/taobao').expect(200);
    const res = await post('ali.ops', '/api/links/wechat/one_to_one/taobao/withdraw', {
      expectedVersion: policy.version,
      reason: '',
      rolloutPercent: 10,
    }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['reason', 'rolloutPercent']);
    expect(count(world.db, 'link_policy_events')).toBe(events);
  });

  it('with the fields right but an old version, answers stale_version with the current one, before the state or the permission', async () => {
    const before = integrationRows(world, 'idle-fish', 'wechat-pay');
    // ali.ops may not approve, and the version is old: the version is named first.
    const res = await post('ali.ops', '/api/integrations/idle-fish/wechat-pay/approve', {
      expectedVersion: before.row.version - 1,
      reason: 'ok',
    }).expect(409);
    expect(res.body).toMatchObject({ code: 'stale_version', currentVersion: before.row.version });
    const forbidden = await post('ali.ops', '/api/integrations/idle-fish/wechat-pay/approve', {
      expectedVersion: before.row.version,
      reason: 'ok',
    }).expect(403);
    expect(forbidden.body.code).toBe('forbidden');
    expect(integrationRows(world, 'idle-fish', 'wechat-pay')).toEqual(before);
  });
});
