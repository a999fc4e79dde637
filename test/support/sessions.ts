import { CookieAccessInfo } from 'cookiejar';
import { randomBytes } from 'node:crypto';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { serverSecret } from '../../src/db/settings.ts';
import { newSecret, sha256 } from '../../src/domain/passwords.ts';
import type { SandboxVisitor } from '../../src/domain/sandbox-owners.ts';
import { SESSION_COOKIE } from '../../src/http/auth.ts';
import { csrfTokenFor } from '../../src/http/csrf.ts';
import { SHOPPER_COOKIE } from '../../src/http/shopper.ts';
import { browserAgent, type BrowserAgent, type TestWorld } from './world.ts';

export interface Visitor {
  /** The Cookie header: a shopper id, and a session when signed in. */
  cookie: string;
  /** The CSRF token the pages would carry for this visitor. */
  csrf: string;
  sessionId: string | null;
}

function userNamed(world: TestWorld, username: string) {
  const user = world.people.users.byUsername(username);
  if (!user) throw new Error(`no user ${username} in this world`);
  return user;
}

/**
 * A session for `username` made by the sessions repository, as the sign-in route makes it after the
 * password check (which costs a real scrypt). Signing in itself is tested through the form in test/routes/auth.test.ts.
 */
export function sessionFor(world: TestWorld, username: string): string {
  const sessionId = newSecret();
  world.people.sessions.create(sha256(sessionId), userNamed(world, username).id, world.clock.now().toISOString());
  return sessionId;
}

/** Cookie and CSRF headers for a visitor (signed in as `username`, or anonymous with `null`), for one-off requests. */
export function visitor(world: TestWorld, username: string | null): Visitor {
  const shopperId = randomBytes(16).toString('base64url');
  const secret = serverSecret(world.db);
  if (username === null)
    return { cookie: `${SHOPPER_COOKIE}=${shopperId}`, csrf: csrfTokenFor(secret, `shopper:${shopperId}`), sessionId: null };
  const sessionId = sessionFor(world, username);
  return {
    cookie: `${SHOPPER_COOKIE}=${shopperId}; ${SESSION_COOKIE}=${sessionId}`,
    csrf: csrfTokenFor(secret, `session:${sessionId}`),
    sessionId,
  };
}

/** A browser agent signed in as `username` with a session from `sessionFor`, holding the console's CSRF token. */
export async function signedInAs(world: TestWorld, username: string): Promise<BrowserAgent> {
  const browser = await browserAgent(world);
  const [shopperCookie] = browser.agent.jar.getCookies(CookieAccessInfo.All);
  if (!shopperCookie) throw new Error('the home page set no shopper cookie');
  browser.agent.jar.setCookie(`${SESSION_COOKIE}=${sessionFor(world, username)}; Path=/; HttpOnly`, shopperCookie.domain, '/');
  const inbox = await browser.page('/console');
  if (inbox.status !== 200) throw new Error(`the console answered ${inbox.status} to ${username}`);
  return browser;
}

/** A bearer token for `username`, issued as the app issues them (stored hashed). */
export function apiTokenFor(world: TestWorld, username: string, label = 'test'): string {
  return issueApiToken(world.signInDeps, userNamed(world, username), label).token;
}

/** A visitor who may see every sandbox (as an admin does), for reading the registry in a test. */
export const EVERY_SANDBOX: SandboxVisitor = { person: { id: 0, role: 'admin' }, ownerKeyHash: null, demo: true };

/** Row counts and contents of the tables a refused request must not touch. */
export function rowsSnapshot(world: TestWorld): string {
  const tables = [
    'integrations',
    'integration_events',
    'orders',
    'order_items',
    'payments',
    'carts',
    'cart_items',
    'users',
    'sessions',
    'webhook_endpoints',
    'webhook_deliveries',
    'link_policies',
    'link_policy_events',
    'shared_links',
  ];
  const rows = tables.map((table) => world.db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all());
  // last_used_at is bookkeeping written when a token is presented, before any refusal.
  rows.push(world.db.prepare('SELECT id, user_id, token_hash, label, revoked_at FROM api_tokens ORDER BY id').raw().all());
  // Sandboxes: which exist (last_used_at is bookkeeping), and each one's clock.
  rows.push(world.db.prepare('SELECT id, scenario, deleted_at FROM sandboxes ORDER BY id').raw().all());
  if (world.sandboxes) rows.push(world.sandboxes.list(EVERY_SANDBOX).map((s) => [s.id, s.now]));
  return JSON.stringify(rows);
}
