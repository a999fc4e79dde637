import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { sha256 } from '../../src/domain/passwords.ts';
import { ownerCookieOf } from '../support/sandboxes.ts';
import { serverSecret } from '../../src/db/settings.ts';
import { csrfTokenFor } from '../../src/http/csrf.ts';
import { apiTokenFor, visitor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
});
afterEach(() => world.close());

const MISSING = 'sb_0000000000000000';
const app = () => supertest(world.app);

/** Makes a sandbox through the API as `token`'s person (or anonymously); its id and the cookie its anonymous maker got. */
async function made(token: string | null): Promise<{ id: string; ownerCookie: string }> {
  const req = app().post('/api/sandboxes');
  if (token) req.set('Authorization', `Bearer ${token}`);
  const res = await req.send({ scenario: 'record', clock: '2026-12-01T08:00:00Z' }).expect(201);
  return { id: res.body.id as string, ownerCookie: token ? '' : ownerCookieOf(res) };
}

/** Who asks: the headers of a caller (a token for the API; a session, a shopper and maybe an owner cookie for pages). */
interface Caller {
  name: string;
  api: Record<string, string>;
  pages: { cookie: string; csrfKey: string };
}

function person(username: string): Caller {
  const v = visitor(world, username);
  return {
    name: username,
    api: { Authorization: `Bearer ${apiTokenFor(world, username)}` },
    pages: { cookie: v.cookie, csrfKey: `session:${v.sessionId}` },
  };
}

function anonymous(ownerCookie = ''): Caller {
  const v = visitor(world, null);
  return {
    name: ownerCookie ? 'another anonymous browser with an owner cookie of its own' : 'anonymous',
    api: ownerCookie ? { Cookie: ownerCookie } : {},
    pages: {
      cookie: ownerCookie ? `${v.cookie}; ${ownerCookie}` : v.cookie,
      csrfKey: `shopper:${/hutong_shopper=([^;]+)/.exec(v.cookie)![1]}`,
    },
  };
}

/**
 * The CSRF token the caller's pages carry: each world has its own secret, and a caller who may enter sandbox `id` has its
 * pages' token for paths inside it; anyone else only has the default world's.
 */
function csrfFor(caller: Caller, path: string, id: string, mayEnter: boolean): string {
  const inside = mayEnter && path.startsWith(`/sandboxes/${id}/`);
  return csrfTokenFor(serverSecret(inside ? world.sandboxes!.world(id).db : world.db), caller.pages.csrfKey);
}

/** The body of an answer with the sandbox's id (and what varies per request) taken out, to compare a refusal with a missing sandbox's. */
function shape(res: supertest.Response, id: string): unknown {
  if (res.type === 'application/problem+json') {
    const { requestId: _requestId, ...body } = res.body as Record<string, unknown>;
    return JSON.parse(JSON.stringify(body).replaceAll(id, 'ID'));
  }
  return res.text
    .replaceAll(id, 'ID')
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'REQUEST');
}

/** Every way to reach one sandbox: its management API, its pages and API, its clock and its deletion. */
function attempts(id: string, caller: Caller, mayEnter = false) {
  const form = (path: string, fields: Record<string, string | number>) =>
    app()
      .post(path)
      .set('Cookie', caller.pages.cookie)
      .type('form')
      .send({ _csrf: csrfFor(caller, path, id, mayEnter), ...fields });
  const api = (t: supertest.Test) => t.set(caller.api);
  return {
    'GET /api/sandboxes/:id': () => api(app().get(`/api/sandboxes/${id}`)),
    'POST /api/sandboxes/:id/clock': () => api(app().post(`/api/sandboxes/${id}/clock`)).send({ advance: 'P1D' }),
    'DELETE /api/sandboxes/:id': () => api(app().delete(`/api/sandboxes/${id}`)),
    'GET its API': () => api(app().get(`/sandboxes/${id}/api/storefronts/eleme/wallets`)),
    'POST its API (an order)': () =>
      api(app().post(`/sandboxes/${id}/api/orders`)).send({
        storefront: 'eleme',
        shopper: 'intruder',
        channel: 'app',
        items: [{ product: 1, quantity: 1 }],
        wallet: 'alipay',
      }),
    'GET its home page': () => app().get(`/sandboxes/${id}/`).set('Cookie', caller.pages.cookie),
    'GET its console': () => app().get(`/sandboxes/${id}/console`).set('Cookie', caller.pages.cookie),
    'POST its cart form': () => form(`/sandboxes/${id}/shop/eleme/cart`, { productId: 1, quantity: 1 }),
    'POST its banner clock form': () => form(`/sandboxes/${id}/sandbox/clock`, { advance: 'P1D', next: '/' }),
    'POST /sandboxes/delete': () => form('/sandboxes/delete', { id }),
  };
}

