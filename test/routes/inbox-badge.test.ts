import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { inboxCountOf, inboxOf } from '../../src/actions/inbox.ts';
import { listIntegrationViews, type IntegrationSummary } from '../../src/actions/integration-views.ts';
import { transition } from '../../src/actions/transitions.ts';
import { createApp } from '../../src/app.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import { generateSyntheticWorld } from '../../src/db/synthetic-world.ts';
import { actorOf } from '../../src/db/users.ts';
import type { Actor } from '../../src/domain/actors.ts';
import { inboxCount, inboxFor } from '../../src/domain/inbox.ts';
import { newSecret, sha256 } from '../../src/domain/passwords.ts';
import { TestClock } from '../support/clock.ts';
import { transitionAs } from '../support/integrations.ts';
import { DEMO_PASSWORD_HASH, newWorld, type TestWorld } from '../support/world.ts';

const NOW = '2026-11-22T09:00:00.000Z';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A generated world with an admin signed in, whose database counts every statement it runs. */
function generatedWorld(storefronts: number) {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-badge-'));
  dirs.push(dir);
  const statements: string[] = [];
  let counting = false;
  const db: Db = openDatabase(join(dir, 'world.sqlite'), { onStatement: (sql) => counting && statements.push(sql) });
  generateSyntheticWorld(db, { storefronts, events: storefronts * 12, orders: 0, seed: 11 });
  const people = createPeopleRepositories(db);
  people.users.insertIfAbsent({ username: 'admin', displayName: 'Admin', role: 'admin', passwordHash: DEMO_PASSWORD_HASH }, NOW);
  const session = newSecret();
  people.sessions.create(sha256(session), people.users.byUsername('admin')!.id, NOW);
  const app = createApp({ db, clock: new TestClock(NOW) });
  const storefront = createRepositories(db).catalog.storefronts()[0]!.slug;
  const get = (path: string, signedIn: boolean) => {
    const req = supertest(app).get(path);
    return (signedIn ? req.set('cookie', `hutong_session=${session}`) : req).expect(200);
  };
  /** The statements one page costs, signed in as admin or not, once the app has read the catalogue into memory. */
  async function statementsFor(signedIn: boolean, path = `/shop/${storefront}`): Promise<number> {
    await get(path, signedIn);
    statements.length = 0;
    counting = true;
    await get(path, signedIn);
    counting = false;
    return statements.length;
  }
  return { db, statementsFor, integrations: db.prepare('SELECT count(*) FROM integrations').pluck().get() as number };
}

describe('the inbox badge on every signed-in page', () => {
  it('costs the same few statements in a world of 90 integrations and one of 3,000: no per-integration work', async () => {
    const small = generatedWorld(30);
    const large = generatedWorld(1000);
    expect(large.integrations).toBe(3000);
    const extra = async (world: ReturnType<typeof generatedWorld>) =>
      (await world.statementsFor(true)) - (await world.statementsFor(false));
    const smallExtra = await extra(small);
    const largeExtra = await extra(large);
    // The session, the user, and the in-memory states' check for writes by another connection.
    expect(smallExtra).toBeLessThanOrEqual(4);
    expect(largeExtra).toBe(smallExtra);
  }, 60_000);

  it('and the console inbox lists them in the same few statements in both worlds: no per-integration query', async () => {
    const small = generatedWorld(30);
    const large = generatedWorld(1000);
    const smallConsole = await small.statementsFor(true, '/console');
    // The session, the user, and the in-memory states' check for writes by another connection.
    expect(smallConsole).toBeLessThanOrEqual(3);
    expect(await large.statementsFor(true, '/console')).toBe(smallConsole);
  }, 60_000);
});

describe('the badge counts what the inbox lists', () => {
  let world: TestWorld;
  const personas = ['admin', 'ali.ops', 'tencent.reviewer', 'ant.reviewer', 'unionpay.reviewer', 'viewer'];
  const actor = (username: string): Actor => actorOf(world.people.users.byUsername(username)!);
  /** Each integration's slugs and state, as a list section shows them. */
  const keys = (items: readonly IntegrationSummary[]) =>
    items.map((i) => `${i.storefront.slug}/${i.wallet.slug} ${i.state} ${i.scheduled?.id ?? ''}`);
  const agree = (at: string) => {
    for (const username of personas) {
      const inbox = inboxOf(world.repos, actor(username), at);
      // The reference: every integration replayed from its whole history.
      const replayed = inboxFor(actor(username), listIntegrationViews(world.repos, at));
      expect({ username, review: keys(inbox.awaitingReview), act: keys(inbox.needingAction) }).toEqual({
        username,
        review: keys(replayed.awaitingReview),
        act: keys(replayed.needingAction),
      });
      expect({ username, count: inboxCountOf(world.repos, actor(username), at) }).toEqual({ username, count: inboxCount(inbox) });
    }
  };

  it('for every persona, in the record as it is now', () => {
    world = newWorld({ now: NOW });
    try {
      agree(NOW);
      expect(inboxCountOf(world.repos, actor('tencent.reviewer'), NOW)).toBe(3);
    } finally {
      world.close();
    }
  });

  it('with a launch scheduled for tomorrow (waiting for nobody) and a suspension (waiting for the operator)', () => {
    world = newWorld({ now: NOW });
    try {
      transitionAs(world, 'tencent.reviewer', 'approve', 'idle-fish', 'wechat-pay');
      const { version } = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
      transition(world.repos, world.clock, {
        storefront: 'idle-fish',
        wallet: 'wechat-pay',
        verb: 'launch',
        actor: actor('ali.ops'),
        reason: 'tomorrow',
        expectedVersion: version,
        effectiveAt: '2026-11-23T09:00:00.000Z',
      });
      transitionAs(world, 'ali.ops', 'suspend', 'eleme', 'wechat-pay', 'incident');
      agree(NOW);
      world.clock.set('2026-11-24T09:00:00.000Z');
      agree(world.clock.now().toISOString());
    } finally {
      world.close();
    }
  });

  it('on a clock in 2021, when some of the record is still ahead', () => {
    world = newWorld({ now: '2021-09-01T00:00:00.000Z' });
    try {
      for (const at of ['2021-09-01T00:00:00.000Z', '2021-10-15T00:00:00.000Z', '2021-12-31T00:00:00.000Z']) agree(at);
    } finally {
      world.close();
    }
  });
});
