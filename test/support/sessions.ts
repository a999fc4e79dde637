import { randomBytes } from 'node:crypto';
import { serverSecret } from '../../src/db/settings.ts';
import { sha256 } from '../../src/domain/passwords.ts';
import { csrfTokenFor } from '../../src/http/csrf.ts';
import type { TestWorld } from './world.ts';

export interface Visitor {
  /** The Cookie header: a shopper id, and a session when signed in. */
  cookie: string;
  /** The CSRF token the pages would carry for this visitor. */
  csrf: string;
  sessionId: string | null;
}

/**
 * A visitor whose session is written straight into the database (no scrypt), for tests that
 * need many signed-in requests. Signing in itself is tested through the form in test/routes/auth.test.ts.
 */
export function visitor(world: TestWorld, username: string | null): Visitor {
  const shopperId = randomBytes(16).toString('base64url');
  const secret = serverSecret(world.db);
  if (username === null) return { cookie: `hutong_shopper=${shopperId}`, csrf: csrfTokenFor(secret, `shopper:${shopperId}`), sessionId: null };
  const userId = world.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as number;
  const sessionId = randomBytes(32).toString('base64url');
  world.db.prepare(`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, '2999-01-01T00:00:00.000Z')`)
    .run(sha256(sessionId), userId, world.clock.now().toISOString());
  return { cookie: `hutong_shopper=${shopperId}; hutong_session=${sessionId}`, csrf: csrfTokenFor(secret, `session:${sessionId}`), sessionId };
}

/** A bearer token for `username`, stored hashed as the app stores them. */
export function apiToken(world: TestWorld, username: string): string {
  const userId = world.db.prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as number;
  const token = `hut_${randomBytes(32).toString('base64url')}`;
  const now = world.clock.now();
  world.db.prepare(`INSERT INTO api_tokens (user_id, token_hash, label, prefix, created_at, expires_at) VALUES (?, ?, 'test', ?, ?, ?)`)
    .run(userId, sha256(token), token.slice(0, 8), now.toISOString(), new Date(now.getTime() + 30 * 86_400_000).toISOString());
  return token;
}

/** Row counts and contents of the tables a refused request must not touch. */
export function rowsSnapshot(world: TestWorld): string {
  const tables = ['integrations', 'integration_events', 'orders', 'order_items', 'payments', 'carts', 'cart_items', 'users', 'sessions',
    'webhook_endpoints', 'webhook_deliveries'];
  const rows = tables.map((table) => world.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all());
  // last_used_at is bookkeeping written when a token is presented, before any refusal.
  rows.push(world.db.prepare('SELECT id, user_id, token_hash, label, revoked_at FROM api_tokens ORDER BY id').raw().all());
  return JSON.stringify(rows);
}
