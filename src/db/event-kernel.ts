import type { EventRole } from '../domain/actors.ts';
import { Refusal } from '../domain/errors.ts';
import type { Precision } from '../domain/model.ts';
import { integrationsWritten } from './integration-writes.ts';
import type { Db } from './open.ts';

/**
 * The one writer of versioned, event-logged aggregates (integrations, link policies). An aggregate
 * is a row with a version and an append-only log of events; each query module states how its row
 * and its events are written (`EventLog`, statements prepared once), and every event reaches the
 * log through `appendEvent`: nothing else bumps a version or inserts an event.
 */
export interface EventLog<W, E> {
  /** What a person calls one, in a refusal: "integration", "link policy". */
  noun: string;
  /** Moves the row from `expectedVersion` to the next with the write's state: 0 rows if it is at another version. */
  advance(id: number, expectedVersion: number, recordedAt: string, write: W): number;
  /** Inserts the event at `version` and reads it back. */
  insert(id: number, version: number, recordedAt: string, write: W): E;
  /** Marks the aggregate's events still to take effect after `at` cancelled; how many. */
  cancelScheduled(id: number, at: string): number;
}

/** Record events only: the article(s) an event comes from and how precise its date is. */
/** The columns every event table has (integration_events, link_policy_events), as SQL returns them. */
export interface EventDbColumns {
  actor: string;
  actor_role: string;
  reason: string;
  recorded_at: string;
  effective_at: string;
  status: string;
  cancelled_at: string | null;
  source_file: string | null;
  date_precision: string;
  date_note: string;
}

export interface EventSource {
  file: string | null;
  precision: Precision;
  note: string;
}

/** The source columns of an event (a person's event has none: exact, no article). */
export function sourceColumns(source: EventSource | undefined) {
  return { sourceFile: source?.file ?? null, datePrecision: source?.precision ?? 'exact', dateNote: source?.note ?? '' };
}

/** Who writes an event with no person at a console behind it: the record's loader, the synthetic world. */
export interface RecordedBy {
  actor: string;
  actorRole: EventRole;
  recordedAt: string;
  source?: EventSource | undefined;
}

export interface Append<W> {
  id: number;
  /** The version the writer read; another one means someone else wrote first (`stale_version`). */
  expectedVersion: number;
  recordedAt: string;
  /** The event supersedes the changes scheduled after `recordedAt`: they are cancelled first. */
  supersedesScheduled?: boolean | undefined;
  write: W;
}

/**
 * Appends one event in one transaction (a savepoint inside the caller's): bumps the version or
 * refuses `stale_version`, cancels the scheduled changes it supersedes, inserts the event, and
 * tells what is kept in memory over the integrations that it changed. Nothing is written on a refusal.
 */
export function appendEvent<W, E>(db: Db, log: EventLog<W, E>, append: Append<W>): E {
  return db.transaction(() => {
    // The inbox badge memoized over the states counts link requests too, so every aggregate's write invalidates it.
    integrationsWritten(db);
    if (log.advance(append.id, append.expectedVersion, append.recordedAt, append.write) === 0) {
      throw new Refusal('stale_version', `This ${log.noun} changed while you were editing; reload it and try again.`);
    }
    // Before the insert: an event scheduled for later must not cancel itself.
    if (append.supersedesScheduled) log.cancelScheduled(append.id, append.recordedAt);
    return log.insert(append.id, append.expectedVersion + 1, append.recordedAt, append.write);
  })();
}

/** Cancels an aggregate's changes scheduled after `at` without an event (a test's or a tool's repair); how many. */
export function cancelScheduled<W, E>(db: Db, log: EventLog<W, E>, id: number, at: string): number {
  integrationsWritten(db);
  return log.cancelScheduled(id, at);
}
