import { DEFAULT_RULES, type IntegrationEvent, type IntegrationState, type Rules } from './model.ts';

/** What an event log needs for time travel: integration events and link policy events alike. */
export interface TimedEvent {
  id: number;
  recordedAt: string;
  effectiveAt: string;
  status: 'active' | 'cancelled';
  cancelledAt: string | null;
}

/** The event in force at an instant, and a change recorded by then that takes effect later. */
export interface InForce<E extends TimedEvent> {
  current: E | null;
  pending: E | null;
}

/** What an integration looked like at one instant, derived from its events. */
export interface IntegrationSnapshot {
  state: IntegrationState;
  rules: Rules;
  /** The event that put it in this state (null: nothing has happened yet). */
  since: IntegrationEvent | null;
  /** A launch (or other change) recorded before `at` that takes effect after it. */
  pending: IntegrationEvent | null;
}

function compareEffective(a: TimedEvent, b: TimedEvent): number {
  if (a.effectiveAt !== b.effectiveAt) return a.effectiveAt < b.effectiveAt ? -1 : 1;
  return a.id - b.id;
}

/**
 * At `at` (ISO-8601 UTC): the latest active event effective at or before it. Cancelled events
 * never took effect. A scheduled event counts as pending at `at` if it was recorded by then,
 * takes effect later, and was not cancelled by then.
 */
export function eventInForceAt<E extends TimedEvent>(events: readonly E[], at: string): InForce<E> {
  let current: E | null = null;
  let pending: E | null = null;
  for (const event of events) {
    if (event.effectiveAt <= at) {
      if (event.status === 'active' && (current === null || compareEffective(event, current) > 0)) current = event;
    } else if (event.recordedAt <= at && (event.cancelledAt === null || event.cancelledAt > at)) {
      if (pending === null || compareEffective(event, pending) < 0) pending = event;
    }
  }
  return { current, pending };
}

/** The state of an integration at `at`: the event in force, or `not_requested` before any. */
export function integrationAt(events: readonly IntegrationEvent[], at: string): IntegrationSnapshot {
  const { current, pending } = eventInForceAt(events, at);
  return {
    state: current ? current.toState : 'not_requested',
    rules: current ? current.rules : DEFAULT_RULES,
    since: current,
    pending,
  };
}
