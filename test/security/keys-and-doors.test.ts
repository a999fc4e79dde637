import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ownerCookieOf } from '../support/sandboxes.ts';
import { apiTokenFor, EVERY_SANDBOX, visitor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
});
afterEach(() => world.close());

const app = () => supertest(world.app);
const KEY = 'review-key-0001';

describe('an Idempotency-Key is kept for whoever sent it, never for an address', () => {
  it('refuses a key that has no sender (no token, shopper or owner cookie) with a 400 naming it, and writes nothing', async () => {
    const res = await app().post('/api/carts').set('Idempotency-Key', KEY).send({ storefront: 'eleme' }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['idempotency-key']);
    expect(count(world.db, 'carts')).toBe(0);
    expect(count(world.db, 'idempotency_keys')).toBe(0);
  });

  it('gives two browsers with one key a sandbox each, and never one browser the other’s answer', async () => {
    const first = await app().post('/api/sandboxes').send({ scenario: 'record', clock: '2026-12-01T08:00:00Z' }).expect(201);
    const mine = ownerCookieOf(first);
    const stranger = ownerCookieOf(await app().post('/api/sandboxes').send({ scenario: 'record' }).expect(201));
    const move = (cookie: string) =>
      app().post(`/api/sandboxes/${first.body.id}/clock`).set('Cookie', cookie).set('Idempotency-Key', KEY).send({ advance: 'P1D' });

    const moved = await move(mine).expect(200);
    expect(moved.body.now).toBe('2026-12-02T08:00:00.000Z');
    // The same key and body from another browser is not a replay: the sandbox is not theirs.
    const replayed = await move(stranger);
    expect(replayed.status).toBe(404);
    expect(replayed.headers['idempotent-replayed']).toBeUndefined();
    expect(world.sandboxes!.summary(first.body.id, EVERY_SANDBOX).now).toBe('2026-12-02T08:00:00.000Z');
    // The owner's retry is the replay, and the clock moved once.
    const again = await move(mine).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(world.sandboxes!.summary(first.body.id, EVERY_SANDBOX).now).toBe('2026-12-02T08:00:00.000Z');
  });
});

describe('a sandbox’s API is the API whatever the case of its path', () => {
  it('does not let a session cookie through /API/ where /api/ needs a token', async () => {
    const token = apiTokenFor(world, 'ali.ops');
    const made = await app().post('/api/sandboxes').set('Authorization', `Bearer ${token}`).send({ scenario: 'record' }).expect(201);
    const { cookie } = visitor(world, 'ali.ops');
    for (const path of ['/api/storefronts', '/API/storefronts', '/Api/storefronts']) {
      const res = await app().get(`/sandboxes/${made.body.id}${path}`).set('Cookie', cookie);
      expect(res.status, path).toBe(404);
    }
    await app().get(`/sandboxes/${made.body.id}/API/storefronts`).set('Authorization', `Bearer ${token}`).expect(200);
  });
});

describe('no-store on a person’s pages, whatever the case of the path', () => {
  it('sends Cache-Control: no-store on /Account, /CONSOLE, /requests and /api/requests', async () => {
    const { cookie } = visitor(world, 'admin');
    for (const path of ['/account', '/Account', '/CONSOLE', '/requests']) {
      const res = await app().get(path).set('Cookie', cookie);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    const api = await app()
      .get('/api/requests')
      .set('Authorization', `Bearer ${apiTokenFor(world, 'admin')}`)
      .expect(200);
    expect(api.headers['cache-control']).toBe('no-store');
  });
});
