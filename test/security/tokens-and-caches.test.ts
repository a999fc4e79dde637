import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { count, newWorld, type TestWorld, DEMO_PASSWORD, signIn } from '../support/world.ts';

const DAY = 24 * 3600 * 1000;

describe('API tokens expire', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });
  const issue = (fields: Record<string, unknown> = {}) =>
    supertest(world.app)
      .post('/api/tokens')
      .send({ username: 'viewer', password: DEMO_PASSWORD, ...fields });
  const read = (token: string) => supertest(world.app).get('/api/integrations').set('Authorization', `Bearer ${token}`);

  it('after 30 days unless asked otherwise, and a token past its expiry is refused 401 like a revoked one', async () => {
    const res = await issue().expect(201);
    expect(res.body.expiresAt).toBe('2026-12-22T09:00:00.000Z');
    const { token } = res.body as { token: string };
    expect(count(world.db, 'api_tokens', 'expires_at = ?', '2026-12-22T09:00:00.000Z')).toBe(1);

    world.clock.set('2026-12-22T08:59:59.000Z');
    await read(token).expect(200);
    world.clock.set('2026-12-22T09:00:00.000Z');
    const expired = await read(token);
    expect(expired.status).toBe(401);
    expect(expired.type).toBe('application/problem+json');
    expect(expired.body.code).toBe('unauthorized');
    world.clock.set('2026-11-22T09:00:00.000Z');
  });

  it('for the number of days asked for on POST /api/tokens: 1, 7, 30 or 90, nothing else', async () => {
    const week = await issue({ expiresInDays: 7 }).expect(201);
    expect(week.body.expiresAt).toBe(new Date(Date.parse('2026-11-22T09:00:00.000Z') + 7 * DAY).toISOString());
    for (const bad of [0, 5, 365, -1, 'forever']) {
      const res = await issue({ expiresInDays: bad });
      expect(res.status, String(bad)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['expiresInDays']);
    }
  });

  it('for the days chosen on /account, which lists each token with when it was last used and when it expires', async () => {
    const browser = await signIn(world, 'tencent.reviewer');
    const page = await browser.page('/account');
    expect(page.text).toMatch(/<select id="expiresInDays" name="expiresInDays"/);
    for (const days of [1, 7, 30, 90]) expect(page.text).toContain(`<option value="${days}"`);
    const made = await browser.form('/account/tokens', { label: 'one day', expiresInDays: 1 });
    expect(made.status).toBe(201);
    const token = /data-token>(hut_[^<]+)</.exec(made.text)![1] as string;
    expect(count(world.db, 'api_tokens', "label = 'one day' AND expires_at = ?", '2026-11-23T09:00:00.000Z')).toBe(1);
    await read(token).expect(200);

    const listed = await browser.page('/account');
    expect(listed.text).toContain('<th scope="col">Last used</th><th scope="col">Expires</th>');
    expect(listed.text).toContain('23 Nov 2026, 09:00 UTC');
    expect(listed.text).toContain('22 Nov 2026, 09:00 UTC'); // last used just now

    world.clock.advance(DAY);
    await read(token).expect(401);
    // A day on, the session has ended too: sign in again.
    const later = await (await signIn(world, 'tencent.reviewer')).page('/account');
    expect(later.text).toMatch(/<td>23 Nov 2026, 09:00 UTC<\/td>\s*<td>\s*expired/);
    world.clock.set('2026-11-22T09:00:00.000Z');

    const bad = await (await signIn(world, 'tencent.reviewer')).form('/account/tokens', { label: 'x', expiresInDays: 2 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="expiresInDays-error"');
  });

  it('gives tokens made before the expiry existed 30 days from the migration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hutong-migration-'));
    try {
      const before = join(dir, 'before');
      mkdirSync(before);
      for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f < '0007'))
        copyFileSync(join(MIGRATIONS_DIR, file), join(before, file));
      const db = openDatabase(join(dir, 'old.sqlite'));
      migrate(db, before);
      db.prepare(
        `INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('old', 'Old', 'viewer', 'x', '2021-01-01T00:00:00.000Z')`,
      ).run();
      db.prepare(
        `INSERT INTO api_tokens (user_id, token_hash, label, prefix, created_at, last_used_at) VALUES (1, 'h', 'old', 'hut_old', '2021-01-01T00:00:00.000Z', '2021-02-01T00:00:00.000Z')`,
      ).run();
      expect(migrate(db)[0]).toBe('0007_token_expiry.sql');
      const row = db.prepare('SELECT label, last_used_at AS lastUsedAt, expires_at AS expiresAt FROM api_tokens').get() as Record<
        string,
        string
      >;
      expect(row).toMatchObject({ label: 'old', lastUsedAt: '2021-02-01T00:00:00.000Z' });
      expect(Math.abs(Date.parse(row.expiresAt as string) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
      expect(() =>
        db.prepare(`INSERT INTO api_tokens (user_id, token_hash, label, prefix, created_at) VALUES (1, 'h2', 'x', 'x', 'x')`).run(),
      ).toThrow(/NOT NULL/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Cache-Control: no-store where a page shows a secret or one person’s business', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });

  it('on POST /api/tokens, the account page and a new token on it', async () => {
    const api = await supertest(world.app).post('/api/tokens').send({ username: 'viewer', password: DEMO_PASSWORD }).expect(201);
    expect(api.headers['cache-control']).toBe('no-store');
    const browser = await signIn(world, 'admin');
    expect((await browser.page('/account')).headers['cache-control']).toBe('no-store');
    const made = await browser.form('/account/tokens', { label: 'cached?' }).expect(201);
    expect(made.headers['cache-control']).toBe('no-store');
  });

  it('on every console page', async () => {
    const browser = await signIn(world, 'admin');
    for (const path of ['/console', '/console/integrations', '/console/integrations/eleme/wechat-pay']) {
      const res = await browser.page(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
  });

  it('on the cashier page, and not on the public pages', async () => {
    const shopper = await shopperWithCart(world, 'eleme');
    const placed = await shopper.form('/shop/eleme/orders', { channel: 'app', wallet: 'alipay' }).expect(303);
    const cashier = await shopper.page(placed.headers.location as string);
    expect(cashier.status).toBe(200);
    expect(cashier.headers['cache-control']).toBe('no-store');
    expect((await shopper.page('/')).headers['cache-control']).toBeUndefined();
  });
});

describe('Strict-Transport-Security', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    return () => world.close();
  });

  it('is sent with HUTONG_SECURE_COOKIES=1 (served over HTTPS), and not without', async () => {
    const secure = createApp({ db: world.db, clock: world.clock, config: { HUTONG_SECURE_COOKIES: true } });
    const res = await supertest(secure).get('/');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await supertest(world.app).get('/');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});
