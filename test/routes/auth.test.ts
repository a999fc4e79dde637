import { createHash } from 'node:crypto';
import pino from 'pino';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { hashPassword } from '../../src/domain/passwords.ts';
import { signedInAs } from '../support/sessions.ts';
import { browserAgent, count, newWorld, csrfFrom, DEMO_PASSWORD, signIn, type TestWorld } from '../support/world.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const sessionCookie = (res: supertest.Response) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).findLast((c) => c.startsWith('hutong_session='));

/** An app over the world's database whose log lines we can read. */
function loggedApp(world: ReturnType<typeof newWorld>, config = {}) {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  return { app: createApp({ db: world.db, clock: world.clock, logger, config }), lines };
}

describe('signing in and out', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('lists the demo personas on the sign-in page', async () => {
    const res = await supertest(world.app).get('/sign-in').expect(200);
    for (const username of ['ali.ops', 'tencent.reviewer', 'ant.reviewer', 'unionpay.reviewer', 'admin', 'viewer']) {
      expect(res.text).toContain(`<code>${username}</code>`);
    }
  });

  it('starts a server-side session with a fresh random id in an HttpOnly, SameSite=Lax cookie, storing only its hash', async () => {
    const { app, lines } = loggedApp(world);
    const browser = supertest.agent(app);
    const page = await browser.get('/sign-in');
    const res = await browser
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'ali.ops', password: DEMO_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/console');
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const id = /^hutong_session=([^;]+)/.exec(cookie)![1] as string;
    expect(id.length).toBeGreaterThanOrEqual(22);
    expect(count(world.db, 'sessions', 'id_hash = ?', sha256(id))).toBe(1);
    expect(count(world.db, 'sessions', 'id_hash = ?', id)).toBe(0);
    const log = lines.join('\n');
    expect(log).toContain('"msg":"signed in"');
    expect(log).not.toContain(DEMO_PASSWORD);
    expect(log).not.toContain(id);

    const console = await browser.get('/console');
    expect(console.status).toBe(200);
    expect(console.text).toContain('href="/account">ali.ops<');
  });

  it('gives a new session id at every sign-in and destroys the session at sign-out', async () => {
    const first = await signIn(world, 'viewer');
    const firstCookie = (await first.agent.get('/console')).request.cookies;
    const sessionsBefore = count(world.db, 'sessions');
    const again = await first.form('/sign-in', { username: 'viewer', password: DEMO_PASSWORD });
    const newId = /^hutong_session=([^;]+)/.exec(sessionCookie(again)!)![1];
    expect(firstCookie).not.toContain(newId);
    expect(count(world.db, 'sessions')).toBe(sessionsBefore);

    await first.page('/account');
    const out = await first.form('/sign-out', {});
    expect(out.status).toBe(303);
    expect(count(world.db, 'sessions', 'id_hash = ?', sha256(newId as string))).toBe(0);
    const replay = await supertest(world.app).get('/console').set('Cookie', `hutong_session=${newId}`);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toBe('/sign-in?next=%2Fconsole');
  });

  it('refuses a wrong password with 401, keeps the username, logs the failure without the password', async () => {
    const { app, lines } = loggedApp(world);
    const browser = supertest.agent(app);
    const page = await browser.get('/sign-in');
    const res = await browser
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'ali.ops', password: 'not-the-password' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Wrong username or password.');
    expect(res.text).toContain('value="ali.ops"');
    expect(sessionCookie(res)).toBeUndefined();
    expect(lines.join('\n')).toContain('sign-in failed');
    expect(lines.join('\n')).not.toContain('not-the-password');
    expect(count(world.db, 'sign_in_throttle', "username = 'ali.ops' AND failures = 1")).toBe(1);
  });
});

describe('lock-out after ten failed sign-ins', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    // Parameters travel with the hash, so a cheap one keeps ten attempts fast.
    world.people.users.insertIfAbsent(
      {
        username: 'lock.me',
        displayName: 'Lock me',
        role: 'viewer',
        passwordHash: hashPassword('right-password', { N: 1024, r: 8, p: 1 }),
      },
      '2026-11-22T09:00:00.000Z',
    );
    return () => world.close();
  });

  it('answers 429 for 15 minutes, even to the right password, then lets the person in', async () => {
    const browser = await browserAgent(world);
    for (let i = 0; i < 10; i++) {
      await browser.form('/sign-in', { username: 'lock.me', password: `wrong-${i}` }).expect(401);
    }
    const locked = await browser.form('/sign-in', { username: 'lock.me', password: 'right-password' });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Too many failed sign-ins for lock.me');
    expect(sessionCookie(locked)).toBeUndefined();
    const api = await supertest(world.app).post('/api/tokens').send({ username: 'lock.me', password: 'right-password' });
    expect(api.status).toBe(429);
    expect(api.body.code).toBe('rate_limited');
    expect(count(world.db, 'api_tokens')).toBe(0);
    await browser.form('/sign-in', { username: 'ali.ops', password: DEMO_PASSWORD }).expect(303);

    world.clock.advance(15 * 60_000 + 1000);
    const browserLater = await browserAgent(world);
    await browserLater.form('/sign-in', { username: 'lock.me', password: 'right-password' }).expect(303);
    expect(count(world.db, 'sign_in_throttle', "username = 'lock.me'")).toBe(0);
  });
});

