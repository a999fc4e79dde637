import type { Repositories } from '../db/repositories.ts';
import { effectiveThrough, storeEffectiveThrough } from '../db/settings.ts';
import { recordIntegrationTookEffect } from './webhook-outbox.ts';

/**
 * Announces the scheduled changes that have taken effect by `now`: each one whose effective
 * time passed since the last call gets its webhook (integration.launched, …) once, in the
 * transaction that moves the mark. The first call only sets the mark: what took effect before a
 * world was watched is not announced. The default world calls this on a timer; a sandbox when its
 * clock is moved.
 */
export function announceTakenEffect(repos: Repositories, now: string): number {
  return repos.db.transaction(() => {
    const through = effectiveThrough(repos.db);
    if (through !== undefined && now <= through) return 0;
    const changes = through === undefined ? [] : repos.integrations.takingEffectBetween(through, now);
    for (const change of changes) recordIntegrationTookEffect(repos, change.storefront, change.wallet, change);
    storeEffectiveThrough(repos.db, now);
    return changes.length;
  }).immediate();
}
