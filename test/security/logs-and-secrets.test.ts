import Database from 'better-sqlite3';
import pino from 'pino';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { sha256, verifyPassword } from '../../src/domain/passwords.ts';
import { csrfFrom, newWorld, DEMO_PASSWORD, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

describe('what the logs say, and what they never say', () => {
  it('records sign-ins, failed sign-ins and refused actions, without any password, token or session id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = createApp({ db: world.db, clock: world.clock, logger });
    const browser = supertest.agent(app);
    const csrf = csrfFrom((await browser.get('/sign-in')).text);
    const wrongPassword = 'Wrong-Passw0rd-Do-Not-Log';
    await browser.post('/sign-in').type('form').send({ _csrf: csrf, username: 'ali.ops', password: wrongPassword }).expect(401);
    const signedIn = await browser
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrf, username: 'ali.ops', password: DEMO_PASSWORD })
      .expect(303);
    const sessionId = /hutong_session=([^;]+)/.exec(String(signedIn.headers['set-cookie']))![1]!;
    const consolePage = await browser.get('/console').expect(200);
    const sessionCsrf = csrfFrom(consolePage.text);
    await browser
      .post('/console/integrations/taobao/wechat-pay/approve')
      .type('form')
      .send({ expectedVersion: 0, reason: 'no token' })
      .expect(403);
    const { body } = await supertest(app).post('/api/tokens').send({ username: 'ali.ops', password: DEMO_PASSWORD }).expect(201);
    await supertest(app)
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .set('Authorization', `Bearer ${body.token}`)
      .send({ expectedVersion: world.repos.integrations.find('idle-fish', 'wechat-pay')!.version, reason: 'operators cannot approve' })
      .expect(403);
    await supertest(app).get('/api/integrations').set('Authorization', 'Bearer hut_not-a-real-token-but-still-secret').expect(401);

    const entries = lines.map((line) => JSON.parse(line) as { msg: string; username?: string });
    const messages = entries.map((e) => e.msg);
    expect(entries).toContainEqual(expect.objectContaining({ msg: 'sign-in failed', username: 'ali.ops' }));
    expect(entries).toContainEqual(expect.objectContaining({ msg: 'signed in', username: 'ali.ops' }));
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'transition refused', actor: 'ali.ops', verb: 'approve', refusal: 'forbidden' }),
    );
    expect(messages).toContain('refused');
    expect(messages).toContain('api token refused');
    const log = lines.join('\n');
    for (const secret of [
      DEMO_PASSWORD,
      wrongPassword,
      body.token,
      sha256(body.token),
      sessionId,
      sha256(sessionId),
      sessionCsrf,
      'hut_not-a-real-token-but-still-secret',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('secrets at rest', () => {
  it('stores demo passwords as scrypt with OWASP parameters (N=2^17, r=8, p=1) carried in the hash', async () => {
    const db = new Database(':memory:');
    prepareDatabase(db, { scenario: 'record', now: '2026-11-22T09:00:00.000Z', demoPersonas: { password: DEMO_PASSWORD } });
    const hashes = db.prepare('SELECT password_hash FROM users').pluck().all() as string[];
    expect(hashes.length).toBe(8);
    for (const hash of hashes) {
      expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(hash).not.toContain(DEMO_PASSWORD);
    }
    expect(await verifyPassword(DEMO_PASSWORD, hashes[0]!)).toBe(true);
    db.close();
  });

  it('stores API tokens and session ids only as SHA-256 hashes (see also test/routes/auth.test.ts)', async () => {
    const browser = supertest.agent(world.app);
    const csrf = csrfFrom((await browser.get('/sign-in')).text);
    await browser.post('/sign-in').type('form').send({ _csrf: csrf, username: 'viewer', password: DEMO_PASSWORD }).expect(303);
    await supertest(world.app).post('/api/tokens').send({ username: 'viewer', password: DEMO_PASSWORD }).expect(201);
    const tokens = world.db.prepare('SELECT token_hash, prefix FROM api_tokens').all() as { token_hash: string; prefix: string }[];
    expect(tokens.length).toBeGreaterThan(0);
    for (const row of tokens) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const sessions = world.db.prepare('SELECT id_hash FROM sessions').pluck().all() as string[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const id of sessions) expect(id).toMatch(/^[0-9a-f]{64}$/);
  });
});
