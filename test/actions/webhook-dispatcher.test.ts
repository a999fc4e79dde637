import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Poster } from '../../src/actions/webhook-attempt.ts';
import { webhookDispatcher, type DispatcherOptions } from '../../src/actions/webhook-dispatcher.ts';
import { sendTestEvent } from '../../src/actions/webhook-log.ts';
import { createWebhook, rotateWebhookSecret } from '../../src/actions/webhooks.ts';
import type { Answer } from '../../src/actions/webhook-target.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { DEFAULT_RETRY_SCHEDULE_MS, jitterWindow, seededRandom } from '../../src/domain/webhook-schedule.ts';
import { waitUntil } from '../support/wait.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

const admin: Actor = { username: 'admin', displayName: 'Admin', role: 'admin', groupSlug: null, providerSlug: null };
const target = { allow: ['loopback'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-12-01T08:00:00.000Z' });
  return () => world.close();
});

/** A sender that answers each request with the next of `answers` (the last one again when they run out), recording what was sent. */
function fakePoster(...answers: Partial<Answer>[]) {
  const sent: { headers: Record<string, string>; body: string }[] = [];
  const post: Poster = async (_target, init) => {
    sent.push({ headers: init.headers, body: init.body });
    const answer = answers[Math.min(sent.length - 1, answers.length - 1)] ?? {};
    return { status: 200, retryAfter: undefined, body: '', ...answer };
  };
  return { post, sent };
}

function dispatcher(options: Partial<DispatcherOptions> = {}) {
  return webhookDispatcher({ repos: world.repos, clock: world.clock, logger: pino({ level: 'silent' }), allow: ['loopback'], ...options });
}

const endpointRow = (id: string) =>
  world.db.prepare('SELECT disabled_at AS disabledAt, disabled_reason AS reason, version FROM webhook_endpoints WHERE id = ?').get(id);
const deliveryRow = (id: string) =>
  world.db.prepare('SELECT status, attempts, next_attempt_at AS next FROM webhook_deliveries WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
    next: string | null;
  };

