import type { WebhookFaults } from '../domain/webhook-schedule.ts';
import type { WebhookOwner } from '../domain/webhook-audience.ts';
import type { Db } from './open.ts';
import { int, maybeInt, maybeText, oneOf, query, RowError, text, type Row } from './rows.ts';
import { attemptQueries } from './webhook-attempts.ts';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  secret: string;
  createdBy: string;
  createdAt: string;
  /** Whose scope the endpoint belongs to: who may manage it, and what it may receive. */
  owner: WebhookOwner;
  status: 'active' | 'deleted';
  version: number;
  updatedAt: string | null;
  /** Set while the endpoint is disabled (by hand, or by a 410 Gone), with why. */
  disabledAt: string | null;
  disabledReason: string | null;
  /** After a rotation, the previous secret also signs until previousSecretUntil (the world's clock). */
  previousSecret: string | null;
  previousSecretUntil: string | null;
  /** Faults asked for on purpose (sandboxes only). */
  faults: WebhookFaults | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const satisfies readonly DeliveryStatus[];

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  payload: string;
  /** The message's place among this world's messages (the same for every endpoint it went to). */
  sequence: number;
  createdAt: string;
  createdRealAt: string | null;
  status: DeliveryStatus;
  attempts: number;
  /** The attempts made before the current round of the schedule (a resend starts a round). */
  roundStart: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export type { WebhookAttempt } from './webhook-attempts.ts';

const ENDPOINT_COLUMNS = `id, url, events, secret, created_by AS createdBy, created_at AS createdAt, owner_kind AS ownerKind,
  owner_slug AS ownerSlug, status, version, updated_at AS updatedAt, disabled_at AS disabledAt, disabled_reason AS disabledReason,
  previous_secret AS previousSecret, previous_secret_until AS previousSecretUntil, faults`;
const DELIVERY_COLUMNS = `id, endpoint_id AS endpointId, event_type AS eventType, payload, sequence, created_at AS createdAt,
  created_real_at AS createdRealAt, status, attempts, round_start AS roundStart,
  next_attempt_at AS nextAttemptAt, last_attempt_at AS lastAttemptAt, last_status AS lastStatus, last_error AS lastError,
  delivered_at AS deliveredAt`;

/** The `events` column: a JSON array of event type patterns. */
function eventsOf(row: Row): string[] {
  const events: unknown = JSON.parse(text(row, 'events'));
  if (Array.isArray(events) && events.every((event) => typeof event === 'string')) return events;
  throw new RowError('events', 'a JSON array of strings', events);
}

function faultsOf(row: Row): WebhookFaults | null {
  const raw = maybeText(row, 'faults');
  if (raw === null) return null;
  const faults: unknown = JSON.parse(raw);
  if (typeof faults !== 'object' || faults === null || Array.isArray(faults)) throw new RowError('faults', 'a JSON object', faults);
  const read = (key: string) => (key in faults ? (faults as Record<string, unknown>)[key] : undefined);
  const num = (key: string) => (typeof read(key) === 'number' ? Number(read(key)) : undefined);
  return {
    duplicate: read('duplicate') === true,
    delaySeconds: num('delaySeconds'),
    shuffleWindow: num('shuffleWindow'),
    seed: num('seed'),
  };
}

function ownerOf(row: Row): WebhookOwner {
  const kind = oneOf(row, 'ownerKind', ['all', 'group', 'provider']);
  return kind === 'all' ? { kind } : { kind, slug: text(row, 'ownerSlug') };
}

function endpointFrom(row: Row): WebhookEndpoint {
  return {
    id: text(row, 'id'),
    url: text(row, 'url'),
    events: eventsOf(row),
    secret: text(row, 'secret'),
    createdBy: text(row, 'createdBy'),
    createdAt: text(row, 'createdAt'),
    owner: ownerOf(row),
    status: oneOf(row, 'status', ['active', 'deleted']),
    version: int(row, 'version'),
    updatedAt: maybeText(row, 'updatedAt'),
    disabledAt: maybeText(row, 'disabledAt'),
    disabledReason: maybeText(row, 'disabledReason'),
    previousSecret: maybeText(row, 'previousSecret'),
    previousSecretUntil: maybeText(row, 'previousSecretUntil'),
    faults: faultsOf(row),
  };
}

