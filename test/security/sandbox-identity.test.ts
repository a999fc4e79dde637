import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/passwords.ts';
import { sandboxOwnedByKey } from '../support/sandboxes.ts';
import { apiTokenFor, visitor } from '../support/sessions.ts';
import { count, csrfFrom, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
  // Made before the sandboxes: a sandbox that copied the people would hold this one too.
  world.people.users.insertIfAbsent(
    { username: 'lock.me', displayName: 'Lock Me', role: 'viewer', passwordHash: hashPassword('right-password', { N: 1024, r: 8, p: 1 }) },
    world.clock.now().toISOString(),
  );
});
afterEach(() => world.close());

const app = () => supertest(world.app);
const askToken = (base: string, ownerCookie: string, password: string) =>
  app().post(`${base}/api/tokens`).set('Cookie', ownerCookie).send({ username: 'lock.me', password });
const peopleRows = (db: TestWorld['db']) => ({
  users: count(db, 'users'),
  sessions: count(db, 'sessions'),
  apiTokens: count(db, 'api_tokens'),
  throttle: count(db, 'sign_in_throttle'),
});

describe('people live in the default world only', () => {
  it('a new sandbox file holds no users, sessions, tokens or throttle rows, and signing in inside one writes only the default world’s', async () => {
    const sandbox = sandboxOwnedByKey(world);
    const inside = world.sandboxes!.world(sandbox.id).db;
    expect(peopleRows(inside)).toEqual({ users: 0, sessions: 0, apiTokens: 0, throttle: 0 });

    const before = peopleRows(world.db);
    await askToken(`/sandboxes/${sandbox.id}`, sandbox.ownerCookie, 'wrong').expect(401);
    const token = await askToken(`/sandboxes/${sandbox.id}`, sandbox.ownerCookie, 'right-password').expect(201);
    expect(peopleRows(inside)).toEqual({ users: 0, sessions: 0, apiTokens: 0, throttle: 0 });
    expect(peopleRows(world.db)).toEqual({ ...before, apiTokens: before.apiTokens + 1 });
    // The token works in the default world.
    await app().get('/api/sandboxes').set('Authorization', `Bearer ${token.body.token}`).expect(200);
  });

  it('a sign-in inside a sandbox is the default world’s session (cookie at /): signed in at home and in the sandbox, and signed out of both at once', async () => {
    const sandbox = sandboxOwnedByKey(world);
    const browser = supertest.agent(world.app);
    browser.jar.setCookie(`${sandbox.ownerCookie}; Path=/`, '127.0.0.1', '/');
    const form = await browser.get(`/sandboxes/${sandbox.id}/sign-in`).expect(200);
    const signedIn = await browser
      .post(`/sandboxes/${sandbox.id}/sign-in`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), username: 'lock.me', password: 'right-password' })
      .expect(303);
    expect(([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('hutong_session='))).toMatch(
      /; Path=\/;/,
    );
    expect(count(world.db, 'sessions')).toBe(1);
    expect(count(world.sandboxes!.world(sandbox.id).db, 'sessions')).toBe(0);
    expect((await browser.get('/account').expect(200)).text).toContain('Lock Me');
    const account = await browser.get(`/sandboxes/${sandbox.id}/account`).expect(200);
    expect(account.text).toContain('Lock Me');

    await browser
      .post(`/sandboxes/${sandbox.id}/sign-out`)
      .type('form')
      .send({ _csrf: csrfFrom(account.text) })
      .expect(303);
    expect(count(world.db, 'sessions')).toBe(0);
    expect((await browser.get('/account')).status).toBe(303);
  });

  it('a stale session cookie a sandbox set under its own path (sent first) neither hides the home session nor stays', async () => {
    const sandbox = sandboxOwnedByKey(world);
    const home = visitor(world, 'ali.ops');
    const stale = `hutong_session=${'x'.repeat(43)}`;
    const res = await app()
      .get(`/sandboxes/${sandbox.id}/account`)
      .set('Cookie', `${stale}; ${home.cookie}; ${sandbox.ownerCookie}`)
      .expect(200);
    expect(res.text).toContain('ali.ops');
    const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []).filter((c) => c.startsWith('hutong_session=;'));
    expect(cleared).toEqual([expect.stringContaining(`Path=/sandboxes/${sandbox.id};`)]);
  });
});

