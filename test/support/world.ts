import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import { TestClock } from './clock.ts';

export const DEMO_PASSWORD = 'hutong-demo-2021';
/** scrypt (real parameters) of DEMO_PASSWORD, precomputed so each test world saves the 0.5 s hash. */
export const DEMO_PASSWORD_HASH = 'scrypt$131072$8$1$RHr0i5rLM-8oo54eGofbbA$uv0q80qTz3Jm3BKKlLDSAXBYTCJbVV4FPHQ4C5pfxFg';

export interface TestWorld {
  db: Db;
  clock: TestClock;
  app: ReturnType<typeof createApp>;
  repos: ReturnType<typeof createRepositories>;
  dir: string;
  close(): void;
}

/** A fresh app on a fresh database file, loaded with `scenario`, with a settable clock. */
export function createTestWorld(options: { scenario?: string; now?: string } = {}): TestWorld {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-test-'));
  const db = openDatabase(join(dir, 'hutong.sqlite'));
  const clock = new TestClock(options.now);
  prepareDatabase(db, {
    scenario: options.scenario ?? 'record', now: clock.now().toISOString(),
    demoPersonas: { password: DEMO_PASSWORD, passwordHash: DEMO_PASSWORD_HASH },
  });
  const app = createApp({ db, clock });
  return {
    db, clock, app, repos: createRepositories(db), dir,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser-like agent: keeps cookies, and reads the CSRF token from any page it gets. */
export async function browserAgent(world: TestWorld) {
  const agent = supertest.agent(world.app);
  const home = await agent.get('/').expect(200);
  let csrf = csrfFrom(home.text);
  return {
    agent,
    get csrf() {
      return csrf;
    },
    async page(path: string) {
      const res = await agent.get(path);
      const token = csrfFrom(res.text);
      if (token) csrf = token;
      return res;
    },
    /** Posts a form with the current CSRF token. */
    form(path: string, fields: Record<string, string | number>) {
      return agent.post(path).type('form').send({ _csrf: csrf, ...fields });
    },
  };
}

/** A browser agent signed in as one of the demo personas (ali.ops, tencent.reviewer, admin, viewer, …). */
export async function signIn(world: TestWorld, username: string) {
  const browser = await browserAgent(world);
  const res = await browser.form('/sign-in', { username, password: DEMO_PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  await browser.page('/console');
  return browser;
}

export function csrfFrom(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

export function count(db: Db, table: string, where = '1=1', ...params: unknown[]): number {
  return db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...params) as number;
}
