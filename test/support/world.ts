import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import supertest from 'supertest';
import { inject } from 'vitest';
import { createApp } from '../../src/app.ts';
import { sandboxManager, type SandboxManager, type SandboxWebhookOptions } from '../../src/actions/sandboxes.ts';
import { sandboxQueries } from '../../src/db/sandboxes.ts';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { closeDatabase, openDatabase, type Db } from '../../src/db/open.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import type { SignInDeps } from '../../src/actions/sign-in.ts';
import { TestClock } from './clock.ts';

export const DEMO_PASSWORD = 'hutong-demo-2021';
/**
 * scrypt of DEMO_PASSWORD with a small N (the parameters travel with the hash), precomputed: each test
 * world saves the hash, and each sign-in in a test costs about a millisecond, not half a second. The
 * production parameters are checked on the personas db:seed writes, in test/security/logs-and-secrets.test.ts.
 */
export const DEMO_PASSWORD_HASH = 'scrypt$1024$8$1$gN-7OW9HV42PVP_X9tyArw$Ambw-Ig4em7xhI2kGBmCsHjVdYZXp5g_A8y7gLh53Z8';
export const DEFAULT_NOW = '2026-11-22T09:00:00.000Z';

export interface WorldOptions {
  scenario?: string;
  now?: string;
  /** Serve sandboxes (files in the world's folder; wall time is the world's clock). */
  sandboxes?: { max?: number; ttlMs?: number; webhooks?: SandboxWebhookOptions };
  /** Sees every statement the app's connection runs (tests count them). */
  onStatement?: (sql: string) => void;
  /** Sync each commit to disk as production does (default false: a test's database is thrown away). */
  durable?: boolean;
}

export interface TestWorld {
  db: Db;
  clock: TestClock;
  app: ReturnType<typeof createApp>;
  /** Present when the world was made with `sandboxes`. */
  sandboxes?: SandboxManager;
  repos: ReturnType<typeof createRepositories>;
  people: ReturnType<typeof createPeopleRepositories>;
  /** What the sign-in actions need (silent logger, demo personas allowed). */
  signInDeps: SignInDeps;
  dir: string;
  close(): void;
}

/**
 * One migrated, loaded database file per (scenario, now) and worker process, never opened again after it
 * is written: each world gets its own copy, so nothing a test writes reaches another test. Test databases
 * are not synced to disk (`durable: false`): what survives a power cut is tested against real server
 * processes in npm run test:reliability.
 */
const templates = new Map<string, string>();
/** The run's scratch folder (removed after the run by ./scratch-dir.ts), or the system's outside vitest's configs. */
const SCRATCH = inject('scratchDir') ?? tmpdir();

function templateFor(scenario: string, now: string): string {
  const key = `${scenario}@${now}`;
  const existing = templates.get(key);
  if (existing) return existing;
  const path = join(mkdtempSync(join(SCRATCH, 'template-')), 'hutong.sqlite');
  const db = openDatabase(path, { durable: false });
  prepareDatabase(db, { scenario, now, demoPersonas: { password: DEMO_PASSWORD, passwordHash: DEMO_PASSWORD_HASH } });
  closeDatabase(db);
  templates.set(key, path);
  return path;
}

/** A fresh app on its own database file, loaded with `scenario` (default the record), with a settable clock. */
export function newWorld(options: WorldOptions = {}): TestWorld {
  const clock = new TestClock(options.now ?? DEFAULT_NOW);
  const dir = mkdtempSync(join(SCRATCH, 'world-'));
  const path = join(dir, 'hutong.sqlite');
  copyFileSync(templateFor(options.scenario ?? 'record', clock.now().toISOString()), path);
  const db = openDatabase(path, { onStatement: options.onStatement, durable: options.durable ?? false });
  const sandboxes =
    options.sandboxes &&
    sandboxManager({
      registry: sandboxQueries(db),
      dir: join(dir, 'sandboxes'),
      ttlMs: options.sandboxes.ttlMs ?? 24 * 3_600_000,
      max: options.sandboxes.max ?? 100,
      wall: clock,
      logger: pino({ level: 'silent' }),
      webhooks: options.sandboxes.webhooks,
    });
  const app = createApp({ db, clock, sandboxes });
  const people = createPeopleRepositories(db);
  return {
    db,
    clock,
    app,
    repos: createRepositories(db),
    people,
    dir,
    sandboxes,
    signInDeps: { people, clock, logger: pino({ level: 'silent' }), demo: true },
    close() {
      sandboxes?.closeAll();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The older name of `newWorld`. */
export const createTestWorld = newWorld;

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
      return agent
        .post(path)
        .type('form')
        .send({ _csrf: csrf, ...fields });
    },
  };
}
export type BrowserAgent = Awaited<ReturnType<typeof browserAgent>>;

/**
 * A browser agent signed in through the sign-in form (a real scrypt check, with the test worlds' small N).
 * Tests about signing in use this; the rest use `signedInAs` from ./sessions.ts.
 */
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
  return db
    .prepare(`SELECT count(*) FROM ${table} WHERE ${where}`)
    .pluck()
    .get(...params) as number;
}
