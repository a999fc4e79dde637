import pino from 'pino';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { count, newWorld, signIn, type TestWorld } from '../support/world.ts';

// Each test builds its own world; one that needs the policy on turns it on itself.
let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});
const tokenOf = (username: string) => {
  const people = createPeopleRepositories(world.db);
  return issueApiToken(
    { people, clock: world.clock, logger: pino({ level: 'silent' }), demo: true },
    people.users.byUsername(username)!,
    'test',
  ).token;
};
const api = (username: string) => {
  const token = tokenOf(username);
  return {
    post: (path: string, body: object) => supertest(world.app).post(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) => supertest(world.app).put(path).set('Authorization', `Bearer ${token}`).send(body),
  };
};
const pendingRows = () => count(world.db, 'change_requests', "status = 'pending'");

describe('"changes need a second operator", in the console', () => {
  it('is off by default: a launch applies at once', async () => {
    expect(world.repos.changeRequests.secondOperator('alibaba')).toBe(false);
    const version = putInState(world, 'kaola', 'unionpay-qr', 'approved', actors.admin);
    const operator = await signIn(world, 'ali.ops');
    await operator
      .form('/console/integrations/kaola/unionpay-qr/launch', { expectedVersion: version, rolloutPercent: 50, channels: 'app' })
      .expect(303)
      .expect('location', '/console/integrations/kaola/unionpay-qr?done=launch');
    expect(integrationRows(world, 'kaola', 'unionpay-qr').row.state).toBe('live');
  });

  it('once an admin turns it on, a launch waits for another operator, who applies it', async () => {
    const admin = await signIn(world, 'admin');
    const operator = await signIn(world, 'ali.ops');
    // Only an admin sets the policy.
    expect((await operator.form('/console/policies/alibaba', { secondOperator: 'on' })).status).toBe(403);
    await admin.form('/console/policies/alibaba', { secondOperator: 'on' }).expect(303);
    expect(world.db.prepare("SELECT second_operator, updated_by FROM group_policies WHERE group_slug = 'alibaba'").get()).toEqual({
      second_operator: 1,
      updated_by: 'admin',
    });

    const version = putInState(world, 'idle-fish', 'wechat-pay', 'approved', actors.admin);
    const before = integrationRows(world, 'idle-fish', 'wechat-pay');
    await operator
      .form('/console/integrations/idle-fish/wechat-pay/launch', {
        expectedVersion: version,
        rolloutPercent: 30,
        channels: 'app',
        reason: 'Go',
      })
      .expect(303)
      .expect('location', '/console/integrations/idle-fish/wechat-pay?done=held');
    expect(integrationRows(world, 'idle-fish', 'wechat-pay')).toEqual(before);
    const held = world.db.prepare("SELECT * FROM change_requests WHERE status = 'pending' ORDER BY id DESC").get() as Record<
      string,
      unknown
    >;
    expect(held).toMatchObject({ verb: 'launch', requested_by: 'ali.ops', expected_version: version });

    const page = await operator.page('/console/integrations/idle-fish/wechat-pay?done=held');
    expect(page.text).toContain('Sent for approval');
    expect(page.text).toContain(`data-change-request="${held.id}"`);
    expect(page.text).toContain('Second-operator rule: ali.ops asked for this change');
    expect((await operator.form(`/console/change-requests/${held.id}/approve`, {})).status).toBe(403);

    await admin
      .form(`/console/change-requests/${held.id}/approve`, {})
      .expect(303)
      .expect('location', '/console/integrations/idle-fish/wechat-pay?done=launch');
    const after = integrationRows(world, 'idle-fish', 'wechat-pay');
    expect(after.events).toBe(before.events + 1);
    expect(after.row.state).toBe('live');
    const event = world.db
      .prepare("SELECT actor, reason, rollout_percent FROM integration_events WHERE verb = 'launch' ORDER BY id DESC")
      .get();
    expect(event).toEqual({ actor: 'admin', reason: `Go (asked by ali.ops, change request ${held.id})`, rollout_percent: 30 });
    expect(world.db.prepare('SELECT status, decided_by FROM change_requests WHERE id = ?').get(held.id)).toEqual({
      status: 'applied',
      decided_by: 'admin',
    });
  });

  it('a change that could not apply is refused at once, not held', async () => {
    world.repos.changeRequests.setSecondOperator('alibaba', true, 'admin', world.clock.now().toISOString());
    const version = putInState(world, 'freshippo', 'wechat-pay', 'approved', actors.admin);
    const operator = await signIn(world, 'ali.ops');
    const held = pendingRows();
    const res = await operator.form('/console/integrations/freshippo/wechat-pay/launch', { expectedVersion: version - 1, channels: 'app' });
    expect(res.status).toBe(409);
    expect(pendingRows()).toBe(held);
  });
});

describe('"changes need a second operator", in the API', () => {
  it('holds an adjust with 202 and applies it when another operator approves', async () => {
    await api('admin').put('/api/policies/alibaba', { secondOperator: true }).expect(200);
    expect((await api('ali.ops').put('/api/policies/alibaba', { secondOperator: false })).status).toBe(403);
    const version = putInState(world, 'youku', 'unionpay-qr', 'live', actors.admin);
    const held = await api('ali.ops')
      .post('/api/integrations/youku/unionpay-qr/adjust', { expectedVersion: version, rolloutPercent: 20 })
      .expect(202);
    expect(held.body.changeRequest).toMatchObject({
      verb: 'adjust',
      status: 'pending',
      requestedBy: 'ali.ops',
      rules: { rolloutPercent: 20 },
    });
    expect(integrationRows(world, 'youku', 'unionpay-qr').row.version).toBe(version);

    const id = held.body.changeRequest.id as number;
    expect((await api('ali.ops').post(`/api/change-requests/${id}/approve`, {})).status).toBe(403);
    expect((await api('tencent.reviewer').post(`/api/change-requests/${id}/approve`, {})).status).toBe(403);
    const applied = await api('admin').post(`/api/change-requests/${id}/approve`, {}).expect(200);
    expect(applied.body.event).toMatchObject({ verb: 'adjust', actor: 'admin' });
    expect(integrationRows(world, 'youku', 'unionpay-qr').row.rules.rolloutPercent).toBe(20);
    expect((await api('admin').post(`/api/change-requests/${id}/approve`, {})).status).toBe(409);
  });

  it('leaves verbs other than launch and adjust alone', async () => {
    world.repos.changeRequests.setSecondOperator('alibaba', true, 'admin', world.clock.now().toISOString());
    const version = putInState(world, 'damai', 'unionpay-qr', 'live', actors.admin);
    const res = await api('ali.ops')
      .post('/api/integrations/damai/unionpay-qr/suspend', { expectedVersion: version, reason: 'incident' })
      .expect(200);
    expect(res.body.event).toMatchObject({ verb: 'suspend' });
  });
});
