import pino from 'pino';
import supertest from 'supertest';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import type { TestWorld } from './world.ts';

export interface CreatedSandbox {
  id: string;
  scenario: string;
  now: string;
  expiresAt: string;
  baseUrl: string;
}

/** Creates a sandbox through the API (anonymous: the test world runs as the demo). */
export async function createSandbox(world: TestWorld, body: Record<string, unknown> = { scenario: 'record' }): Promise<CreatedSandbox> {
  const res = await supertest(world.app).post('/api/sandboxes').send(body);
  if (res.status !== 201) throw new Error(`POST /api/sandboxes answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as CreatedSandbox;
}

/** A bearer token for `username` inside a sandbox (its people are copied from the default world). */
export function sandboxTokenFor(world: TestWorld, sandboxId: string, username: string): string {
  if (!world.sandboxes) throw new Error('this world serves no sandboxes');
  const sandbox = world.sandboxes.world(sandboxId);
  const people = createPeopleRepositories(sandbox.db);
  const user = people.users.byUsername(username);
  if (!user) throw new Error(`no user ${username} in sandbox ${sandboxId}`);
  return issueApiToken({ people, clock: sandbox.clock, logger: pino({ level: 'silent' }), demo: true }, user, 'test').token;
}

/** A client for one sandbox's API as `token`'s owner (or anonymous). */
export function sandboxApi(world: TestWorld, sandboxId: string, token?: string) {
  const base = `/sandboxes/${sandboxId}`;
  const auth = (t: supertest.Test) => (token ? t.set('Authorization', `Bearer ${token}`) : t);
  return {
    get: (path: string) => auth(supertest(world.app).get(base + path)),
    post: (path: string) => auth(supertest(world.app).post(base + path)),
  };
}
