import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { createRepositories } from '../../src/db/repositories.ts';
import { loadScenario } from '../../src/db/scenarios.ts';
import { generateSyntheticWorld } from '../../src/db/synthetic-world.ts';
import { transition } from '../../src/actions/transitions.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { actorOf } from '../../src/db/users.ts';
import { TestClock } from '../support/clock.ts';
import { newWorld } from '../support/world.ts';

const NOW = '2026-11-22T09:00:00.000Z';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function database(onStatement?: (sql: string) => void): Db {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-decision-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'world.sqlite'), { onStatement });
}

/** A generated world whose database counts the statements of one warm request. */
function countedWorld(storefronts: number) {
  const statements: string[] = [];
  let counting = false;
  const db = database((sql) => counting && statements.push(sql));
  generateSyntheticWorld(db, { storefronts, events: storefronts * 12, orders: 0, seed: 5 });
  const app = createApp({ db, clock: new TestClock(NOW) });
  return async (path: string): Promise<string[]> => {
    await supertest(app).get(path).expect(200);
    statements.length = 0;
    counting = true;
    await supertest(app).get(path).expect(200);
    counting = false;
    // The API's request log is written in a batch of its own after the answer: not the decision's cost.
    // (It sets the connection's synchronous level around its batch, and puts it back.)
    const request = statements.filter((sql) => !sql.startsWith('PRAGMA synchronous'));
    const logBatch = request.findIndex((sql) => sql.startsWith('INSERT INTO api_requests'));
    if (logBatch > 0 && request[logBatch - 1] === 'BEGIN' && request[logBatch + 1] === 'COMMIT') request.splice(logBatch - 1, 3);
    return request;
  };
}

describe('the decision path', () => {
  it('decides a page of storefronts on the home page in one statement, the same in a world of 30 and of 1,000', async () => {
    const small = await countedWorld(30)('/');
    const large = await countedWorld(1000)('/');
    // The in-memory states' check for writes by another connection and the shopper's cart counts (the scenario's name is in memory).
    expect(large.length).toBeLessThanOrEqual(2);
    expect(large.length).toBe(small.length);
  }, 60_000);

  it('reads storefronts, wallets, products and states from memory: a storefront page and the decision API cost one statement each', async () => {
    const statementsOf = countedWorld(30);
    expect(await statementsOf('/shop/shop-00002')).toHaveLength(1); // the shopper's cart
    expect(await statementsOf('/api/storefronts/shop-00002/wallets?shopper=s-1')).toEqual(['PRAGMA data_version']);
    // A look into the past is not in memory: the database answers it.
    expect(await statementsOf('/api/storefronts/shop-00002/wallets?shopper=s-1&asOf=2015-06-30')).toHaveLength(2);
  }, 30_000);

  it('sees a transition written through another connection to the same file at the next request', async () => {
    const world = newWorld();
    try {
      const wechat = async () =>
        (await supertest(world.app).get('/api/storefronts/idle-fish/wallets?shopper=s-1').expect(200)).body.wallets.find(
          (w: { wallet: string }) => w.wallet === 'wechat-pay',
        ).reason as string;
      expect(await wechat()).toBe('PENDING_PROVIDER_APPROVAL');
      const other = openDatabase(join(world.dir, 'hutong.sqlite'));
      const repos = createRepositories(other, world.clock);
      const { version } = repos.integrations.find('idle-fish', 'wechat-pay')!;
      transition(repos, world.clock, {
        storefront: 'idle-fish',
        wallet: 'wechat-pay',
        verb: 'approve',
        reason: 'elsewhere',
        expectedVersion: version,
        actor: actorOf(createPeopleRepositories(other).users.byUsername('tencent.reviewer')!),
      });
      other.close();
      expect(await wechat()).toBe('APPROVED_NOT_LIVE');
    } finally {
      world.close();
    }
  });

  it('reads the catalogue again when a scenario is written after it was first read', () => {
    const db = database();
    migrate(db);
    const repos = createRepositories(db);
    expect(repos.catalog.storefronts()).toHaveLength(0);
    expect(repos.catalog.storefront('eleme')).toBeUndefined();
    loadScenario(db, 'record', NOW);
    expect(repos.catalog.storefront('eleme')?.name).toBe('Ele.me');
    expect(repos.catalog.products('eleme').length).toBeGreaterThan(0);
    expect(repos.catalog.wallets().map((w) => w.slug)).toEqual(['alipay', 'wechat-pay', 'unionpay-qr']);
    db.close();
  });

  it('hands out frozen rows, so no caller can change what the next request reads', () => {
    const db = database();
    migrate(db);
    loadScenario(db, 'record', NOW);
    const { catalog } = createRepositories(db);
    expect(() => (catalog.storefronts() as unknown as unknown[]).sort()).toThrow(TypeError);
    expect(() => Object.assign(catalog.storefront('eleme') as object, { name: 'changed' })).toThrow(TypeError);
    db.close();
  });
});