describe('the lock-out holds across every world', () => {
  it('ten wrong passwords in the default world, then the right one inside a sandbox: 429, and no token anywhere', async () => {
    const sandbox = sandboxOwnedByKey(world);
    for (let i = 0; i < 10; i += 1) await askToken('', '', `wrong-${i}`).expect(401);
    const refused = await askToken(`/sandboxes/${sandbox.id}`, sandbox.ownerCookie, 'right-password').expect(429);
    expect(refused.body.code).toBe('rate_limited');
    // Nor through the sandbox's sign-in form.
    const v = visitor(world, null);
    const form = await app().get(`/sandboxes/${sandbox.id}/sign-in`).set('Cookie', `${v.cookie}; ${sandbox.ownerCookie}`).expect(200);
    const page = await app()
      .post(`/sandboxes/${sandbox.id}/sign-in`)
      .set('Cookie', `${v.cookie}; ${sandbox.ownerCookie}`)
      .type('form')
      .send({ _csrf: csrfFrom(form.text), username: 'lock.me', password: 'right-password' })
      .expect(429);
    expect(page.text).toContain('Too many failed sign-ins for lock.me');
    expect(count(world.db, 'api_tokens')).toBe(0);
    expect(count(world.sandboxes!.world(sandbox.id).db, 'api_tokens')).toBe(0);
    expect(count(world.db, 'sessions')).toBe(0);
  });

  it('a burst of 40 wrong passwords spread over 4 sandboxes checks at most ten; then the right one is refused at home too', async () => {
    const sandboxes = Array.from({ length: 4 }, () => sandboxOwnedByKey(world));
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const sandbox = sandboxes[i % 4]!;
        return askToken(`/sandboxes/${sandbox.id}`, sandbox.ownerCookie, `wrong-${i}`);
      }),
    );
    const checked = burst.filter((r) => r.status !== 429);
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(checked.every((r) => r.status === 401)).toBe(true);
    expect(world.db.prepare("SELECT failures FROM sign_in_throttle WHERE username = 'lock.me'").pluck().get()).toBeLessThanOrEqual(10);
    for (const sandbox of sandboxes) expect(count(world.sandboxes!.world(sandbox.id).db, 'sign_in_throttle')).toBe(0);
    const right = await askToken('', '', 'right-password').expect(429);
    expect(right.body.code).toBe('rate_limited');
  });
});

describe('a home token or session in a sandbox', () => {
  it('works in a sandbox its person owns, and keeps working after its clock moves 2 days and 60 days (expiry is real time)', async () => {
    const token = apiTokenFor(world, 'ali.ops');
    const bearer = { Authorization: `Bearer ${token}` };
    const made = await app().post('/api/sandboxes').set(bearer).send({ scenario: 'record', clock: '2026-12-01T08:00:00Z' }).expect(201);
    const base = `/sandboxes/${made.body.id}`;
    const v = visitor(world, 'ali.ops');
    const reads = async () => {
      const api = await app().get(`${base}/api/integrations/idle-fish/wechat-pay`).set(bearer);
      const page = await app().get(`${base}/console`).set('Cookie', v.cookie);
      return [api.status, page.status];
    };
    expect(await reads()).toEqual([200, 200]);
    await app().post(`/api/sandboxes/${made.body.id}/clock`).set(bearer).send({ advance: 'P2D' }).expect(200);
    expect(await reads()).toEqual([200, 200]);
    await app().post(`/api/sandboxes/${made.body.id}/clock`).set(bearer).send({ advance: 'P60D' }).expect(200);
    expect(await reads()).toEqual([200, 200]);
    // Real time is what expires them: 31 days on, the 30-day token is refused in the sandbox as at home.
    world.clock.advance(31 * 24 * 3_600_000);
    const expired = await app().get(`${base}/api/storefronts/eleme`).set(bearer).expect(404);
    expect(expired.body.code).toBe('not_found');
    await app().get('/api/integrations/idle-fish/wechat-pay').set(bearer).expect(401);
  });
});

describe('the same headers in every world', () => {
  it('a sandbox’s account page, new token (page and API) and console send Cache-Control: no-store, as the default world does', async () => {
    const sandbox = sandboxOwnedByKey(world);
    const v = visitor(world, 'admin');
    const cookie = `${v.cookie}; ${sandbox.ownerCookie}`;
    for (const base of ['', `/sandboxes/${sandbox.id}`]) {
      const account = await app().get(`${base}/account`).set('Cookie', cookie).expect(200);
      expect(account.headers['cache-control'], `${base}/account`).toBe('no-store');
      const created = await app()
        .post(`${base}/account/tokens`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfFrom(account.text), label: 'no-store' })
        .expect(201);
      expect(created.headers['cache-control'], `${base}/account/tokens`).toBe('no-store');
      const console = await app().get(`${base}/console`).set('Cookie', cookie).expect(200);
      expect(console.headers['cache-control'], `${base}/console`).toBe('no-store');
      const token = await app()
        .post(`${base}/api/tokens`)
        .set('Cookie', sandbox.ownerCookie)
        .send({ username: 'lock.me', password: 'right-password' })
        .expect(201);
      expect(token.headers['cache-control'], `${base}/api/tokens`).toBe('no-store');
    }
  });
});
