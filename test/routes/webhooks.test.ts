import { createHmac } from 'node:crypto';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import supertest from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { webhookMessageViolation } from '../support/contract.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Real time: Standard Webhooks verifiers refuse a timestamp more than five minutes off.
// Each test builds its own world, dispatcher and tokens; the receiver (a loopback server) is reset before each.
let world: TestWorld;
let dispatcher: ReturnType<typeof webhookDispatcher>;
const receiver = await webhookReceiver();
const tokens: Record<string, string> = {};
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: new Date().toISOString() });
  dispatcher = webhookDispatcher({
    repos: world.repos,
    clock: world.clock,
    logger: pino({ level: 'silent' }),
    allow: ['loopback'],
    retry: { schedule: [1000, 2000, 4000], jitter: 0 },
  });
  for (const username of ['admin', 'ali.ops', 'tencent.reviewer', 'viewer']) tokens[username] = apiToken(world, username);
  receiver.received.length = 0;
  receiver.status = 200;
  return () => world.close();
});
afterAll(() => receiver.close());
const as = (username: string) => ({
  get: (path: string) => supertest(world.app).get(path).set('Authorization', `Bearer ${tokens[username]}`),
  post: (path: string) => supertest(world.app).post(path).set('Authorization', `Bearer ${tokens[username]}`),
  delete: (path: string) => supertest(world.app).delete(path).set('Authorization', `Bearer ${tokens[username]}`),
});

async function subscribe(events: string[], url = receiver.url) {
  return (await as('admin').post('/api/webhooks').send({ url, events }).expect(201)).body as { id: string; secret: string };
}

async function approveIdleFish() {
  const { body } = await as('tencent.reviewer').get('/api/integrations/idle-fish/wechat-pay').expect(200);
  return as('tencent.reviewer')
    .post('/api/integrations/idle-fish/wechat-pay/approve')
    .send({ expectedVersion: body.version, reason: 'review passed' });
}

