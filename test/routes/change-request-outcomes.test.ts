import pino from 'pino';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { actors, integrationRows, putInState } from '../support/integrations.ts';
import { newWorld, signIn, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  world.repos.changeRequests.setSecondOperator('alibaba', true, 'admin', world.clock.now().toISOString());
  return () => world.close();
});

const api = (username: string) => {
  const people = createPeopleRepositories(world.db);
  const { token } = issueApiToken(
    { people, clock: world.clock, logger: pino({ level: 'silent' }), demo: true },
    people.users.byUsername(username)!,
    'test',
  );
  return {
    post: (path: string, body: object) => supertest(world.app).post(path).set('Authorization', `Bearer ${token}`).send(body),
    get: (path: string) => supertest(world.app).get(path).set('Authorization', `Bearer ${token}`),
  };
};
const rowOf = (id: number) =>
  world.db.prepare('SELECT status, decided_by, decision_reason FROM change_requests WHERE id = ?').get(id) as Record<string, unknown>;

/** A launch of WeChat Pay at Idle Fish held for a second operator, asked by ali.ops. */
async function heldLaunch(): Promise<{ id: number; version: number }> {
  const version = putInState(world, 'idle-fish', 'wechat-pay', 'approved', actors.admin);
  const held = await api('ali.ops')
    .post('/api/integrations/idle-fish/wechat-pay/launch', {
      expectedVersion: version,
      rolloutPercent: 30,
      channels: ['app'],
      reason: 'Go',
    })
    .expect(202);
  return { id: held.body.changeRequest.id as number, version };
}

describe('a held change, rejected or withdrawn in the console', () => {
  it('is rejected by whoever may approve it, with a reason the form asks for again when it is missing', async () => {
    const { id, version } = await heldLaunch();
    const author = await signIn(world, 'ali.ops');
    const reviewer = await signIn(world, 'tencent.reviewer');
    const admin = await signIn(world, 'admin');

    // The author may not reject their own request; a reviewer of another company may not either.
    expect((await author.form(`/console/change-requests/${id}/reject`, { reason: 'no' })).status).toBe(403);
    expect((await reviewer.form(`/console/change-requests/${id}/reject`, { reason: 'no' })).status).toBe(403);
    expect(rowOf(id)).toEqual({ status: 'pending', decided_by: null, decision_reason: null });

    const page = await admin.page(`/console/change-requests/${id}`);
    expect(page.text).toContain('Waiting for a second operator');
    expect(page.text).toContain('data-action="reject"');
    expect(page.text).not.toContain('data-action="withdraw"');

    const blank = await admin.form(`/console/change-requests/${id}/reject`, { reason: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('id="reject-reason-error"');
    expect(blank.text).toContain('say why you reject it');
    expect(rowOf(id).status).toBe('pending');

    await admin
      .form(`/console/change-requests/${id}/reject`, { reason: 'Not before the audit' })
      .expect(303)
      .expect('location', `/console/change-requests/${id}?done=rejected`);
    expect(rowOf(id)).toEqual({ status: 'rejected', decided_by: 'admin', decision_reason: 'Not before the audit' });
    expect(integrationRows(world, 'idle-fish', 'wechat-pay').row).toMatchObject({ state: 'approved', version });

    const after = await author.page(`/console/change-requests/${id}?done=rejected`);
    expect(after.text).toContain('Rejected: nothing was applied.');
    expect(after.text).toMatch(/Rejected<\/strong> by admin, .*Not before the audit/);
    expect(after.text).not.toContain('data-action=');
    // Decided once: approving it now is a conflict that says how it ended.
    const late = await admin.form(`/console/change-requests/${id}/approve`, {});
    expect(late.status).toBe(409);
    expect(late.text).toContain('already rejected by admin');
  });

  it('is withdrawn by its author, and by nobody else', async () => {
    const { id } = await heldLaunch();
    const author = await signIn(world, 'ali.ops');
    const admin = await signIn(world, 'admin');
    expect((await admin.form(`/console/change-requests/${id}/withdraw`, { reason: '' })).status).toBe(403);
    expect(rowOf(id).status).toBe('pending');

    const page = await author.page(`/console/change-requests/${id}`);
    expect(page.text).toContain('data-action="withdraw"');
    expect(page.text).not.toContain('data-action="approve"');
    await author.form(`/console/change-requests/${id}/withdraw`, { reason: '' }).expect(303);
    expect(rowOf(id)).toEqual({ status: 'withdrawn', decided_by: 'ali.ops', decision_reason: null });
    expect(world.db.prepare('SELECT COUNT(*) AS n FROM change_requests WHERE id = ?').get(id)).toEqual({ n: 1 });
    const integration = await author.page('/console/integrations/idle-fish/wechat-pay');
    expect(integration.text).not.toContain(`data-change-request="${id}"`);
  });
});

describe('a held change, rejected or withdrawn in the API', () => {
  it('rejects with a reason (problem+json naming the field without one), only for whoever may approve it', async () => {
    const { id } = await heldLaunch();
    const missing = await api('admin').post(`/api/change-requests/${id}/reject`, {}).expect(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ code: 'bad_request', errors: [{ path: 'reason' }] });
    expect((await api('ali.ops').post(`/api/change-requests/${id}/reject`, { reason: 'no' })).status).toBe(403);
    expect((await api('tencent.reviewer').post(`/api/change-requests/${id}/reject`, { reason: 'no' })).status).toBe(403);
    expect(rowOf(id).status).toBe('pending');

    const rejected = await api('admin').post(`/api/change-requests/${id}/reject`, { reason: 'Too early' }).expect(200);
    expect(rejected.body.changeRequest).toMatchObject({ id, status: 'rejected', decidedBy: 'admin', decisionReason: 'Too early' });
    expect(rowOf(id)).toEqual({ status: 'rejected', decided_by: 'admin', decision_reason: 'Too early' });
    const again = await api('admin').post(`/api/change-requests/${id}/withdraw`, {}).expect(409);
    expect(again.body.code).toBe('conflict');
    const read = await api('viewer').get(`/api/change-requests/${id}`).expect(200);
    expect(read.body.changeRequest.status).toBe('rejected');
  });

  it('withdraws for its author only', async () => {
    const { id } = await heldLaunch();
    expect((await api('admin').post(`/api/change-requests/${id}/withdraw`, { reason: 'mine now' })).status).toBe(403);
    const withdrawn = await api('ali.ops').post(`/api/change-requests/${id}/withdraw`, { reason: 'Wrong percentage' }).expect(200);
    expect(withdrawn.body.changeRequest).toMatchObject({ status: 'withdrawn', decidedBy: 'ali.ops', decisionReason: 'Wrong percentage' });
    expect(rowOf(id)).toEqual({ status: 'withdrawn', decided_by: 'ali.ops', decision_reason: 'Wrong percentage' });
    expect((await api('admin').post(`/api/change-requests/${id}/approve`, {})).status).toBe(409);
    expect(integrationRows(world, 'idle-fish', 'wechat-pay').row.state).toBe('approved');
  });
});