/** What the registry and the sandbox's file say: unchanged by anything refused. */
function sandboxState(id: string) {
  const row = world.db.prepare('SELECT clock, deleted_at FROM sandboxes WHERE id = ?').get(id);
  return { row, carts: count(world.sandboxes!.world(id).db, 'cart_items'), orders: count(world.sandboxes!.world(id).db, 'orders') };
}

describe('a sandbox belongs to whoever made it', () => {
  it('records its owner: the person of the token, or the hash of the owner key cookie an anonymous maker gets', async () => {
    const ops = await made(apiTokenFor(world, 'ali.ops'));
    const anon = await made(null);
    const aliId = world.people.users.byUsername('ali.ops')!.id;
    expect(world.db.prepare('SELECT created_by, owner_user_id, owner_key_hash FROM sandboxes WHERE id = ?').get(ops.id)).toEqual({
      created_by: 'ali.ops',
      owner_user_id: aliId,
      owner_key_hash: null,
    });
    const key = anon.ownerCookie.split('=')[1]!;
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(world.db.prepare('SELECT created_by, owner_user_id, owner_key_hash FROM sandboxes WHERE id = ?').get(anon.id)).toEqual({
      created_by: 'anonymous',
      owner_user_id: null,
      owner_key_hash: sha256(key),
    });
  });

  for (const intruder of ['anonymous', 'another person', 'another anonymous browser'] as const) {
    it(`${intruder}: the list shows none of ali.ops's or admin's sandboxes, and every way into one is the 404 of a sandbox that does not exist`, async () => {
      const owned = await made(apiTokenFor(world, 'ali.ops'));
      const admins = await made(apiTokenFor(world, 'admin'));
      const caller =
        intruder === 'anonymous'
          ? anonymous()
          : intruder === 'another person'
            ? person('tencent.reviewer')
            : anonymous((await made(null)).ownerCookie);

      const listed = await app().get('/api/sandboxes').set(caller.api).expect(200);
      const ids = listed.body.sandboxes.map((s: { id: string }) => s.id);
      expect(ids).not.toContain(owned.id);
      expect(ids).not.toContain(admins.id);
      const page = await app().get('/sandboxes').set('Cookie', caller.pages.cookie).expect(200);
      expect(page.text).not.toContain(owned.id);
      expect(page.text).not.toContain(admins.id);

      const before = sandboxState(owned.id);
      const missing = attempts(MISSING, caller);
      for (const [what, attempt] of Object.entries(attempts(owned.id, caller))) {
        const refused = await attempt();
        const absent = await missing[what as keyof typeof missing]();
        expect(refused.status, what).toBe(404);
        expect(absent.status, what).toBe(404);
        expect(shape(refused, owned.id), what).toEqual(shape(absent, MISSING));
        if (what.includes('API') || what.includes('/api/')) expect(refused.body.code, what).toBe('not_found');
      }
      expect(sandboxState(owned.id)).toEqual(before);
    });
  }

  it('the owner and an admin enter, change, move the clock of and delete it; the admin lists it with its owner', async () => {
    const owned = await made(apiTokenFor(world, 'ali.ops'));
    for (const who of [person('ali.ops'), person('admin')]) {
      const tries = attempts(owned.id, who, true);
      expect((await tries['GET /api/sandboxes/:id']()).status, who.name).toBe(200);
      expect((await tries['GET its API']()).status, who.name).toBe(200);
      expect((await tries['GET its home page']()).status, who.name).toBe(200);
      expect((await tries['GET its console']()).status, who.name).toBe(200);
      expect((await tries['POST its cart form']()).status, who.name).toBe(303);
      expect((await tries['POST /api/sandboxes/:id/clock']()).status, who.name).toBe(200);
      expect((await tries['POST its banner clock form']()).status, who.name).toBe(303);
    }
    expect(world.db.prepare('SELECT clock FROM sandboxes WHERE id = ?').pluck().get(owned.id)).toBe('2026-12-05T08:00:00.000Z');
    expect(count(world.sandboxes!.world(owned.id).db, 'cart_items')).toBe(2);

    const mine = await made(apiTokenFor(world, 'tencent.reviewer'));
    const all = await app().get('/api/sandboxes').set(person('admin').api).expect(200);
    expect(Object.fromEntries(all.body.sandboxes.map((s: { id: string; owner: unknown }) => [s.id, s.owner]))).toEqual({
      [owned.id]: { kind: 'person', username: 'ali.ops' },
      [mine.id]: { kind: 'person', username: 'tencent.reviewer' },
    });
    const ops = await app().get('/api/sandboxes').set(person('ali.ops').api).expect(200);
    expect(ops.body.sandboxes.map((s: { id: string }) => s.id)).toEqual([owned.id]);
    const page = await app().get('/sandboxes').set('Cookie', person('admin').pages.cookie).expect(200);
    expect(page.text).toContain('Every sandbox on this server');
    expect(page.text).toContain('tencent.reviewer');

    await app().delete(`/api/sandboxes/${mine.id}`).set(person('admin').api).expect(204);
    await app().delete(`/api/sandboxes/${owned.id}`).set(person('ali.ops').api).expect(204);
    expect(count(world.db, 'sandboxes', 'deleted_at IS NULL')).toBe(0);
  });

  it('in demo mode an anonymous maker uses their sandbox with the owner cookie, also once signed in as a persona inside it; another browser cannot', async () => {
    const maker = supertest.agent(world.app);
    const form = await maker.get('/sandboxes').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const created = await maker.post('/sandboxes').type('form').send({ _csrf: csrf, scenario: 'record', clock: '' }).expect(303);
    const id = /\/sandboxes\/(sb_[\w-]{16})\//.exec(created.headers.location!)![1]!;
    const ownerCookie = ([] as string[]).concat(created.headers['set-cookie'] ?? []).find((c) => c.startsWith('hutong_sandbox_owner='))!;
    expect(ownerCookie).toMatch(/; Path=\/; .*HttpOnly; SameSite=Lax/);

    expect((await maker.get(`/sandboxes/${id}/shop/eleme`)).status).toBe(200);
    expect((await maker.get('/sandboxes')).text).toContain(id);
    // Signed in (as anyone) inside it, the browser is still its owner.
    const cookie = `${ownerCookie.split(';')[0]}; ${visitor(world, 'tencent.reviewer').cookie}`;
    expect((await app().get(`/sandboxes/${id}/console`).set('Cookie', cookie)).status).toBe(200);

    const stranger = supertest.agent(world.app);
    await stranger.get('/').expect(200);
    expect((await stranger.get(`/sandboxes/${id}/shop/eleme`)).status).toBe(404);
    expect((await stranger.get('/sandboxes')).text).not.toContain(id);
    await stranger.get(`/sandboxes/${id}/api/storefronts/eleme`).expect(404);
  });

  it('an owner key that entered is remembered for its sandbox only: a key one character off, none, or another sandbox’s is still the 404 of a missing sandbox', async () => {
    const mine = await made(null);
    const theirs = await made(null);
    const path = (id: string) => `/sandboxes/${id}/api/storefronts/eleme`;
    const missing = shape(await app().get(path(MISSING)).set('Cookie', mine.ownerCookie).expect(404), MISSING);
    for (let i = 0; i < 2; i++) await app().get(path(mine.id)).set('Cookie', mine.ownerCookie).expect(200);
    await app().get(path(theirs.id)).set('Cookie', theirs.ownerCookie).expect(200);

    const key = mine.ownerCookie.split('=')[1]!;
    const oneOff = `hutong_sandbox_owner=${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const cookie of [oneOff, theirs.ownerCookie, '']) {
      const refused = await app().get(path(mine.id)).set('Cookie', cookie).expect(404);
      expect(shape(refused, mine.id)).toEqual(missing);
    }
    await app().get(path(theirs.id)).set('Cookie', mine.ownerCookie).expect(404);
    await app().get(path(mine.id)).set('Cookie', mine.ownerCookie).expect(200);
  });

  it('with HUTONG_DEMO=0 an anonymous visitor creates nothing and enters nothing, not even with the owner cookie of a demo-made sandbox', async () => {
    const anon = await made(null);
    const closed = createApp({ db: world.db, clock: world.clock, sandboxes: world.sandboxes, config: { HUTONG_DEMO: false } });
    await supertest(closed).post('/api/sandboxes').send({ scenario: 'record' }).expect(401);
    await supertest(closed).get(`/sandboxes/${anon.id}/`).set('Cookie', anon.ownerCookie).expect(404);
    await supertest(closed).get(`/sandboxes/${anon.id}/api/storefronts/eleme`).set('Cookie', anon.ownerCookie).expect(404);
    expect((await supertest(closed).get('/sandboxes').set('Cookie', anon.ownerCookie).expect(200)).text).not.toContain(anon.id);
    expect(count(world.db, 'sandboxes', 'deleted_at IS NULL')).toBe(1);
  });

  it('a sandbox made before owners were recorded is an admin’s only', async () => {
    const old = await made(apiTokenFor(world, 'ali.ops'));
    world.db.prepare('UPDATE sandboxes SET owner_user_id = NULL, owner_key_hash = NULL WHERE id = ?').run(old.id);
    // As after a restart: an open world keeps the row it was opened with, and the row is read again when it opens.
    await world.sandboxes?.closeAll();
    await app().get(`/api/sandboxes/${old.id}`).set(person('ali.ops').api).expect(404);
    const seen = await app().get(`/api/sandboxes/${old.id}`).set(person('admin').api).expect(200);
    expect(seen.body.owner).toEqual({ kind: 'unknown' });
  });
});
