import pino from 'pino';
import supertest from 'supertest';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { frozenClock } from '../../src/actions/sandbox-clock.ts';
import { applyDue } from '../../src/actions/due-items.ts';
import type { Repositories } from '../../src/db/repositories.ts';

/** The changes the sweep announced by `now`. */
const announceTakenEffect = (repos: Repositories, now: string) => applyDue(repos, now).changes.length;
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { eventTypeWhenRecorded } from '../../src/domain/webhooks.ts';
import { createSandbox, sandboxApi, sandboxOwnerApi } from '../support/sandboxes.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';
import { newWorld } from '../support/world.ts';

describe('a scheduled change is announced twice: when recorded, and when it takes effect', () => {
  it('names the type by whether the change takes effect later', () => {
    expect(eventTypeWhenRecorded('launch', '2026-12-01T08:00:00.000Z', '2026-12-02T08:00:00.000Z')).toBe('integration.scheduled');
    expect(eventTypeWhenRecorded('launch', '2026-12-01T08:00:00.000Z', '2026-12-01T08:00:00.000Z')).toBe('integration.launched');
    expect(eventTypeWhenRecorded('approve', '2026-12-01T08:00:00.000Z', '2026-11-01T08:00:00.000Z')).toBe('integration.approved');
  });

  it('in the default world: nothing before the first mark, then each launch once, as the wall clock passes it; a cancelled one never', async () => {
    const world = newWorld({ now: '2026-12-01T08:00:00.000Z' });
    try {
      const admin = apiTokenFor(world, 'admin');
      const api = (method: 'get' | 'post', path: string) => supertest(world.app)[method](path).set('Authorization', `Bearer ${admin}`);
      await api('post', '/api/webhooks')
        .send({ url: 'http://127.0.0.1:9/', events: ['integration.*'] })
        .expect(201);
      expect(announceTakenEffect(world.repos, world.clock.now().toISOString())).toBe(0); // the first call sets the mark
      const reviewer = apiTokenFor(world, 'tencent.reviewer');
      for (const storefront of ['idle-fish', 'freshippo']) {
        const { body } = await api('get', `/api/integrations/${storefront}/wechat-pay`).expect(200);
        const approved = await supertest(world.app)
          .post(`/api/integrations/${storefront}/wechat-pay/approve`)
          .set('Authorization', `Bearer ${reviewer}`)
          .send({ expectedVersion: body.version, reason: 'ok' })
          .expect(200);
        await api('post', `/api/integrations/${storefront}/wechat-pay/launch`)
          .send({ expectedVersion: approved.body.integration.version, effectiveAt: '2026-12-02T08:00:00Z' })
          .expect(200);
      }
      // Freshippo's launch is withdrawn before its time (revoked): it must not be announced.
      const fresh = await api('get', '/api/integrations/freshippo/wechat-pay').expect(200);
      await supertest(world.app)
        .post('/api/integrations/freshippo/wechat-pay/revoke')
        .set('Authorization', `Bearer ${reviewer}`)
        .send({ expectedVersion: fresh.body.version, reason: 'not yet' })
        .expect(200);
      const launched = () =>
        world.db.prepare("SELECT count(*) FROM webhook_deliveries WHERE event_type = 'integration.launched'").pluck().get();
      world.clock.set('2026-12-02T07:59:59.000Z');
      expect(announceTakenEffect(world.repos, world.clock.now().toISOString())).toBe(0);
      world.clock.set('2026-12-02T08:00:00.000Z');
      expect(announceTakenEffect(world.repos, world.clock.now().toISOString())).toBe(1);
      // Nothing more takes effect: nothing is written (no fsync a second), and the mark stays where the launch left it.
      const written = () => world.db.prepare('SELECT total_changes()').pluck().get();
      const before = written();
      expect(announceTakenEffect(world.repos, '2026-12-03T00:00:00.000Z')).toBe(0);
      expect(written()).toBe(before);
      expect(launched()).toBe(1);
      expect(world.db.prepare("SELECT value FROM settings WHERE key = 'webhooks_effective_through'").pluck().get()).toBe(
        '2026-12-02T08:00:00.000Z',
      );
    } finally {
      world.close();
    }
  });

  it('in a sandbox: after the clock passes the launch, integration.launched is delivered, signed, and verifies with the secret', async () => {
    const receiver = await webhookReceiver();
    const world = newWorld({ sandboxes: {}, now: new Date().toISOString() });
    try {
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2027-03-01T08:00:00Z' });
      const inside = world.sandboxes!.world(sandbox.id);
      const admin = sandboxApi(world, sandbox, apiTokenFor(world, 'admin'));
      const hook = (
        await admin
          .post('/api/webhooks')
          .send({ url: receiver.url, events: ['integration.launched'] })
          .expect(201)
      ).body as { secret: string };
      const reviewer = sandboxApi(world, sandbox, apiTokenFor(world, 'tencent.reviewer'));
      const { body } = await reviewer.get('/api/integrations/idle-fish/wechat-pay').expect(200);
      const approved = await reviewer
        .post('/api/integrations/idle-fish/wechat-pay/approve')
        .send({ expectedVersion: body.version, reason: 'ok' })
        .expect(200);
      await admin
        .post('/api/integrations/idle-fish/wechat-pay/launch')
        .send({ expectedVersion: approved.body.integration.version, effectiveAt: '2027-03-02T08:00:00Z' })
        .expect(200);
      // The sender runs on the sandbox's own clock, as the server runs it.
      const sender = webhookDispatcher({
        repos: inside.repos,
        clock: inside.clock,
        logger: pino({ level: 'silent' }),
        allow: ['loopback'],
        retry: { schedule: [1000, 2000], jitter: 0 },
      });
      expect(await sender.deliverDue()).toBe(0);
      await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
      expect(await sender.deliverDue()).toBe(1);
      const [got] = await receiver.waitFor(1);
      const headers = {
        'webhook-id': String(got!.headers['webhook-id']),
        'webhook-timestamp': String(got!.headers['webhook-timestamp']),
        'webhook-signature': String(got!.headers['webhook-signature']),
      };
      // Signed at real time (a verifier refuses five minutes off), whatever the sandbox clock says.
      expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      const message = new Webhook(hook.secret).verify(got!.body, headers) as {
        type: string;
        timestamp: string;
        data: { integration: { state: string } };
      };
      expect(message).toMatchObject({
        type: 'integration.launched',
        timestamp: '2027-03-02T08:00:00.000Z',
        data: { integration: { state: 'live' } },
      });
    } finally {
      world.close();
      await receiver.close();
    }
  });
});

describe('a frozen sandbox clock', () => {
  it('stands still until moved: the webhook sender runs on it, so a retry falls due only as the clock is moved past it', () => {
    const clock = frozenClock('2021-10-15T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2021-10-15T00:00:00.000Z');
    clock.moveTo('2021-10-16T00:00:00.000Z');
    expect(clock.instant()).toBe('2021-10-16T00:00:00.000Z');
  });
});