describe('webhooks', () => {
  it('operators, reviewers and admins manage webhooks (401 without a token, 403 for a viewer)', async () => {
    await supertest(world.app)
      .post('/api/webhooks')
      .send({ url: receiver.url, events: ['*'] })
      .expect(401);
    const res = await as('viewer')
      .post('/api/webhooks')
      .send({ url: receiver.url, events: ['*'] })
      .expect(403);
    expect(res.body.code).toBe('forbidden');
    const reviewers = await as('tencent.reviewer')
      .post('/api/webhooks')
      .send({ url: receiver.url, events: ['*'] })
      .expect(201);
    expect(reviewers.body.owner).toEqual({ kind: 'provider', slug: 'tencent' });
    await as('ali.ops').get('/api/webhooks').expect(200);
    expect(count(world.db, 'webhook_endpoints')).toBe(1);
  });

  it('refuses a target outside HUTONG_WEBHOOK_ALLOW (loopback by default) with 400 and why, and unknown event types', async () => {
    for (const url of [
      'http://example.com/hooks',
      'http://10.0.0.1/hooks',
      'http://169.254.169.254/latest',
      'file:///etc/passwd',
      'http://user:pw@127.0.0.1/',
    ]) {
      const res = await as('admin')
        .post('/api/webhooks')
        .send({ url, events: ['*'] })
        .expect(400);
      expect(res.body.errors[0].path).toBe('url');
    }
    expect(
      (
        await as('admin')
          .post('/api/webhooks')
          .send({ url: 'http://example.com/', events: ['*'] })
      ).body.detail,
    ).toMatch(/example\.com is not an allowed webhook host/);
    const badEvent = await as('admin')
      .post('/api/webhooks')
      .send({ url: receiver.url, events: ['integration.exploded'] })
      .expect(400);
    expect(badEvent.body.errors[0].path).toBe('events.0');
    expect(count(world.db, 'webhook_endpoints')).toBe(0);
  });

  it('creates, lists (without the secret) and deletes a webhook; a deleted one receives nothing more', async () => {
    const created = await subscribe(['order.*']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const list = await as('admin').get('/api/webhooks').expect(200);
    expect(list.body.webhooks).toEqual([
      expect.objectContaining({ id: created.id, url: receiver.url, events: ['order.*'], owner: { kind: 'all', slug: null } }),
    ]);
    expect((await as('ali.ops').get('/api/webhooks').expect(200)).body.webhooks).toEqual([]); // an admin's is not an operator's
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
    await as('admin').delete(`/api/webhooks/${created.id}`).expect(204);
    await as('admin').delete(`/api/webhooks/${created.id}`).expect(404);
    expect((await as('admin').get('/api/webhooks').expect(200)).body.webhooks).toEqual([]);
    expect(world.db.prepare('SELECT status FROM webhook_endpoints WHERE id = ?').pluck().get(created.id)).toBe('deleted');
  });

  it('writes the outbox row in the transition’s transaction, and a signed delivery verifies with the secret', async () => {
    const hook = await subscribe(['integration.*']);
    const approved = await approveIdleFish();
    expect(approved.status).toBe(200);
    const rows = world.db.prepare('SELECT id, event_type, status FROM webhook_deliveries WHERE endpoint_id = ?').all(hook.id) as {
      id: string;
    }[];
    expect(rows).toEqual([{ id: expect.stringMatching(/^msg_/), event_type: 'integration.approved', status: 'pending' }]);

    // A refused transition (stale version) writes neither an event nor a webhook.
    const stale = await as('tencent.reviewer').post('/api/integrations/idle-fish/wechat-pay/approve').send({ expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(count(world.db, 'webhook_deliveries', 'endpoint_id = ?', hook.id)).toBe(1);

    receiver.received.length = 0;
    expect(await dispatcher.deliverDue()).toBe(1);
    const [got] = await receiver.waitFor(1);
    const headers = {
      'webhook-id': got!.headers['webhook-id'] as string,
      'webhook-timestamp': got!.headers['webhook-timestamp'] as string,
      'webhook-signature': got!.headers['webhook-signature'] as string,
    };
    expect(headers['webhook-id']).toBe(rows[0]!.id);
    const payload = new Webhook(hook.secret).verify(got!.body, headers) as {
      type: string;
      data: { integration: { state: string; version: number } };
    };
    expect(webhookMessageViolation('integration', payload)).toBeNull();
    expect(payload).toMatchObject({
      type: 'integration.approved',
      data: { integration: { storefront: 'idle-fish', wallet: 'wechat-pay', state: 'approved' }, event: { verb: 'approve' } },
    });
    // The same check by hand: v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed with the secret's bytes.
    const key = Buffer.from(hook.secret.slice('whsec_'.length), 'base64');
    const mac = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${got!.body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${mac}`);
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(got!.body, headers)).toThrow();
    expect(world.db.prepare('SELECT status, attempts, last_status FROM webhook_deliveries WHERE id = ?').get(rows[0]!.id)).toEqual({
      status: 'delivered',
      attempts: 1,
      last_status: 200,
    });
    await as('admin').delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('a failing receiver is retried with exponential back-off under the same webhook-id, then given up after N attempts', async () => {
    const hook = await subscribe(['order.placed', 'payment.*']);
    receiver.status = 503;
    receiver.received.length = 0;
    const product = world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'eleme' ORDER BY id LIMIT 1").pluck().get() as number;
    const order = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: 'hook-1', channel: 'app', items: [{ product, quantity: 1 }], wallet: 'alipay' })
      .expect(201);
    const [delivery] = world.db.prepare('SELECT id, event_type FROM webhook_deliveries WHERE endpoint_id = ?').all(hook.id) as {
      id: string;
      event_type: string;
    }[];
    expect(delivery!.event_type).toBe('order.placed');

    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect(await dispatcher.deliverDue()).toBe(1);
      expect(await dispatcher.deliverDue()).toBe(0); // not due again until the back-off has passed
      const row = world.db
        .prepare('SELECT status, attempts, next_attempt_at AS next FROM webhook_deliveries WHERE id = ?')
        .get(delivery!.id) as { status: string; attempts: number; next: string | null };
      expect(row.attempts).toBe(attempt);
      if (row.next) {
        waits.push(Date.parse(row.next) - world.clock.now().getTime());
        world.clock.set(row.next);
      }
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(world.db.prepare('SELECT status, last_status FROM webhook_deliveries WHERE id = ?').get(delivery!.id)).toEqual({
      status: 'failed',
      last_status: 503,
    });
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery!.id]));
    expect(receiver.received).toHaveLength(4);

    const log = await as('admin').get(`/api/webhooks/${hook.id}/deliveries`).expect(200);
    expect(log.body.deliveries[0]).toMatchObject({
      id: delivery!.id,
      event: 'order.placed',
      status: 'failed',
      attempts: 4,
      nextAttemptAt: null,
      lastStatusCode: 503,
    });
    expect(log.body.deliveries[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 503]);
    expect(order.body.id).toBeTruthy();
    receiver.status = 200;
  });

  it('a payment writes payment.<outcome> (and order.paid) with the order after the change', async () => {
    const hook = await subscribe(['payment.*', 'order.paid']);
    const product = world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'youku' ORDER BY id LIMIT 1").pluck().get() as number;
    const order = await supertest(world.app)
      .post('/api/orders')
      .send({ storefront: 'youku', shopper: 'hook-2', channel: 'app', items: [{ product, quantity: 1 }], wallet: 'alipay' })
      .expect(201);
    await supertest(world.app)
      .post(`/api/orders/${order.body.id}/payments`)
      .set('Idempotency-Key', 'hook-2-payment-1')
      .send({ shopper: 'hook-2', outcome: 'succeeded' })
      .expect(201);
    const rows = world.db
      .prepare('SELECT event_type, payload FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY rowid')
      .all(hook.id) as { event_type: string; payload: string }[];
    expect(rows.map((r) => r.event_type)).toEqual(['payment.succeeded', 'order.paid']);
    expect(webhookMessageViolation('payment', JSON.parse(rows[0]!.payload))).toBeNull();
    expect(webhookMessageViolation('order', JSON.parse(rows[1]!.payload))).toBeNull();
    expect(JSON.parse(rows[0]!.payload).data).toMatchObject({
      payment: { outcome: 'succeeded' },
      order: { id: order.body.id, status: 'paid' },
    });
    await as('admin').delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('the signature matches the Standard Webhooks example vector', () => {
    const signature = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').sign(
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