describe('the retry schedule in the default world (real time, here a test clock)', () => {
  it('attempts at once, then after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h five times, each within ±10 %, then fails', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const message = sendTestEvent(world.repos, world.clock, admin, hook.id);
    const fake = fakePoster({ status: 500 });
    const sender = dispatcher({ post: fake.post, random: seededRandom(3) });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 11; attempt++) {
      expect(await sender.deliverDue()).toBe(1);
      expect(await sender.deliverDue()).toBe(0); // not due again before its wait
      const row = deliveryRow(message.id);
      if (row.next === null) break;
      waits.push(Date.parse(row.next) - world.clock.now().getTime());
      world.clock.set(row.next);
    }
    expect(waits).toHaveLength(10);
    waits.forEach((wait, i) => {
      const window = jitterWindow(DEFAULT_RETRY_SCHEDULE_MS[i] ?? 0, 0.1);
      expect(wait).toBeGreaterThanOrEqual(window.min);
      expect(wait).toBeLessThanOrEqual(window.max);
    });
    expect(waits.some((wait, i) => wait !== DEFAULT_RETRY_SCHEDULE_MS[i])).toBe(true); // jittered, not the bare schedule
    expect(deliveryRow(message.id)).toMatchObject({ status: 'failed', attempts: 11, next: null });
    expect(new Set(fake.sent.map((s) => s.headers['webhook-id']))).toEqual(new Set([message.id]));
    const log = world.repos.webhooks.attemptsOf(message.id);
    expect(log.map((a) => a.nextAttemptAt === null)).toEqual([...Array(10).fill(false), true]);
    expect(log[0]).toMatchObject({
      statusCode: 500,
      responseBody: '',
      requestHeaders: expect.objectContaining({ 'webhook-id': message.id }),
    });
  });

  it('a 410 Gone fails the message and disables the endpoint, saying why; nothing more is written for it until it is enabled', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const message = sendTestEvent(world.repos, world.clock, admin, hook.id);
    await dispatcher({ post: fakePoster({ status: 410 }).post }).deliverDue();
    expect(deliveryRow(message.id)).toMatchObject({ status: 'failed', attempts: 1, next: null });
    expect(endpointRow(hook.id)).toEqual({
      disabledAt: '2026-12-01T08:00:00.000Z',
      reason: 'answered 410 Gone at 2026-12-01T08:00:00.000Z',
      version: 2,
    });
    expect(world.repos.webhooks.receivingEndpoints().map((e) => e.id)).not.toContain(hook.id);
  });

  it('a 503 or 429 with Retry-After waits that long (seconds, or an HTTP date), not the schedule', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const first = sendTestEvent(world.repos, world.clock, admin, hook.id);
    await dispatcher({ post: fakePoster({ status: 503, retryAfter: '120' }).post, random: () => 0.5 }).deliverDue();
    expect(deliveryRow(first.id).next).toBe('2026-12-01T08:02:00.000Z');
    const wall = { now: () => new Date('2026-12-01T08:02:00.000Z') };
    world.clock.set('2026-12-01T08:02:00.000Z');
    await dispatcher({ post: fakePoster({ status: 429, retryAfter: 'Tue, 01 Dec 2026 09:02:00 GMT' }).post, wallClock: wall }).deliverDue();
    expect(deliveryRow(first.id)).toMatchObject({ status: 'pending', attempts: 2, next: '2026-12-01T09:02:00.000Z' });
    // A 500 with Retry-After keeps to the schedule.
    world.clock.set('2026-12-01T09:02:00.000Z');
    await dispatcher({ post: fakePoster({ status: 500, retryAfter: '7200' }).post, random: () => 0.5 }).deliverDue();
    expect(deliveryRow(first.id).next).toBe('2026-12-01T09:32:00.000Z');
  });

  it('after a rotation, a delivery verifies with the old and the new secret for 24 hours, then only with the new', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const rotated = rotateWebhookSecret(world.repos, world.clock, admin, hook.id);
    expect(rotated.secret).not.toBe(hook.secret);
    const fake = fakePoster({ status: 204 });
    const sender = dispatcher({ post: fake.post });
    const verifies = (secret: string, i: number) => {
      const sent = fake.sent[i]!;
      try {
        new Webhook(secret).verify(sent.body, sent.headers);
        return true;
      } catch {
        return false;
      }
    };
    world.clock.advance(23 * 3_600_000);
    sendTestEvent(world.repos, world.clock, admin, hook.id);
    await sender.deliverDue();
    expect(fake.sent[0]!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect([verifies(hook.secret, 0), verifies(rotated.secret, 0)]).toEqual([true, true]);
    world.clock.advance(2 * 3_600_000);
    sendTestEvent(world.repos, world.clock, admin, hook.id);
    await sender.deliverDue();
    expect(fake.sent[1]!.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    expect([verifies(hook.secret, 1), verifies(rotated.secret, 1)]).toEqual([false, true]);
  });

  it('sends one endpoint’s first attempts in sequence order', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const other = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/other', events: ['*'], actor: admin });
    for (let i = 0; i < 6; i++) sendTestEvent(world.repos, world.clock, admin, i % 2 === 0 ? hook.id : other.id);
    const fake = fakePoster({ status: 200 });
    await dispatcher({ post: fake.post }).deliverDue();
    const sequences = (url: string) =>
      fake.sent
        .filter((s) => JSON.parse(s.body).data.webhook === (url === 'hook' ? hook.id : other.id))
        .map((s) => JSON.parse(s.body).sequence as number);
    expect(sequences('hook')).toEqual([1, 3, 5]);
    expect(sequences('other')).toEqual([2, 4, 6]);
  });
});

