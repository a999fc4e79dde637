import type { IntegrationQueries } from '../../src/db/integrations.ts';
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
  return integrations.recordTransition({ integrationId: row.id, expectedVersion: row.version, applied, actor: who.actor, actorRole: who.actorRole, recordedAt: who.at });
}
