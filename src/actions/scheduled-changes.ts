import type { Repositories } from '../db/repositories.ts';
import { effectiveThrough, storeEffectiveThrough } from '../db/settings.ts';
import { recordIntegrationTookEffect } from './webhook-outbox.ts';

/**
 * Announces the scheduled changes that have taken effect by `now`: each one whose effective
 * time passed since the last announcement gets its webhook (integration.launched, …) once, in the
 * transaction that moves the mark. The first call only sets the mark: what took effect before a
 * world was watched is not announced. The default world calls this on a timer; a sandbox when its
 * clock is moved. When nothing has taken effect the mark stays and nothing is written: a write
 * transaction every second cost an fsync (7 ms, up to 70 ms on a busy disk) that stalled every
 * request in flight. A change recorded ahead of time takes effect after it was recorded, so one
 * that commits after a look still falls after the mark and is announced next time.
 */
export function announceTakenEffect(repos: Repositories, now: string): number {
  const through = effectiveThrough(repos.db);
  if (through !== undefined && (now <= through || repos.integrations.takingEffectBetween(through, now).length === 0)) return 0;
  return repos.db
    .transaction(() => {
      const through = effectiveThrough(repos.db);
      if (through !== undefined && now <= through) return 0;
      const changes = through === undefined ? [] : repos.integrations.takingEffectBetween(through, now);
      for (const change of changes) recordIntegrationTookEffect(repos, change.storefront, change.wallet, change);
      storeEffectiveThrough(repos.db, now);
      return changes.length;
    })
    .immediate();
}