describe('faults on purpose (a sandbox endpoint’s; set directly here)', () => {
  it('shuffles a window of due messages with its seed, the same order each time, and waits the delay before each attempt', async () => {
    const orders: number[][] = [];
    for (let run = 0; run < 2; run++) {
      world.close();
      world = newWorld({ scenario: 'record', now: '2026-12-01T08:00:00.000Z' });
      const hook = await createWebhook(world.repos, world.clock, target, {
        url: 'http://127.0.0.1:9/hooks',
        events: ['*'],
        actor: admin,
        faults: { shuffleWindow: 5, seed: 9, delaySeconds: 2 },
        inSandbox: true,
      });
      for (let i = 0; i < 5; i++) sendTestEvent(world.repos, world.clock, admin, hook.id);
      const fake = fakePoster({ status: 204 });
      const slept: number[] = [];
      await dispatcher({ post: fake.post, sleep: async (ms) => void slept.push(ms) }).deliverDue();
      orders.push(fake.sent.map((sent) => JSON.parse(sent.body).sequence as number));
      expect(slept).toEqual([2000, 2000, 2000, 2000, 2000]);
      const faults = world.db.prepare('SELECT fault FROM webhook_attempts ORDER BY rowid').pluck().all();
      expect(faults).toEqual(Array(5).fill('shuffled, delayed 2 s'));
    }
    expect([...(orders[0] ?? [])].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(orders[0]).not.toEqual([1, 2, 3, 4, 5]);
    expect(orders[1]).toEqual(orders[0]);
  });

  it('starts the new seed’s order when the seed is changed, without a restart (a failing run played again)', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['*'],
      actor: admin,
      faults: { shuffleWindow: 5, seed: 4 },
      inSandbox: true,
    });
    const fake = fakePoster({ status: 204 });
    const sender = dispatcher({ post: fake.post });
    /** One window of five: the order the shuffle sent them in, as ranks 0–4. */
    const round = async () => {
      const before = fake.sent.length;
      for (let i = 0; i < 5; i++) sendTestEvent(world.repos, world.clock, admin, hook.id);
      await sender.deliverDue();
      const sequences = fake.sent.slice(before).map((sent) => JSON.parse(sent.body).sequence as number);
      return sequences.map((n) => n - Math.min(...sequences));
    };
    const firstOfFour = await round();
    world.db.prepare('UPDATE webhook_endpoints SET faults = ? WHERE id = ?').run(JSON.stringify({ shuffleWindow: 5, seed: 9 }), hook.id);
    const firstOfNine = await round();
    world.db.prepare('UPDATE webhook_endpoints SET faults = ? WHERE id = ?').run(JSON.stringify({ shuffleWindow: 5, seed: 4 }), hook.id);
    expect(await round()).toEqual(firstOfFour);
    expect(firstOfNine).not.toEqual(firstOfFour);
  });
});

describe('a dead endpoint', () => {
  it('does not delay another: the healthy one is delivered while the dead one’s first attempt is still in flight', async () => {
    const dead = await webhookReceiver();
    const healthy = await webhookReceiver();
    dead.hang = true;
    try {
      const deadHook = await createWebhook(world.repos, world.clock, target, { url: dead.url, events: ['*'], actor: admin });
      const liveHook = await createWebhook(world.repos, world.clock, target, { url: healthy.url, events: ['*'], actor: admin });
      // More messages for the dead endpoint than a batch once took, all older than the healthy one's.
      for (let i = 0; i < 30; i++) sendTestEvent(world.repos, world.clock, admin, deadHook.id);
      const live = sendTestEvent(world.repos, world.clock, admin, liveHook.id);
      const sender = dispatcher({ timeoutMs: 60_000 });
      const done = sender.deliverDue();
      await dead.waitFor(1);
      await healthy.waitFor(1);
      await waitUntil('the healthy delivery recorded', () => deliveryRow(live.id).status === 'delivered');
      expect(dead.received).toHaveLength(1); // one in flight to the dead endpoint, still unanswered
      expect(
        world.db
          .prepare('SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = ?')
          .pluck()
          .get(deadHook.id),
      ).toBe(0);
      await dead.close(); // the hanging attempt ends: could not connect
      await done;
    } finally {
      await healthy.close();
      await dead.close();
    }
  });
});
