import type { WebhookOwner } from '../domain/webhook-audience.ts';
import type { Db } from './open.ts';
import { int, maybeInt, maybeText, oneOf, query, RowError, text, type Row } from './rows.ts';

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
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  payload: string;
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export interface WebhookAttempt {
  deliveryId: string;
  attempt: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const ENDPOINT_COLUMNS = `id, url, events, secret, created_by AS createdBy, created_at AS createdAt, owner_kind AS ownerKind,
  owner_slug AS ownerSlug, status`;
const DELIVERY_COLUMNS = `id, endpoint_id AS endpointId, event_type AS eventType, payload, created_at AS createdAt, status, attempts,
  next_attempt_at AS nextAttemptAt, last_attempt_at AS lastAttemptAt, last_status AS lastStatus, last_error AS lastError,
  delivered_at AS deliveredAt`;

const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const satisfies readonly DeliveryStatus[];

/** The `events` column: a JSON array of event type patterns. */
function eventsOf(row: Row): string[] {
  const events: unknown = JSON.parse(text(row, 'events'));
  if (Array.isArray(events) && events.every((event) => typeof event === 'string')) return events;
  throw new RowError('events', 'a JSON array of strings', events);
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
  };
}

function deliveryFrom(row: Row): WebhookDelivery {
  return {
    id: text(row, 'id'),
    endpointId: text(row, 'endpointId'),
    eventType: text(row, 'eventType'),
    payload: text(row, 'payload'),
    createdAt: text(row, 'createdAt'),
    status: oneOf(row, 'status', DELIVERY_STATUSES),
    attempts: int(row, 'attempts'),
    nextAttemptAt: maybeText(row, 'nextAttemptAt'),
    lastAttemptAt: maybeText(row, 'lastAttemptAt'),
    lastStatus: maybeInt(row, 'lastStatus'),
    lastError: maybeText(row, 'lastError'),
    deliveredAt: maybeText(row, 'deliveredAt'),
  };
}

function attemptFrom(row: Row): WebhookAttempt {
  return {
    deliveryId: text(row, 'deliveryId'),
    attempt: int(row, 'attempt'),
    at: text(row, 'at'),
    statusCode: maybeInt(row, 'statusCode'),
    error: maybeText(row, 'error'),
    durationMs: int(row, 'durationMs'),
  };
}

/** Webhook endpoints, the outbox of deliveries, and each delivery attempt. */
export function webhookQueries(db: Db) {
  const insertEndpoint = db.prepare(`INSERT INTO webhook_endpoints (id, url, events, secret, created_by, created_at, owner_kind, owner_slug)
    VALUES (@id, @url, @events, @secret, @createdBy, @createdAt, @ownerKind, @ownerSlug)`);
  const endpoint = query<WebhookEndpoint, [string]>(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ? AND status = 'active'`,
    endpointFrom,
  );
  const active = query<WebhookEndpoint, []>(
    db,
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE status = 'active'
    ORDER BY created_at, id`,
    endpointFrom,
  );
  const markDeleted = db.prepare(`UPDATE webhook_endpoints SET status = 'deleted', deleted_at = ? WHERE id = ? AND status = 'active'`);
  const cancelPending = db.prepare(`UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
    WHERE endpoint_id = ? AND status = 'pending'`);
  const insertDelivery = db.prepare(`INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, created_at, next_attempt_at)
    VALUES (@id, @endpointId, @eventType, @payload, @createdAt, @createdAt)`);
  const due = query<WebhookDelivery, [string, number]>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
    WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?`,
    deliveryFrom,
  );
  const delivery = query<WebhookDelivery, [string]>(db, `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?`, deliveryFrom);
  const deliveriesOf = query<WebhookDelivery, [string, number]>(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE endpoint_id = ?
    ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    deliveryFrom,
  );
  const attemptsOf = query<WebhookAttempt, [string]>(
    db,
    `SELECT delivery_id AS deliveryId, attempt, at, status_code AS statusCode, error,
      duration_ms AS durationMs
    FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt`,
    attemptFrom,
  );
  const insertAttempt = db.prepare(`INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
    VALUES (@deliveryId, @attempt, @at, @statusCode, @error, @durationMs)`);
  const settle = db.prepare(`UPDATE webhook_deliveries SET status = @status, attempts = @attempt, next_attempt_at = @nextAttemptAt,
    last_attempt_at = @at, last_status = @statusCode, last_error = @error,
    delivered_at = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at END
    WHERE id = @deliveryId AND status = 'pending'`);

  return {
    createEndpoint: ({ owner, ...e }: Omit<WebhookEndpoint, 'status'>) =>
      insertEndpoint.run({
        ...e,
        events: JSON.stringify(e.events),
        ownerKind: owner.kind,
        ownerSlug: owner.kind === 'all' ? null : owner.slug,
      }),
    endpoint: (id: string) => endpoint.get(id),
    activeEndpoints: () => active.all(),
    /** Marks the endpoint deleted and cancels what it had not received yet; false if there was none. */
    deleteEndpoint(id: string, now: string): boolean {
      return db.transaction(() => {
        if (markDeleted.run(now, id).changes === 0) return false;
        cancelPending.run(id);
        return true;
      })();
    },
    enqueue: (d: Pick<WebhookDelivery, 'id' | 'endpointId' | 'eventType' | 'payload' | 'createdAt'>) => insertDelivery.run(d),
    due: (now: string, limit: number) => due.all(now, limit),
    delivery: (id: string) => delivery.get(id),
    deliveriesOf: (endpointId: string, limit = 100) => deliveriesOf.all(endpointId, limit),
    attemptsOf: (deliveryId: string) => attemptsOf.all(deliveryId),
    /** Records one attempt and the delivery's new status, together. */
    recordAttempt(attempt: WebhookAttempt, next: { status: DeliveryStatus; nextAttemptAt: string | null }): void {
      db.transaction(() => {
        insertAttempt.run(attempt);
        settle.run({ ...attempt, ...next });
      }).immediate();
    },
  };
}
export type WebhookQueries = ReturnType<typeof webhookQueries>;
