import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { Refusal } from '../domain/errors.ts';
import { parseYuan } from '../domain/money.ts';
import type { RuleChanges } from '../domain/apply-verb.ts';
import { catalogChanged } from './catalog.ts';
import { integrationQueries } from './integrations.ts';
import { loadLinkHistory, loadLinkWorld } from './link-scenarios.ts';
import type { Db } from './open.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { ScenarioFile, WorldFile, toIso, type ScenarioEvent } from './scenario-schema.ts';

export const SCENARIOS_DIR = join(PROJECT_ROOT, 'db', 'scenarios');

export function scenarioNames(dir: string = SCENARIOS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'world.json')
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** Reads and validates a JSON file; a bad file names the path of the bad field. */
export function readValidated<T extends z.ZodType>(path: string, schema: T): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${path} at ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid scenario file:\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/** A scenario event's rules in fen; amounts are validated as yuan by the schema. */
function ruleChangesOf(event: ScenarioEvent): RuleChanges {
  const given = event.rules ?? {};
  const fen = (amount: string | null | undefined) => (amount === undefined || amount === null ? amount : parseYuan(amount));
  return {
    rolloutPercent: given.rolloutPercent,
    channels: given.channels,
    minAmountFen: fen(given.minAmount),
    maxAmountFen: fen(given.maxAmount),
  };
}

function loadWorld(db: Db, world: WorldFile, now: string): void {
  const insertProvider = db.prepare('INSERT INTO providers (slug, name) VALUES (?, ?)');
  const insertGroup = db.prepare('INSERT INTO storefront_groups (slug, name) VALUES (?, ?)');
  const insertWallet = db.prepare('INSERT INTO wallets (slug, name, provider_slug, display_order) VALUES (?, ?, ?, ?)');
  const insertStorefront = db.prepare(`INSERT INTO storefronts (slug, name, local_name, group_slug, category, tagline)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertProduct = db.prepare(`INSERT INTO products (storefront_slug, sku, name, description, price_fen)
    VALUES (?, ?, ?, ?, ?)`);
  const integrations = integrationQueries(db);
  for (const p of world.providers) insertProvider.run(p.slug, p.name);
  for (const g of world.groups) insertGroup.run(g.slug, g.name);
  for (const w of world.wallets) insertWallet.run(w.slug, w.name, w.provider, w.displayOrder);
  for (const s of world.storefronts) {
    insertStorefront.run(s.slug, s.name, s.localName, s.group, s.category, s.tagline);
    for (const p of s.products) insertProduct.run(s.slug, p.sku, p.name, p.description, parseYuan(p.price));
    // Every storefront x wallet exists from the start, as `not_requested`.
    for (const w of world.wallets) integrations.ensure(s.slug, w.slug, w.displayOrder, now);
  }
  loadLinkWorld(db, world.links, now);
}

function loadHistory(db: Db, scenario: ScenarioFile, name: string, now: string): void {
  const integrations = integrationQueries(db);
  const insertMilestone = db.prepare(`INSERT INTO milestones (slug, title, effective_at, date_precision, date_note, source_file)
    VALUES (?, ?, ?, ?, ?, ?)`);
  scenario.integrations.forEach((entry, i) => {
    for (const storefront of entry.storefronts) {
      const row = integrations.find(storefront, entry.wallet);
      if (!row) throw new Error(`${name}.json at integrations.${i}: unknown storefront ${storefront} or wallet ${entry.wallet}`);
      let snapshot = { state: row.state, rules: row.rules, version: row.version };
      entry.events.forEach((event, j) => {
        const at = `${name}.json at integrations.${i}.events.${j}`;
        const written = integrations.recordVerb(
          { id: row.id, ...snapshot },
          event.verb,
          { rules: ruleChangesOf(event), reason: event.reason, now: toIso(event.at) },
          {
            actor: event.actor,
            actorRole: event.actorRole,
            recordedAt: now,
            source: { file: event.sources.join(', ') || null, precision: event.precision, note: event.note },
          },
        );
        if (!written.ok && written.kind === 'invalid_fields') {
          throw new Error(written.errors.map((e) => `${at}.${e.path}: ${storefront}/${entry.wallet}: ${e.message}`).join('\n'));
        }
        if (!written.ok) throw new Error(`${at}: ${storefront}/${entry.wallet}: ${written.message}`);
        snapshot = { state: written.event.toState, rules: written.event.rules, version: written.event.version };
      });
    }
  });
  for (const m of scenario.milestones) {
    insertMilestone.run(m.slug, m.title, toIso(m.at), m.precision, m.note, m.sources.join(', ') || null);
  }
  loadLinkHistory(db, scenario.links, name, now);
}

/** Loads the world and a named scenario into an empty, migrated database, in one transaction. */
export function loadScenario(db: Db, name: string, now: string, dir: string = SCENARIOS_DIR): void {
  const path = join(dir, `${name}.json`);
  if (!existsSync(path)) {
    throw new Refusal('not_found', `Unknown scenario "${name}"; choose one of: ${scenarioNames(dir).join(', ')}.`);
  }
  loadScenarioFile(db, name, readValidated(path, ScenarioFile), now, dir);
}

/**
 * Loads the world and a scenario given as an object (a sandbox's inline scenario, already
 * validated by ScenarioFile). A history the state machine refuses is a Refusal naming the field:
 * nothing is written.
 */
export function loadInlineScenario(db: Db, scenario: ScenarioFile, now: string, dir: string = SCENARIOS_DIR): void {
  try {
    loadScenarioFile(db, 'inline', scenario, now, dir);
  } catch (error) {
    if (error instanceof Refusal || !(error instanceof Error)) throw error;
    const { message } = error;
    const at = /^inline\.json at ([\w.]+): (.*)$/s.exec(message.split('\n')[0] ?? '');
    const path = at ? `scenario.${at[1]}` : 'scenario';
    throw new Refusal('bad_request', `The scenario cannot be loaded: ${message.replace(/^inline\.json at /, '')}`, {
      errors: [{ path, message: at?.[2] ?? message }],
    });
  }
}

function loadScenarioFile(db: Db, name: string, scenario: ScenarioFile, now: string, dir: string): void {
  const world = readValidated(join(dir, 'world.json'), WorldFile);
  db.transaction(() => {
    loadWorld(db, world, now);
    loadHistory(db, scenario, name, now);
    db.prepare("INSERT INTO settings (key, value) VALUES ('scenario', ?)").run(name);
  }).immediate();
  catalogChanged(db);
}
