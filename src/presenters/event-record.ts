import { z } from 'zod';
import { instantJson } from './formats.ts';

/** Who wrote an event, why, and when it was recorded and takes effect: the same members in every event log's JSON. */
export const eventRecordShape = {
  actor: z.string(),
  actorRole: z.string(),
  reason: z.string(),
  recordedAt: instantJson,
  effectiveAt: instantJson,
  status: z.enum(['active', 'cancelled']),
  cancelledAt: instantJson.nullable(),
};

/** What an integration's or a link policy's event holds of those members. */
interface RecordedEvent {
  actor: string;
  actorRole: string;
  reason: string;
  recordedAt: string;
  effectiveAt: string;
  status: 'active' | 'cancelled';
  cancelledAt: string | null;
}

export function eventRecordJson(event: RecordedEvent) {
  return {
    actor: event.actor,
    actorRole: event.actorRole,
    reason: event.reason,
    recordedAt: event.recordedAt,
    effectiveAt: event.effectiveAt,
    status: event.status,
    cancelledAt: event.cancelledAt,
  };
}
