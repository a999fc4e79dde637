import { DEFAULT_RULES, type IntegrationEvent, type IntegrationState, type Rules } from './model.ts';

/** What an integration looked like at one instant, derived from its events. */
export interface IntegrationSnapshot {
  state: IntegrationState;
  rules: Rules;
  /** The event that put it in this state (null: nothing has happened yet). */
  since: IntegrationEvent | null;
  /** A launch (or other change) recorded before `at` that takes effect after it. */
  pending: IntegrationEvent | null;
}

function compareEffective(a: IntegrationEvent, b: IntegrationEvent): number {
  if (a.effectiveAt !== b.effectiveAt) return a.effectiveAt < b.effectiveAt ? -1 : 1;
  return a.id - b.id;
}

/**
 * The state at `at` (ISO-8601 UTC): the latest active event effective at or before it.
 * Cancelled events never took effect. A scheduled event counts as pending at `at`
 * if it was recorded by then, takes effect later, and was not cancelled by then.
 */
export function integrationAt(events: readonly IntegrationEvent[], at: string): IntegrationSnapshot {
  let current: IntegrationEvent | null = null;
  let pending: IntegrationEvent | null = null;
  for (const event of events) {
    if (event.effectiveAt <= at) {
      if (event.status === 'active' && (current === null || compareEffective(event, current) > 0)) current = event;
    } else if (event.recordedAt <= at && (event.cancelledAt === null || event.cancelledAt > at)) {
      if (pending === null || compareEffective(event, pending) < 0) pending = event;
    }
  }
  // A pending change recorded before the current state was reached is stale only
  // if it was cancelled; the `cancelledAt` check above already handles that.
  return {
    state: current ? current.toState : 'not_requested',
    rules: current ? current.rules : DEFAULT_RULES,
    since: current,
    pending,
  };
}
