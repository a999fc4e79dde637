import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../src/domain/webhook-schedule.ts';
import { webhookMessageViolation } from '../support/contract.ts';
import { createSandbox, sandboxApi, sandboxOwnerApi } from '../support/sandboxes.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { verifiedWith, webhookReceiver } from '../support/webhook-receiver.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
const receiver = await webhookReceiver();
const tokens: Record<string, string> = {};
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: new Date().toISOString() });
  for (const username of ['admin', 'ali.ops', 'partner.ops', 'tencent.reviewer']) tokens[username] = apiToken(world, username);
  receiver.received.length = 0;
  receiver.status = 200;
  receiver.headers = {};
  return () => world.close();
});
afterAll(() => receiver.close());
const as = (username: string) => {
  const auth = (t: supertest.Test) => t.set('Authorization', `Bearer ${tokens[username]}`);
  return {
    get: (path: string) => auth(supertest(world.app).get(path)),
    post: (path: string) => auth(supertest(world.app).post(path)),
    patch: (path: string) => auth(supertest(world.app).patch(path)),
  };
};
const sender = () =>
  webhookDispatcher({ repos: world.repos, clock: world.clock, logger: pino({ level: 'silent' }), allow: ['loopback'], random: () => 0.5 });

async function subscribe(username = 'ali.ops', events = ['order.*']) {
  return (await as(username).post('/api/webhooks').send({ url: receiver.url, events }).expect(201)).body as {
    id: string;
    secret: string;
    version: number;
  };
}
const endpointRow = (id: string) =>
  world.db
    .prepare('SELECT url, events, version, disabled_at AS disabledAt, disabled_reason AS reason FROM webhook_endpoints WHERE id = ?')
    .get(id);

