import { join } from 'node:path';
import type { IntegrationQueries } from '../../src/db/integrations.ts';
import { ScenarioFile } from '../../src/db/scenario-schema.ts';
import { readValidated, SCENARIOS_DIR } from '../../src/db/scenarios.ts';
import type { EventRole } from '../../src/domain/actors.ts';
import { applyVerb } from '../../src/domain/apply-verb.ts';
import type { IntegrationEvent } from '../../src/domain/model.ts';
import type { Verb } from '../../src/domain/transitions.ts';

/**
 * Writes one verb straight to the log (no permission check, no clock): how a test sets up a
 * history at a given instant. Goes through applyVerb like every other write.
 */
export function recordVerb(
  integrations: IntegrationQueries,
  storefront: string,
  wallet: string,
  verb: Verb,
  who: { actor: string; actorRole: EventRole; reason?: string; at: string },
): IntegrationEvent {
  const row = integrations.find(storefront, wallet);
  if (!row) throw new Error(`no ${storefront}/${wallet}`);
  const applied = applyVerb(row, verb, { reason: who.reason ?? '', now: who.at });
  if (!applied.ok) throw new Error(applied.kind === 'invalid_transition' ? applied.message : applied.errors[0].message);
  return integrations.recordTransition({
    integrationId: row.id,
    expectedVersion: row.version,
    applied,
    actor: who.actor,
    actorRole: who.actorRole,
    recordedAt: who.at,
  });
}

/**
 * The articles the record is built from: HUTONG_SEEDS_DIR, or `shared/seeds` beside the checkout. Only
 * `npm run test:record` reads them; `npm test` needs nothing outside the checkout.
 */
export const SEEDS_DIR = process.env.HUTONG_SEEDS_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

/** The record scenario as the loader reads it. */
export const recordScenario = (): ScenarioFile => readValidated(join(SCENARIOS_DIR, 'record.json'), ScenarioFile);

export interface RecordFact {
  id: string;
  at: string;
  precision: string;
  sources: string[];
}

/** Every dated fact of the record: each integration event (one per storefront) and each milestone. */
export function recordFacts(record: ScenarioFile): RecordFact[] {
  return [
    ...record.integrations.flatMap((entry) =>
      entry.storefronts.flatMap((storefront) =>
        entry.events.map((event) => ({
          id: `${storefront}/${entry.wallet}/${event.verb}`,
          at: event.at,
          precision: event.precision,
          sources: event.sources,
        })),
      ),
    ),
    ...record.milestones.map((m) => ({ id: m.slug, at: m.at, precision: m.precision, sources: m.sources })),
  ];
}

/** Every link event of the record, once per host x surface x platform it names. */
export function recordLinkFacts(record: ScenarioFile) {
  return record.links.flatMap((entry) =>
    entry.surfaces.flatMap((surface) =>
      entry.platforms.flatMap((platform) =>
        entry.events.map((event) => ({ id: `${entry.host}/${surface}/${platform}/${event.verb}@${event.at}`, ...event })),
      ),
    ),
  );
}
