import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { sha256 } from '../../src/domain/passwords.ts';
import { OWNER_COOKIE } from '../../src/http/sandbox-worlds.ts';
import type { TestWorld } from './world.ts';

export interface CreatedSandbox {
  id: string;
  scenario: string;
  now: string;
  expiresAt: string;
  baseUrl: string;
  /** The Cookie header that makes its anonymous creator its owner (hutong_sandbox_owner=…). */
  ownerCookie: string;
}

/** The owner key cookie an answer set, as a Cookie header. */
export function ownerCookieOf(res: { headers: Record<string, unknown> }): string {
  const set = res.headers['set-cookie'];
  const cookie = (Array.isArray(set) ? set : []).map(String).find((c) => c.startsWith('hutong_sandbox_owner='));
  if (!cookie) throw new Error('the answer set no owner cookie');
  return cookie.split(';')[0]!;
}

/**
 * Creates a sandbox through the API, anonymously (the test world runs as the demo): its owner is the returned cookie
 * (and `client`, a browser-like agent, keeps it).
 */
export async function createSandbox(
  world: TestWorld,
  body: Record<string, unknown> = { scenario: 'record' },
  client: { post(url: string): supertest.Test } = supertest(world.app),
): Promise<CreatedSandbox> {
  const res = await client.post('/api/sandboxes').send(body);
  if (res.status !== 201) throw new Error(`POST /api/sandboxes answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...(res.body as Omit<CreatedSandbox, 'ownerCookie'>), ownerCookie: ownerCookieOf(res) };
}

/** A client for one sandbox's API as its owner, acting with `token`'s person (a token of the default world) or anonymously. */
export function sandboxApi(world: TestWorld, sandbox: Pick<CreatedSandbox, 'id' | 'ownerCookie'>, token?: string) {
  const base = `/sandboxes/${sandbox.id}`;
  const auth = (t: supertest.Test) => {
    t.set('Cookie', sandbox.ownerCookie);
    return token ? t.set('Authorization', `Bearer ${token}`) : t;
  };
  return {
    get: (path: string) => auth(supertest(world.app).get(base + path)),
    post: (path: string) => auth(supertest(world.app).post(base + path)),
  };
}

/** The sandbox's own management routes (/api/sandboxes/{id}…) as its owner. */
export function sandboxOwnerApi(world: TestWorld, sandbox: Pick<CreatedSandbox, 'id' | 'ownerCookie'>) {
  const path = `/api/sandboxes/${sandbox.id}`;
  return {
    get: () => supertest(world.app).get(path).set('Cookie', sandbox.ownerCookie),
    moveClock: (body: Record<string, unknown>) => supertest(world.app).post(`${path}/clock`).set('Cookie', sandbox.ownerCookie).send(body),
    delete: () => supertest(world.app).delete(path).set('Cookie', sandbox.ownerCookie),
  };
}

/** A sandbox of `scenario` made by the manager for an anonymous owner (demo mode), and the cookie that is its owner. */
export function sandboxOwnedByKey(world: TestWorld, scenario = 'record'): { id: string; ownerCookie: string } {
  if (!world.sandboxes) throw new Error('this world serves no sandboxes');
  const key = randomBytes(32).toString('base64url');
  const { id } = world.sandboxes.create({
    scenario: { name: scenario },
    createdBy: 'anonymous',
    owner: { kind: 'anonymous', keyHash: sha256(key) },
  });
  return { id, ownerCookie: `${OWNER_COOKIE}=${key}` };
}
