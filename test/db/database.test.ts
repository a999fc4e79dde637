import { mkdtempSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { loadScenario, SCENARIOS_DIR, scenarioNames } from '../../src/db/scenarios.ts';
import { count } from '../support/world.ts';

const dir = mkdtempSync(join(tmpdir(), 'hutong-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('opening and migrating', () => {
  it('uses WAL, full sync, foreign keys and a busy timeout', () => {
    const db = openDatabase(join(dir, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('applies each migration once, in order, and records it', () => {
    const db = openDatabase(join(dir, 'migrate.sqlite'));
    const first = migrate(db);
    expect(first[0]).toBe('0001_init.sql');
    expect(first).toEqual([...first].sort());
    expect(migrate(db)).toEqual([]);
    expect(count(db, 'schema_migrations')).toBe(first.length);
    db.close();
  });

  it('rolls a failing migration back whole', () => {
    const migrations = join(dir, 'bad-migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '0001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '0002_bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = openDatabase(join(dir, 'bad.sqlite'));
    expect(() => migrate(db, migrations)).toThrow(/nowhere/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect(db.prepare('SELECT name FROM schema_migrations').pluck().all()).toEqual(['0001_ok.sql']);
    db.close();
  });
});

describe('scenarios', () => {
  it('offers record, walled and open', () => {
    expect(scenarioNames()).toEqual(['open', 'record', 'walled']);
  });

  it('loads the record with dated events citing their source article, once', () => {
    const db = openDatabase(join(dir, 'record.sqlite'));
    const now = '2026-11-22T00:00:00.000Z';
    expect(prepareDatabase(db, { scenario: 'record', now }).loaded).toBe(true);
    expect(prepareDatabase(db, { scenario: 'open', now }).loaded).toBe(false);
    expect(count(db, 'storefronts')).toBe(13);
    expect(count(db, 'integrations')).toBe(13 * 3);
    const wechatAtEleme = db
      .prepare(`SELECT verb, effective_at, source_file, date_precision FROM integration_events e
      JOIN integrations i ON i.id = e.integration_id WHERE i.storefront_slug = 'eleme' AND i.wallet_slug = 'wechat-pay' ORDER BY e.id`)
      .all();
    // 002 reports only that Ele.me "now includes WeChat Pay": one reported fact, no invented request or approval.
    expect(wechatAtEleme).toMatchObject([{ verb: 'reported' }]);
    expect(wechatAtEleme).toHaveLength(1);
    expect(wechatAtEleme[0]).toMatchObject({
      source_file: '002_c38cf0f4a4e7f84b.txt',
      // By ≈ late Sept 2021 (002 is written late in the month): a bound, placed at its latest instant.
      date_precision: 'before',
      effective_at: '2021-09-30T23:59:59.999Z',
    });
    expect(count(db, 'milestones', "slug = 'qr-mutual-recognition'")).toBe(1);
    for (const storefront of db.prepare('SELECT slug FROM storefronts').pluck().all()) {
      const products = count(db, 'products', 'storefront_slug = ?', storefront);
      expect(products).toBeGreaterThanOrEqual(4);
      expect(products).toBeLessThanOrEqual(8);
    }
    db.close();
  });

  it("walled has each group's own wallet only; open has every wallet live everywhere", () => {
    for (const [scenario, live] of [
      ['walled', 13],
      ['open', 39],
    ] as const) {
      const db = openDatabase(join(dir, `${scenario}.sqlite`));
      prepareDatabase(db, { scenario, now: '2026-11-22T00:00:00.000Z' });
      expect(count(db, 'integrations', "state = 'live'")).toBe(live);
      db.close();
    }
  });

  it('names the path of a bad field in a scenario file, and loads nothing', () => {
    const scenarios = join(dir, 'scenarios');
    mkdirSync(scenarios);
    copyFileSync(join(SCENARIOS_DIR, 'world.json'), join(scenarios, 'world.json'));
    writeFileSync(
      join(scenarios, 'broken.json'),
      JSON.stringify({
        title: 'Broken',
        description: 'A typo in a verb',
        integrations: [{ wallet: 'alipay', storefronts: ['eleme'], events: [{ verb: 'aprove', at: '2021-09-01', actor: 'x' }] }],
        milestones: [],
      }),
    );
    const db = openDatabase(join(dir, 'broken.sqlite'));
    migrate(db);
    expect(() => loadScenario(db, 'broken', '2026-11-22T00:00:00.000Z', scenarios)).toThrow(
      /broken\.json at integrations\.0\.events\.0\.verb/,
    );
    expect(count(db, 'storefronts')).toBe(0);
    db.close();
  });

  it('refuses a scenario whose events break the state machine', () => {
    const scenarios = join(dir, 'scenarios-2');
    mkdirSync(scenarios);
    copyFileSync(join(SCENARIOS_DIR, 'world.json'), join(scenarios, 'world.json'));
    writeFileSync(
      join(scenarios, 'skip.json'),
      JSON.stringify({
        title: 'Skips approval',
        description: 'Launch without approval',
        integrations: [{ wallet: 'wechat-pay', storefronts: ['eleme'], events: [{ verb: 'launch', at: '2021-09-01', actor: 'x' }] }],
        milestones: [],
      }),
    );
    const db = openDatabase(join(dir, 'skip.sqlite'));
    migrate(db);
    expect(() => loadScenario(db, 'skip', '2026-11-22T00:00:00.000Z', scenarios)).toThrow(
      /Cannot launch an integration that is not requested/,
    );
    expect(count(db, 'integration_events')).toBe(0);
    db.close();
  });

  it('refuses a scenario whose rules break an invariant, naming the field, and loads nothing', () => {
    const scenarios = join(dir, 'scenarios-3');
    mkdirSync(scenarios);
    copyFileSync(join(SCENARIOS_DIR, 'world.json'), join(scenarios, 'world.json'));
    const approved = (wallet: string) => ({
      wallet,
      storefronts: ['eleme'],
      events: [
        { verb: 'request', at: '2021-09-01', actor: 'x' },
        { verb: 'approve', at: '2021-09-02', actor: 'y' },
      ],
    });
    const withThird = (third: object) => {
      const entry = approved('wechat-pay');
      writeFileSync(
        join(scenarios, 'limits.json'),
        JSON.stringify({
          title: 'Bad limits',
          description: 'Rules that cannot hold',
          integrations: [approved('alipay'), approved('unionpay-qr'), { ...entry, events: [...entry.events, third] }],
          milestones: [],
        }),
      );
    };
    const db = openDatabase(join(dir, 'limits.sqlite'));
    migrate(db);

    withThird({ verb: 'launch', at: '2021-09-03', actor: 'x', rules: { minAmount: '50.00', maxAmount: '20.00' } });
    expect(() => loadScenario(db, 'limits', '2026-11-22T00:00:00.000Z', scenarios)).toThrow(
      /limits\.json at integrations\.2\.events\.2\.maxAmount: eleme\/wechat-pay: must be at least the minimum \(¥50\.00\)/,
    );
    withThird({ verb: 'launch', at: '2021-09-03', actor: 'x', rules: { channels: [] } });
    expect(() => loadScenario(db, 'limits', '2026-11-22T00:00:00.000Z', scenarios)).toThrow(
      /integrations\.2\.events\.2\.channels: .*choose at least one channel/,
    );
    withThird({ verb: 'revoke', at: '2021-09-03', actor: 'y', rules: { rolloutPercent: 20 } });
    expect(() => loadScenario(db, 'limits', '2026-11-22T00:00:00.000Z', scenarios)).toThrow(
      /integrations\.2\.events\.2\.rolloutPercent: .*only launch and adjust change the rules, not revoke/,
    );
    expect(count(db, 'integration_events')).toBe(0);
    db.close();
  });
});

describe('configuration', () => {
  it('has defaults for every variable', () => {
    // A new machine's server is reachable from that machine only (HOST=0.0.0.0 opens it up).
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: 'db/hutong.sqlite',
      HUTONG_SCENARIO: 'record',
      LOG_LEVEL: 'info',
    });
  });

  it('fails fast naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ HUTONG_DEMO: 'yes' })).toThrow(/HUTONG_DEMO/);
  });
});

describe('demo personas in a world without their group or provider', () => {
  it('creates only the personas the world can hold, instead of failing to start', async () => {
    const { generateSyntheticWorld } = await import('../../src/db/synthetic-world.ts');
    const { ensureDemoPersonas } = await import('../../src/db/demo-personas.ts');
    const { DEMO_PASSWORD_HASH } = await import('../support/world.ts');
    const db = openDatabase(join(dir, 'synthetic-personas.sqlite'));
    generateSyntheticWorld(db, { storefronts: 5, events: 200, orders: 10, seed: 3 });
    const made = ensureDemoPersonas(db, { password: 'unused-here', passwordHash: DEMO_PASSWORD_HASH, now: '2026-11-22T00:00:00.000Z' });
    expect(made).toContain('admin');
    expect(made).toContain('viewer');
    const groups = db.prepare('SELECT slug FROM storefront_groups').pluck().all();
    if (!groups.includes('alibaba')) expect(made).not.toContain('ali.ops');
    db.close();
  });
});