describe('configuration', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    return () => world.close();
  });

  it('marks the session cookie Secure with HUTONG_SECURE_COOKIES=1', async () => {
    const app = createApp({ db: world.db, clock: world.clock, config: { HUTONG_SECURE_COOKIES: true } });
    const page = await supertest(app).get('/sign-in');
    // A Secure cookie is not sent back over plain HTTP, so hand the shopper cookie over as a browser on HTTPS would.
    const shopper = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('hutong_shopper='))!;
    expect(shopper).toMatch(/; Secure/);
    const res = await supertest(app)
      .post('/sign-in')
      .set('Cookie', shopper.split(';')[0] as string)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'admin', password: DEMO_PASSWORD });
    expect(res.status).toBe(303);
    expect(sessionCookie(res)).toMatch(/; Secure/);
  });

  it('with HUTONG_DEMO=0 lists no personas and lets no demo persona in', async () => {
    const app = createApp({ db: world.db, clock: world.clock, config: { HUTONG_DEMO: false } });
    const browser = supertest.agent(app);
    const page = await browser.get('/sign-in');
    expect(page.text).not.toContain('Demo personas');
    const res = await browser
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'admin', password: DEMO_PASSWORD });
    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toBeUndefined();
  });
});

describe('API tokens', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    return () => world.close();
  });

  it('exchanges a username and password for a token that is stored hashed, works as a bearer, and stops working when revoked', async () => {
    const issued = await supertest(world.app)
      .post('/api/tokens')
      .send({ username: 'tencent.reviewer', password: DEMO_PASSWORD, label: 'CI' });
    expect(issued.status).toBe(201);
    const { token } = issued.body as { token: string };
    expect(token).toMatch(/^hut_[A-Za-z0-9_-]{43}$/);
    expect(count(world.db, 'api_tokens', 'token_hash = ? AND label = ?', sha256(token), 'CI')).toBe(1);
    expect(count(world.db, 'api_tokens', 'token_hash = ?', token)).toBe(0);

    const ok = await supertest(world.app)
      .get('/api/integrations?wallet=wechat-pay&state=requested')
      .set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.body.integrations.map((i: { storefront: string }) => i.storefront)).toEqual(['taobao-deals', 'idle-fish', 'freshippo']);

    const browser = await signedInAs(world, 'tencent.reviewer');
    const account = await browser.page('/account');
    expect(account.text).toContain(`<code>${token.slice(0, 8)}…</code>`);
    expect(account.text).not.toContain(token);
    const id = /data-token-id="(\d+)"/.exec(account.text)![1];
    await browser.form(`/account/tokens/${id}/revoke`, {}).expect(303);
    expect(count(world.db, 'api_tokens', 'id = ? AND revoked_at IS NOT NULL', Number(id))).toBe(1);
    const revoked = await supertest(world.app).get('/api/integrations').set('Authorization', `Bearer ${token}`);
    expect(revoked.status).toBe(401);
    expect(revoked.type).toBe('application/problem+json');
  });

  it('refuses a wrong password and a missing field, issuing no token', async () => {
    const wrong = await supertest(world.app).post('/api/tokens').send({ username: 'admin', password: 'nope' });
    expect(wrong.status).toBe(401);
    const missing = await supertest(world.app).post('/api/tokens').send({ username: 'admin' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'password', message: expect.any(String) }]);
    expect(count(world.db, 'api_tokens')).toBe(0);
  });

  it('creates a token from the account page, shown once', async () => {
    const browser = await signedInAs(world, 'viewer');
    const res = await browser.form('/account/tokens', { label: 'laptop' });
    expect(res.status).toBe(201);
    const token = /data-token>(hut_[^<]+)</.exec(res.text)![1] as string;
    expect(count(world.db, 'api_tokens', 'token_hash = ? AND label = ?', sha256(token), 'laptop')).toBe(1);
    expect((await browser.page('/account')).text).not.toContain(token);
    const empty = await browser.form('/account/tokens', { label: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('name the token');
  });
});