function deliveryFrom(row: Row): WebhookDelivery {
  return {
    id: text(row, 'id'),
    endpointId: text(row, 'endpointId'),
    eventType: text(row, 'eventType'),
    payload: text(row, 'payload'),
    sequence: int(row, 'sequence'),
    createdAt: text(row, 'createdAt'),
    createdRealAt: maybeText(row, 'createdRealAt'),
    status: oneOf(row, 'status', DELIVERY_STATUSES),
    attempts: int(row, 'attempts'),
    roundStart: int(row, 'roundStart'),
    nextAttemptAt: maybeText(row, 'nextAttemptAt'),
    lastAttemptAt: maybeText(row, 'lastAttemptAt'),
    lastStatus: maybeInt(row, 'lastStatus'),
    lastError: maybeText(row, 'lastError'),
    deliveredAt: maybeText(row, 'deliveredAt'),
  };
}

/** What an endpoint's edit may change. */
export interface EndpointChange {
  url: string;
  events: string[];
  faults: WebhookFaults | null;
}

/** Webhook endpoints and the outbox of deliveries (each attempt: webhook-attempts.ts). */
export function webhookQueries(db: Db) {
  const insertEndpoint =
    db.prepare(`INSERT INTO webhook_endpoints (id, url, events, secret, created_by, created_at, owner_kind, owner_slug, faults)
    VALUES (@id, @url, @events, @secret, @createdBy, @createdAt, @ownerKind, @ownerSlug, @faults)`);
  const endpoint = query<WebhookEndpoint, [string]>(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND status = 'active'`,
    endpointFrom,
  );
  const live = query<WebhookEndpoint, []>(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE status = 'active' ORDER BY created_at, id`,
    endpointFrom,
  );
  const receiving = query<WebhookEndpoint, []>(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE status = 'active' AND disabled_at IS NULL ORDER BY created_at, id`,
    endpointFrom,
  );
  const markDeleted = db.prepare(`UPDATE webhook_endpoints SET status = 'deleted', deleted_at = ? WHERE id = ? AND status = 'active'`);
  const cancelPending = db.prepare(`UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
    WHERE endpoint_id = ? AND status = 'pending'`);
  const change = db.prepare(`UPDATE webhook_endpoints SET url = @url, events = @events, faults = @faults, version = version + 1,
    updated_at = @now WHERE id = @id AND status = 'active' AND version = @expectedVersion`);
  const setDisabled = db.prepare(`UPDATE webhook_endpoints SET disabled_at = @at, disabled_reason = @reason, version = version + 1,
    updated_at = @now WHERE id = @id AND status = 'active'`);
  const rotate = db.prepare(`UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = @until, secret = @secret,
    version = version + 1, updated_at = @now WHERE id = @id AND status = 'active'`);
  const lastSequence = db.prepare('SELECT COALESCE(MAX(sequence), 0) FROM webhook_deliveries').pluck();
  const insertDelivery = db.prepare(`INSERT INTO webhook_deliveries
    (id, endpoint_id, event_type, payload, sequence, created_at, created_real_at, next_attempt_at)
    VALUES (@id, @endpointId, @eventType, @payload, @sequence, @createdAt, @createdRealAt, @createdAt)`);
  const endpointsDue = db
    .prepare(`SELECT DISTINCT d.endpoint_id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.status = 'active' AND e.disabled_at IS NULL`)
    .pluck();
  const nextDueAfter = db
    .prepare<[string], string | null>(`SELECT min(d.next_attempt_at) FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.status = 'pending' AND d.next_attempt_at > ? AND e.status = 'active' AND e.disabled_at IS NULL`)
    .pluck();
  const dueOf = query<WebhookDelivery, [string, string, number]>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
    WHERE endpoint_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY sequence LIMIT ?`,
    deliveryFrom,
  );
  const firstDueOf = query<WebhookDelivery, [string, string]>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
    WHERE endpoint_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, sequence LIMIT 1`,
    deliveryFrom,
  );
  const delivery = query<WebhookDelivery, [string]>(db, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?`, deliveryFrom);
  const deliveriesOf = query<WebhookDelivery, [{ endpointId: string; type: string | null; status: string | null; limit: number }]>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = @endpointId
    AND (@type IS NULL OR event_type = @type) AND (@status IS NULL OR status = @status)
    ORDER BY sequence DESC, rowid DESC LIMIT @limit`,
    deliveryFrom,
  );
  const resendOne = db.prepare(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, round_start = attempts
    WHERE id = @id AND status IN ('delivered', 'failed')`);
  const resendFailed = db.prepare(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, round_start = attempts
    WHERE endpoint_id = @endpointId AND status = 'failed' AND created_at >= @since`);
  const attempts = attemptQueries(db);

  return {
    /** Runs `write` in one transaction (a savepoint inside the caller's). */
    transaction: <T>(write: () => T): T => db.transaction(write)(),
    createEndpoint: ({
      owner,
      ...e
    }: Pick<WebhookEndpoint, 'id' | 'url' | 'events' | 'secret' | 'createdBy' | 'createdAt' | 'owner'> & {
      faults?: WebhookFaults | null;
    }) =>
      insertEndpoint.run({
        ...e,
        events: JSON.stringify(e.events),
        faults: e.faults ? JSON.stringify(e.faults) : null,
        ownerKind: owner.kind,
        ownerSlug: owner.kind === 'all' ? null : owner.slug,
      }),
    /** The endpoint, unless deleted (a disabled one is still there). */
    endpoint: (id: string) => endpoint.get(id),
    /** Every endpoint not deleted, disabled ones too. */
    liveEndpoints: () => live.all(),
    /** The endpoints that receive messages: neither deleted nor disabled. */
    receivingEndpoints: () => receiving.all(),
    /** Marks the endpoint deleted and cancels what it had not received yet; false if there was none. */
    deleteEndpoint(id: string, now: string): boolean {
      return db.transaction(() => {
        if (markDeleted.run(now, id).changes === 0) return false;
        cancelPending.run(id);
        return true;
      })();
    },
    /** Changes URL, events and faults if the endpoint is still at `expectedVersion`; false otherwise. */
    changeEndpoint: (id: string, expectedVersion: number, next: EndpointChange, now: string): boolean =>
      change.run({
        id,
        expectedVersion,
        url: next.url,
        events: JSON.stringify(next.events),
        faults: next.faults ? JSON.stringify(next.faults) : null,
        now,
      }).changes === 1,
    /** Disables (with why) or, with at null, enables the endpoint. */
    setDisabled: (id: string, disabled: { at: string; reason: string } | null, now: string): boolean =>
      setDisabled.run({ id, at: disabled?.at ?? null, reason: disabled?.reason ?? null, now }).changes === 1,
    /** The new secret signs from now; the current one keeps signing until `until`. */
    rotateSecret: (id: string, secret: string, until: string, now: string): boolean => rotate.run({ id, secret, until, now }).changes === 1,
    /** The next message's sequence (call inside the transaction that writes it). */
    nextSequence: () => Number(lastSequence.get()) + 1,
    enqueue: (d: Pick<WebhookDelivery, 'id' | 'endpointId' | 'eventType' | 'payload' | 'sequence' | 'createdAt' | 'createdRealAt'>) =>
      insertDelivery.run(d),
    /** The endpoints (neither deleted nor disabled) with a message due at `now`. */
    endpointsDue: (now: string) => endpointsDue.all(now).map(String),
    /** When the next message falls due after `now` (a retry, mostly), on an endpoint that receives; undefined if none. */
    nextDueAfter: (now: string): string | undefined => nextDueAfter.get(now) ?? undefined,
    /** An endpoint's due messages, in sequence order. */
    dueOf: (endpointId: string, now: string, limit: number) => dueOf.all(endpointId, now, limit),
    /** An endpoint's earliest due message at or before `until`. */
    firstDueOf: (endpointId: string, until: string) => firstDueOf.get(endpointId, until),
    delivery: (id: string) => delivery.get(id),
    deliveriesOf: (endpointId: string, filter: { type?: string | undefined; status?: DeliveryStatus | undefined; limit?: number } = {}) =>
      deliveriesOf.all({ endpointId, type: filter.type ?? null, status: filter.status ?? null, limit: filter.limit ?? 100 }),
    /** Sends a delivered or failed message again, under its webhook-id, in a new round of the schedule; false if it was neither. */
    resend: (id: string, now: string): boolean => resendOne.run({ id, now }).changes === 1,
    /** Sends every failed message written since `since` again; how many. */
    resendFailedSince: (endpointId: string, since: string, now: string): number => resendFailed.run({ endpointId, since, now }).changes,
    ...attempts,
  };
}
export type WebhookQueries = ReturnType<typeof webhookQueries>;