describe('managing a webhook', () => {
  it('changes URL and events with the version it was read at; a stale version is 409 and changes nothing', async () => {
    const hook = await subscribe();
    expect(hook.version).toBe(1);
    const other = await webhookReceiver();
    try {
      const changed = await as('ali.ops')
        .patch(`/api/webhooks/${hook.id}`)
        .send({ url: other.url, events: ['payment.*'], expectedVersion: 1 })
        .expect(200);
      expect(changed.body).toMatchObject({ url: other.url, events: ['payment.*'], version: 2, status: 'active' });
      expect(changed.headers.etag).toBe('"2"');
      const stale = await as('ali.ops')
        .patch(`/api/webhooks/${hook.id}`)
        .set('If-Match', '"1"')
        .send({ events: ['*'] })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
      expect(endpointRow(hook.id)).toMatchObject({ url: other.url, events: '["payment.*"]', version: 2 });
      await as('ali.ops')
        .patch(`/api/webhooks/${hook.id}`)
        .set('If-Match', '"2"')
        .send({ events: ['order.paid'] })
        .expect(200);
      expect(endpointRow(hook.id)).toMatchObject({ events: '["order.paid"]', version: 3 });
      const missing = await as('ali.ops')
        .patch(`/api/webhooks/${hook.id}`)
        .send({ events: ['*'] })
        .expect(400);
      expect(missing.body.errors[0].path).toBe('expectedVersion');
    } finally {
      await other.close();
    }
  });

  it('disables (nothing is written for it) and enables a webhook, with the rows to show it; 404 outside its scope', async () => {
    const hook = await subscribe('ali.ops', ['order.*']);
    const disabled = await as('ali.ops').post(`/api/webhooks/${hook.id}/disable`).expect(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'disabled by ali.ops' });
    expect(endpointRow(hook.id)).toMatchObject({ disabledAt: expect.any(String), reason: 'disabled by ali.ops' });
    expect(world.repos.webhooks.receivingEndpoints().map((e) => e.id)).not.toContain(hook.id);
    for (const path of ['disable', 'enable', 'rotate-secret', 'test'])
      await as('partner.ops').post(`/api/webhooks/${hook.id}/${path}`).expect(404);
    await as('partner.ops').patch(`/api/webhooks/${hook.id}`).send({ expectedVersion: 2 }).expect(404);
    await as('partner.ops').get(`/api/webhooks/${hook.id}/deliveries`).expect(404);
    const enabled = await as('ali.ops').post(`/api/webhooks/${hook.id}/enable`).expect(200);
    expect(enabled.body).toMatchObject({ status: 'active', disabledReason: null });
    expect(endpointRow(hook.id)).toMatchObject({ disabledAt: null, reason: null });
  });

  it('sends webhook.test, signed, and the log shows the attempt with its headers and the answer; filters by type and status', async () => {
    const hook = await subscribe();
    const test = await as('ali.ops').post(`/api/webhooks/${hook.id}/test`).expect(202);
    expect(test.body).toMatchObject({ event: 'webhook.test', status: 'pending', sequence: expect.any(Number) });
    await sender().deliverDue();
    const [got] = await receiver.waitFor(1);
    const message = verifiedWith(hook.secret, got!);
    expect(webhookMessageViolation('test', message)).toBeNull();
    expect(message).toMatchObject({
      type: 'webhook.test',
      data: { webhook: hook.id },
      sequence: test.body.sequence,
      createdAt: expect.any(String),
    });
    const one = await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries/${test.body.id}`).expect(200);
    expect(one.body.attemptLog).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: 200,
        responseBody: 'answered 200',
        nextAttemptAt: null,
        requestHeaders: expect.objectContaining({ 'webhook-id': test.body.id }),
      }),
    ]);
    receiver.status = 500;
    await as('ali.ops').post(`/api/webhooks/${hook.id}/test`).expect(202);
    await sender().deliverDue();
    const pending = await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries?status=pending`).expect(200);
    expect(pending.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['pending']);
    const delivered = await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries?type=webhook.test&status=delivered`).expect(200);
    expect(delivered.body.deliveries.map((d: { id: string }) => d.id)).toEqual([test.body.id]);
    expect((await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries?type=order.paid`).expect(200)).body.deliveries).toEqual([]);
    await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries?status=lost`).expect(400);
  });

  it('resends a delivered message under the same webhook-id, and every failed one since a time', async () => {
    const hook = await subscribe();
    const first = (await as('ali.ops').post(`/api/webhooks/${hook.id}/test`).expect(202)).body.id as string;
    await sender().deliverDue();
    await as('ali.ops').post(`/api/webhooks/${hook.id}/deliveries/${first}/resend`).expect(202);
    await sender().deliverDue();
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([first, first]);
    expect(world.db.prepare('SELECT status, attempts FROM webhook_deliveries WHERE id = ?').get(first)).toEqual({
      status: 'delivered',
      attempts: 2,
    });
    const pending = (await as('ali.ops').post(`/api/webhooks/${hook.id}/test`).expect(202)).body.id as string;
    const conflict = await as('ali.ops').post(`/api/webhooks/${hook.id}/deliveries/${pending}/resend`).expect(409);
    expect(conflict.body.code).toBe('conflict');
    world.db.prepare("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id IN (?, ?)").run(first, pending);
    const since = new Date(world.clock.now().getTime() - 60_000).toISOString();
    const resent = await as('ali.ops').post(`/api/webhooks/${hook.id}/resend-failed`).send({ since }).expect(200);
    expect(resent.body).toEqual({ webhook: hook.id, resent: 2 });
    expect(count(world.db, 'webhook_deliveries', "endpoint_id = ? AND status = 'pending'", hook.id)).toBe(2);
  });

  it('rotates the secret: the new one is shown once, the answer says until when the previous one also signs', async () => {
    const hook = await subscribe();
    const rotated = await as('ali.ops').post(`/api/webhooks/${hook.id}/rotate-secret`).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(Date.parse(rotated.body.previousSecretSignsUntil) - world.clock.now().getTime()).toBe(24 * 3_600_000);
    expect(world.db.prepare('SELECT previous_secret FROM webhook_endpoints WHERE id = ?').pluck().get(hook.id)).toBe(hook.secret);
  });

  it('refuses faults in the default world (400 on faults): they are for sandboxes', async () => {
    const res = await as('ali.ops')
      .post('/api/webhooks')
      .send({ url: receiver.url, events: ['*'], faults: { duplicate: true } })
      .expect(400);
    expect(res.body.errors).toEqual([{ path: 'faults', message: 'only in a sandbox' }]);
    expect(count(world.db, 'webhook_endpoints')).toBe(0);
  });
});

describe('in a sandbox, the schedule runs on the sandbox’s clock', () => {
  it('moving the clock three days makes every attempt and ends the message failed; a resend delivers it once more under the same webhook-id', async () => {
    const sandboxWorld = newWorld({
      scenario: 'record',
      now: new Date().toISOString(),
      sandboxes: { webhooks: { logger: pino({ level: 'silent' }), allow: ['loopback'], random: () => 0.5 } },
    });
    try {
      const token = apiToken(sandboxWorld, 'admin');
      const sandbox = await createSandbox(sandboxWorld, { scenario: 'record', clock: '2021-09-02T00:00:00Z' });
      const api = sandboxApi(sandboxWorld, sandbox, token);
      const hook = (
        await api
          .post('/api/webhooks')
          .send({ url: receiver.url, events: ['*'] })
          .expect(201)
      ).body as { id: string; secret: string };
      receiver.status = 500;
      const message = (await api.post(`/api/webhooks/${hook.id}/test`).expect(202)).body.id as string;
      const moved = await sandboxOwnerApi(sandboxWorld, sandbox).moveClock({ advance: 'P3D' }).expect(200);
      expect(moved.body.now).toBe('2021-09-05T00:00:00.000Z');
      const log = (await api.get(`/api/webhooks/${hook.id}/deliveries/${message}`).expect(200)).body;
      expect(log.status).toBe('failed');
      expect(log.attemptLog).toHaveLength(DEFAULT_RETRY_SCHEDULE_MS.length + 1);
      const times = log.attemptLog.map((a: { at: string }) => Date.parse(a.at));
      expect(times.slice(1).map((t: number, i: number) => t - times[i])).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
      expect(receiver.received.filter((r) => r.headers['webhook-id'] === message)).toHaveLength(11);

      receiver.status = 204;
      await api.post(`/api/webhooks/${hook.id}/deliveries/${message}/resend`).expect(202);
      await sandboxOwnerApi(sandboxWorld, sandbox).moveClock({ advance: 'PT1S' }).expect(200);
      const again = (await api.get(`/api/webhooks/${hook.id}/deliveries/${message}`).expect(200)).body;
      expect(again).toMatchObject({ status: 'delivered', attempts: 12 });
      const last = receiver.received.at(-1)!;
      expect(last.headers['webhook-id']).toBe(message);
      expect(receiver.received.filter((r) => r.headers['webhook-id'] === message)).toHaveLength(12);
    } finally {
      await sandboxWorld.sandboxes?.closeAll();
      sandboxWorld.close();
    }
  });

  it('a sandbox endpoint may ask for each message twice, under the same webhook-id', async () => {
    const sandboxWorld = newWorld({
      scenario: 'record',
      now: new Date().toISOString(),
      sandboxes: { webhooks: { logger: pino({ level: 'silent' }), allow: ['loopback'] } },
    });
    try {
      const token = apiToken(sandboxWorld, 'admin');
      const sandbox = await createSandbox(sandboxWorld, { scenario: 'record', clock: '2021-09-02T00:00:00Z' });
      const api = sandboxApi(sandboxWorld, sandbox, token);
      const hook = await api
        .post('/api/webhooks')
        .send({ url: receiver.url, events: ['*'], faults: { duplicate: true } })
        .expect(201);
      expect(hook.body.faults).toMatchObject({ duplicate: true });
      const message = (await api.post(`/api/webhooks/${hook.body.id}/test`).expect(202)).body.id as string;
      await sandboxOwnerApi(sandboxWorld, sandbox).moveClock({ advance: 'PT1S' }).expect(200);
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([message, message]);
      const log = (await api.get(`/api/webhooks/${hook.body.id}/deliveries/${message}`).expect(200)).body;
      expect(log.attemptLog).toEqual([expect.objectContaining({ fault: 'duplicate', statusCode: 200 })]);
    } finally {
      await sandboxWorld.sandboxes?.closeAll();
      sandboxWorld.close();
    }
  });

  it('the log, one message and its resends are the endpoint’s scope’s only: 404 for another group’s operator or a reviewer, nothing resent', async () => {
    const hook = await subscribe();
    const message = (await as('ali.ops').post(`/api/webhooks/${hook.id}/test`).expect(202)).body.id as string;
    receiver.status = 500;
    await sender().deliverDue();
    world.db.prepare("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = ?").run(message);
    const before = world.db.prepare('SELECT status, attempts, next_attempt_at FROM webhook_deliveries WHERE id = ?').get(message);
    const since = new Date(world.clock.now().getTime() - 60_000).toISOString();
    for (const outsider of ['partner.ops', 'tencent.reviewer']) {
      const log = await as(outsider).get(`/api/webhooks/${hook.id}/deliveries`).expect(404);
      expect(log.body.code).toBe('not_found');
      expect(JSON.stringify(log.body)).not.toContain(message);
      await as(outsider).get(`/api/webhooks/${hook.id}/deliveries/${message}`).expect(404);
      await as(outsider).post(`/api/webhooks/${hook.id}/deliveries/${message}/resend`).expect(404);
      await as(outsider).post(`/api/webhooks/${hook.id}/resend-failed`).send({ since }).expect(404);
    }
    expect(world.db.prepare('SELECT status, attempts, next_attempt_at FROM webhook_deliveries WHERE id = ?').get(message)).toEqual(before);
    // Its own operator reads the message, and the secret is in no header of its log.
    const own = await as('ali.ops').get(`/api/webhooks/${hook.id}/deliveries/${message}`).expect(200);
    expect(own.body.attemptLog[0].requestHeaders['webhook-signature']).toMatch(/^v1,/);
    expect(JSON.stringify(own.body)).not.toContain(hook.secret);
    expect(JSON.stringify(own.body)).not.toContain(hook.secret.slice('whsec_'.length));
  });
});
