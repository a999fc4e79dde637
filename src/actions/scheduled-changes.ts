import type { Repositories } from '../db/repositories.ts';
import { effectiveThrough, storeEffectiveThrough } from '../db/settings.ts';
import type { IntegrationEvent } from '../domain/model.ts';
import { recordIntegrationTookEffect } from './webhook-outbox.ts';

export type ChangeTakingEffect = IntegrationEvent & { storefront: string; wallet: string };

/**
 * The changes that take effect by `through` and have not been announced: each one whose effective
 * time passed the mark ("taken effect through") since it last moved. The first look only sets the
 * mark (`marks`): what took effect before a world was watched is not announced. When nothing has
 * taken effect the mark stays and nothing need be written: a write transaction every second cost
 * an fsync (7 ms, up to 70 ms on a busy disk) that stalled every request in flight. A change
 * recorded ahead of time takes effect after it was recorded, so one that commits after a look
 * still falls after the mark and is announced next time.
 */
export function changesDue(repos: Repositories, through: string): { changes: ChangeTakingEffect[]; marks: boolean } {
  const mark = effectiveThrough(repos.db);
  if (mark === undefined) return { changes: [], marks: true };
  if (through <= mark) return { changes: [], marks: false };
  const changes = repos.integrations.takingEffectBetween(mark, through);
  return { changes, marks: changes.length > 0 };
}

/** Announces a change that took effect (integration.launched, …), in the caller's transaction. */
export function announceChange(repos: Repositories, change: ChangeTakingEffect): void {
  recordIntegrationTookEffect(repos, change.storefront, change.wallet, change);
}

/** Moves the mark to `through`: the changes up to it have been announced. */
export function markAnnouncedThrough(repos: Repositories, through: string): void {
  storeEffectiveThrough(repos.db, through);
}
