import { join } from 'node:path';
import type { RuleChanges } from '../domain/apply-verb.ts';
import { CHANNELS, type IntegrationState } from '../domain/model.ts';
import { allowedVerbs, type Verb } from '../domain/transitions.ts';
import { catalogChanged } from './catalog.ts';
import { integrationQueries } from './integrations.ts';
import { migrate } from './migrate.ts';
import type { Db } from './open.ts';
import { int, query, text } from './rows.ts';
import { readValidated, SCENARIOS_DIR } from './scenarios.ts';
import { WorldFile } from './scenario-schema.ts';

export interface SyntheticWorldSize {
  storefronts: number;
  events: number;
  orders: number;
  /** Same seed, same world. */
  seed?: number;
  /** Called now and then with what is being written and how far it got. */
  onProgress?: (stage: 'events' | 'orders', done: number, total: number) => void;
}

const GROUPS = 8;
const CATEGORIES = ['Groceries', 'Food delivery', 'Video', 'Ticketing', 'E-books', 'Second-hand', 'Imports', 'Marketplace'];
const START = Date.parse('2013-01-01T00:00:00.000Z');
const END = Date.parse('2026-11-01T00:00:00.000Z');
const BATCH = 20_000;
const DAY = 86_400_000;
const ORDER_STATUSES = ['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'failed', 'cancelled', 'expired', 'awaiting_payment'];

/** A small seeded PRNG (mulberry32): the same seed always gives the same world. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Forward progress is likelier than going back, so most integrations end up live.
const VERB_WEIGHT: Record<Verb, number> = {
  request: 6,
  withdraw: 1,
  approve: 5,
  reject: 1,
  launch: 6,
  adjust: 4,
  suspend: 1,
  resume: 3,
  revoke: 1,
  reported: 0,
  reported_not_offered: 0,
};

function pickVerb(state: IntegrationState, random: () => number): Verb {
  const verbs = allowedVerbs(state);
  const total = verbs.reduce((sum, v) => sum + VERB_WEIGHT[v], 0);
  let roll = random() * total;
  for (const verb of verbs) {
    roll -= VERB_WEIGHT[verb];
    if (roll < 0) return verb;
  }
  // Rounding can leave the roll at 0 past the last weight: that is the last verb.
  const last = verbs.at(-1);
  if (last === undefined) throw new Error(`Synthetic world: no verb leaves ${state}.`);
  return last;
}

/** One of `items`, chosen by one roll of `random`. */
function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('Synthetic world: nothing to pick from.');
  return item;
}

/** New rules for a launch or an adjust (always at least one channel); nothing for other verbs. */
function ruleChangesFor(verb: Verb, random: () => number): RuleChanges | undefined {
  if (verb !== 'launch' && verb !== 'adjust') return undefined;
  const rolloutPercent = [5, 10, 25, 50, 100, 100][Math.floor(random() * 6)] ?? 100;
  const some = random() < 0.8 ? [...CHANNELS] : CHANNELS.filter(() => random() < 0.6);
  return { rolloutPercent, channels: some.length > 0 ? some : ['app'] };
}

function writeWorld(db: Db, storefronts: number, now: string): void {
  const world = readValidated(join(SCENARIOS_DIR, 'world.json'), WorldFile);
  const insertProvider = db.prepare('INSERT INTO providers (slug, name) VALUES (?, ?)');
  const insertGroup = db.prepare('INSERT INTO storefront_groups (slug, name) VALUES (?, ?)');
  const insertWallet = db.prepare('INSERT INTO wallets (slug, name, provider_slug, display_order) VALUES (?, ?, ?, ?)');
  const insertStorefront = db.prepare(`INSERT INTO storefronts (slug, name, group_slug, category, tagline) VALUES (?, ?, ?, ?, ?)`);
  const insertProduct = db.prepare('INSERT INTO products (storefront_slug, sku, name, price_fen) VALUES (?, ?, ?, ?)');
  const integrations = integrationQueries(db);
  for (const p of world.providers) insertProvider.run(p.slug, p.name);
  for (let g = 1; g <= GROUPS; g++) insertGroup.run(`group-${g}`, `Synthetic group ${g}`);
  for (const w of world.wallets) insertWallet.run(w.slug, w.name, w.provider, w.displayOrder);
  for (let s = 1; s <= storefronts; s++) {
    const slug = `shop-${String(s).padStart(5, '0')}`;
    insertStorefront.run(slug, `Shop ${s}`, `group-${(s % GROUPS) + 1}`, CATEGORIES[s % CATEGORIES.length], 'A synthetic storefront.');
    for (let p = 1; p <= 4; p++) insertProduct.run(slug, `item-${p}`, `Item ${p}`, 500 * p);
    for (const w of world.wallets) integrations.ensure(slug, w.slug, w.displayOrder, now);
  }
}

