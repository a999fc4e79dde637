import { join } from 'node:path';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { sandboxManager } from '../../src/actions/sandboxes.ts';
import type { Poster } from '../../src/actions/webhook-attempt.ts';
import { webhookDispatcher, type DispatcherOptions, type Timers } from '../../src/actions/webhook-dispatcher.ts';
import { resendDelivery, sendTestEvent } from '../../src/actions/webhook-log.ts';
import { createWebhook } from '../../src/actions/webhooks.ts';
import { sandboxQueries } from '../../src/db/sandboxes.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

const admin: Actor = { username: 'admin', displayName: 'Admin', role: 'admin', groupSlug: null, providerSlug: null };
const target = { allow: ['loopback'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
const silent = pino({ level: 'silent' });
/** The sender looks at its outbox on the turn after a write: this waits for that turn (and the attempt's promises after it). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-12-01T08:00:00.000Z' });
  return () => world.close();
});

/** Timers that fire only when the test says so, and say what is armed. */
function fakeTimers() {
  const all: { ms: number; run: () => void; live: boolean }[] = [];
  const timers: Timers = {
    after(ms, run) {
      const timer = { ms, run, live: true };
      all.push(timer);
      return () => {
        timer.live = false;
      };
    },
  };
  const armed = () => all.filter((t) => t.live);
  return {
    timers,
    armed,
    /** Fires every armed timer (as the time it waited for has come). */
    fire() {
      for (const timer of armed()) {
        timer.live = false;
        timer.run();
      }
    },
  };
}

/** Answers each request with the next status of `statuses` (the last one again when they run out). */
function fakePoster(...statuses: number[]) {
  const sent: string[] = [];
  const post: Poster = async (_target, init) => {
    sent.push(init.headers['webhook-id'] ?? '');
    return { status: statuses[Math.min(sent.length - 1, statuses.length - 1)] ?? 200, retryAfter: undefined, body: '' };
  };
  return { post, sent };
}

function sender(options: Partial<DispatcherOptions>) {
  return webhookDispatcher({ repos: world.repos, clock: world.clock, logger: silent, allow: ['loopback'], random: () => 0.5, ...options });
}

const deliveryRow = (id: string) =>
  world.db.prepare('SELECT status, attempts, next_attempt_at AS next FROM webhook_deliveries WHERE id = ?').get(id) as {
    status: string;
    attempts: number;
    next: string | null;
  };

describe('a webhook sender sleeps until its outbox is written', () => {
  it('arms no timer while idle, and sends a message on the turn after it is written (no poll, no timer)', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const fake = fakePoster(204);
    const clock = fakeTimers();
    const running = sender({ post: fake.post, timers: clock.timers });
    running.start();
    await nextTurn();
    expect(clock.armed()).toEqual([]);

    const message = sendTestEvent(world.repos, world.clock, admin, hook.id);
    expect(fake.sent).toEqual([]); // not inside the writer's transaction
    await nextTurn();
    expect(fake.sent).toEqual([message.id]);
    expect(deliveryRow(message.id)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(clock.armed()).toEqual([]); // nothing pending: asleep again
    await running.stop();
  });

  it('a resend wakes it too', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const message = sendTestEvent(world.repos, world.clock, admin, hook.id);
    const fake = fakePoster(204);
    const running = sender({ post: fake.post, timers: fakeTimers().timers });
    running.start(); // what is pending at start goes out at once
    await nextTurn();
    resendDelivery(world.repos, world.clock, admin, hook.id, message.id);
    await nextTurn();
    expect(fake.sent).toEqual([message.id, message.id]);
    expect(deliveryRow(message.id)).toMatchObject({ status: 'delivered', attempts: 2 });
    await running.stop();
  });

  it('arms one timer for a retry due later, and makes the attempt when it fires at that time', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const fake = fakePoster(500, 204);
    const clock = fakeTimers();
    const running = sender({ post: fake.post, timers: clock.timers });
    running.start();
    const message = sendTestEvent(world.repos, world.clock, admin, hook.id);
    await nextTurn();
    const failed = deliveryRow(message.id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, next: '2026-12-01T08:00:05.000Z' });
    expect(clock.armed().map((t) => t.ms)).toEqual([5000]);

    world.clock.set('2026-12-01T08:00:05.000Z');
    clock.fire();
    await nextTurn();
    expect(deliveryRow(message.id)).toMatchObject({ status: 'delivered', attempts: 2, next: null });
    expect(fake.sent).toEqual([message.id, message.id]);
    expect(clock.armed()).toEqual([]);
    await running.stop();
  });

  it('stopped, it cancels its timer and no longer wakes when its outbox is written', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, { url: 'http://127.0.0.1:9/hooks', events: ['*'], actor: admin });
    const fake = fakePoster(500);
    const clock = fakeTimers();
    const running = sender({ post: fake.post, timers: clock.timers });
    running.start();
    sendTestEvent(world.repos, world.clock, admin, hook.id);
    await nextTurn();
    expect(clock.armed()).toHaveLength(1);
    await running.stop();
    expect(clock.armed()).toEqual([]);

    const later = sendTestEvent(world.repos, world.clock, admin, hook.id);
    await nextTurn();
    expect(fake.sent).toHaveLength(1);
    expect(deliveryRow(later.id)).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('a shuffle window (a sandbox endpoint’s fault; set directly here)', () => {
  it('gathers for a second after its first message, and sends at once when the window fills', async () => {
    const hook = await createWebhook(world.repos, world.clock, target, {
      url: 'http://127.0.0.1:9/hooks',
      events: ['*'],
      actor: admin,
      faults: { shuffleWindow: 3, seed: 9 },
      inSandbox: true,
    });
    const fake = fakePoster(204);
    const clock = fakeTimers();
    const running = sender({ post: fake.post, timers: clock.timers });
    running.start();
    const first = sendTestEvent(world.repos, world.clock, admin, hook.id);
    await nextTurn();
    expect(fake.sent).toEqual([]);
    expect(clock.armed().map((t) => t.ms)).toEqual([1000]);
    clock.fire(); // a second passed with no other message: it goes out alone
    await nextTurn();
    expect(fake.sent).toEqual([first.id]);

    const three = [0, 1, 2].map(() => sendTestEvent(world.repos, world.clock, admin, hook.id).id);
    await nextTurn();
    expect([...fake.sent.slice(1)].sort()).toEqual([...three].sort());
    expect(clock.armed()).toEqual([]);
    await running.stop();
  });
});

describe('a sandbox world’s sender', () => {
  it('sends at once what is written in the sandbox, arms no timer for its retries (they wait for the clock), and stops with its world', async () => {
    const fake = fakePoster(500);
    const clock = fakeTimers();
    const manager = sandboxManager({
      registry: sandboxQueries(world.db),
      dir: join(world.dir, 'senders'),
      ttlMs: 86_400_000,
      max: 10,
      wall: world.clock,
      logger: silent,
      maxOpen: 1,
      webhooks: { logger: silent, allow: ['loopback'], resolve: target.resolve, post: fake.post, timers: clock.timers, random: () => 0.5 },
    });
    try {
      const a = manager.create({
        scenario: { name: 'record' },
        clock: '2021-09-02T00:00:00.000Z',
        createdBy: 'tester',
        owner: { kind: 'anonymous', keyHash: 'a key' },
      });
      const sandbox = manager.world(a.id);
      const hook = await createWebhook(sandbox.repos, sandbox.clock, target, {
        url: 'http://127.0.0.1:9/hooks',
        events: ['*'],
        actor: admin,
        inSandbox: true,
      });
      const message = sendTestEvent(sandbox.repos, sandbox.clock, admin, hook.id);
      await nextTurn();
      expect(fake.sent).toEqual([message.id]);
      const row = sandbox.db.prepare('SELECT status, next_attempt_at AS next FROM webhook_deliveries WHERE id = ?').get(message.id);
      expect(row).toEqual({ status: 'pending', next: '2021-09-02T00:00:05.000Z' });
      expect(clock.armed()).toEqual([]);

      // Another sandbox takes the only open slot: the first world closes, and its sender with it.
      manager.create({ scenario: { name: 'record' }, createdBy: 'tester', owner: { kind: 'anonymous', keyHash: 'a key' } });
      await nextTurn(); // the sender stops,
      await nextTurn(); // then the connection closes
      expect(sandbox.db.open).toBe(false);
      expect(manager.openCount()).toBe(1);
      expect(fake.sent).toEqual([message.id]);
    } finally {
      await manager.closeAll();
    }
  });
});