function writeEvents(db: Db, total: number, random: () => number, progress: SyntheticWorldSize['onProgress']): void {
  const integrations = integrationQueries(db);
  const rows = integrations.list();
  const groupOf = new Map(
    query(db, 'SELECT slug, group_slug FROM storefronts', (r) => [text(r, 'slug'), text(r, 'group_slug')] as const).all(),
  );
  const providerOf = new Map(
    query(db, 'SELECT slug, provider_slug FROM wallets', (r) => [text(r, 'slug'), text(r, 'provider_slug')] as const).all(),
  );
  let written = 0;
  const batch = db.transaction((from: number, to: number) => {
    for (let r = from; r < to; r++) {
      const row = rows[r];
      if (!row) continue;
      const count = Math.floor(total / rows.length) + (r < total % rows.length ? 1 : 0);
      const step = (END - START) / (count + 1);
      let at = START + random() * step;
      let snapshot = { state: row.state, rules: row.rules, version: row.version };
      for (let n = 0; n < count; n++) {
        const verb = pickVerb(snapshot.state, random);
        const rules = ruleChangesFor(verb, random);
        const reviewer = verb === 'approve' || verb === 'reject' || verb === 'revoke';
        const effectiveAt = new Date(Math.floor(at)).toISOString();
        const scheduled = verb === 'launch' && random() < 0.2;
        const now = scheduled ? new Date(Math.floor(at) - 3 * DAY).toISOString() : effectiveAt;
        const recorded = integrations.recordVerb(
          { id: row.id, ...snapshot },
          verb,
          { rules, reason: `Synthetic ${verb}.`, now, effectiveAt: scheduled ? effectiveAt : undefined },
          {
            actor: reviewer ? `${providerOf.get(row.walletSlug)}-reviewer` : `${groupOf.get(row.storefrontSlug)}-operator`,
            actorRole: reviewer ? 'reviewer' : 'operator',
            recordedAt: now,
          },
        );
        if (!recorded.ok)
          throw new Error(
            `Synthetic world: ${row.storefrontSlug}/${row.walletSlug}: ${recorded.kind === 'invalid_transition' ? recorded.message : recorded.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
          );
        snapshot = { state: recorded.event.toState, rules: recorded.event.rules, version: recorded.event.version };
        at += step * (0.5 + random());
        written += 1;
      }
    }
  });
  const perBatch = Math.max(1, Math.floor(rows.length / Math.max(1, Math.ceil(total / BATCH))));
  for (let r = 0; r < rows.length; r += perBatch) {
    batch(r, r + perBatch);
    progress?.('events', written, total);
  }
}

const OUTCOME_FOR_STATUS: Record<string, string> = { paid: 'succeeded', failed: 'declined', cancelled: 'cancelled', expired: 'expired' };

/** Orders with one line each and, once settled, the payment that settled them, so db:check holds. */
function writeOrders(db: Db, total: number, random: () => number, progress: SyntheticWorldSize['onProgress']): void {
  const storefronts = query(db, 'SELECT slug FROM storefronts ORDER BY rowid', (row) => text(row, 'slug')).all();
  const productOf = new Map(
    query(
      db,
      'SELECT storefront_slug AS slug, min(id) AS id FROM products GROUP BY storefront_slug',
      (row) => [text(row, 'slug'), int(row, 'id')] as const,
    ).all(),
  );
  const insert =
    db.prepare(`INSERT INTO orders (id, shopper_id, storefront_slug, channel, wallet_slug, total_fen, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertItem = db.prepare(`INSERT INTO order_items (order_id, product_id, name, unit_price_fen, quantity)
    VALUES (?, ?, 'Synthetic item', ?, 1)`);
  const insertPayment =
    db.prepare(`INSERT INTO payments (order_id, wallet_slug, idempotency_scope, idempotency_key, request_hash, outcome, created_at)
    VALUES (?, ?, 'synthetic', ?, 'synthetic', ?, ?)`);
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const wallet = random() < 0.6 ? 'alipay' : random() < 0.8 ? 'wechat-pay' : 'unionpay-qr';
      // WeChat Pay converts a little worse in this made-up world, so the chart has something to show.
      const status = wallet === 'wechat-pay' && random() < 0.15 ? 'cancelled' : pick(ORDER_STATUSES, random);
      const at = new Date(START + random() * (END - START)).toISOString();
      const id = `ord_syn${n.toString(36).padStart(8, '0')}`;
      const storefront = pick(storefronts, random);
      const totalFen = 100 + Math.floor(random() * 100_000);
      insert.run(
        id,
        `shopper${Math.floor(random() * 50_000)
          .toString(36)
          .padStart(12, '0')}`,
        storefront,
        CHANNELS[Math.floor(random() * CHANNELS.length)],
        wallet,
        totalFen,
        status,
        at,
        at,
      );
      const product = productOf.get(storefront);
      if (product !== undefined) insertItem.run(id, product, totalFen);
      const outcome = OUTCOME_FOR_STATUS[status];
      if (outcome) insertPayment.run(id, wallet, `syn-${id}`, outcome, at);
    }
  });
  for (let n = 0; n < total; n += BATCH) {
    batch(n, Math.min(total, n + BATCH));
    progress?.('orders', Math.min(total, n + BATCH), total);
  }
}

/**
 * Fills an empty database with a synthetic world: storefronts in eight groups,
 * the record's wallets, events generated by walking the state machine per
 * integration (so every history is valid), and orders. For scale tests only.
 */
export function generateSyntheticWorld(db: Db, size: SyntheticWorldSize): void {
  const random = randomFrom(size.seed ?? 2021);
  const now = new Date(END).toISOString();
  migrate(db);
  db.transaction(() => {
    writeWorld(db, size.storefronts, now);
    db.prepare("INSERT INTO settings (key, value) VALUES ('scenario', 'synthetic')").run();
  })();
  catalogChanged(db);
  writeEvents(db, size.events, random, size.onProgress);
  writeOrders(db, size.orders, random, size.onProgress);
  db.pragma('optimize');
}
