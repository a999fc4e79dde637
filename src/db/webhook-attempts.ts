import type { Db } from './open.ts';
import { int, maybeInt, maybeText, query, text, type Row } from './rows.ts';

/** One attempt of a delivery, as the log shows it. */
export interface WebhookAttempt {
  deliveryId: string;
  attempt: number;
  /** The world's time of the attempt. */
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** The headers sent (JSON object), null for attempts logged before they were kept. */
  requestHeaders: Record<string, string> | null;
  /** The first 2 KB of the answer's body. */
  responseBody: string | null;
  /** When the next attempt was then due (null: none, delivered or given up). */
  nextAttemptAt: string | null;
  /** The fault played on purpose (duplicate, delayed, shuffled), if any. */
  fault: string | null;
}

/** What the attempt changed on its delivery. */
export interface AttemptOutcome {
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
}

function headersOf(row: Row): Record<string, string> | null {
  const raw = maybeText(row, 'requestHeaders');
  if (raw === null) return null;
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null) return null;
  return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
}

function attemptFrom(row: Row): WebhookAttempt {
  return {
    deliveryId: text(row, 'deliveryId'),
    attempt: int(row, 'attempt'),
    at: text(row, 'at'),
    statusCode: maybeInt(row, 'statusCode'),
    error: maybeText(row, 'error'),
    durationMs: int(row, 'durationMs'),
    requestHeaders: headersOf(row),
    responseBody: maybeText(row, 'responseBody'),
    nextAttemptAt: maybeText(row, 'nextAttemptAt'),
    fault: maybeText(row, 'fault'),
  };
}

const ATTEMPTS = `SELECT delivery_id AS deliveryId, attempt, at, status_code AS statusCode, error, duration_ms AS durationMs,
      request_headers AS requestHeaders, response_body AS responseBody, next_attempt_at AS nextAttemptAt, fault
    FROM webhook_attempts`;

/** Each delivery's attempts: written with the delivery's new status, read for the log. */
export function attemptQueries(db: Db) {
  const attemptsOf = query<WebhookAttempt, [string]>(db, `${ATTEMPTS} WHERE delivery_id = ? ORDER BY attempt`, attemptFrom);
  const attemptsOfMany = query<WebhookAttempt, [string]>(
    db,
    `${ATTEMPTS} WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id, attempt`,
    attemptFrom,
  );
  const insertAttempt = db.prepare(`INSERT INTO webhook_attempts
    (delivery_id, attempt, at, status_code, error, duration_ms, request_headers, response_body, next_attempt_at, fault)
    VALUES (@deliveryId, @attempt, @at, @statusCode, @error, @durationMs, @requestHeaders, @responseBody, @nextAttemptAt, @fault)`);
  const settle = db.prepare(`UPDATE webhook_deliveries SET status = @status, attempts = @attempt, next_attempt_at = @nextAttemptAt,
    last_attempt_at = @at, last_status = @statusCode, last_error = @error,
    delivered_at = CASE WHEN @status = 'delivered' THEN @at ELSE delivered_at END
    WHERE id = @deliveryId AND status = 'pending'`);
  const disable = db.prepare(`UPDATE webhook_endpoints SET disabled_at = @at, disabled_reason = @reason, version = version + 1,
    updated_at = @at WHERE id = @id AND status = 'active' AND disabled_at IS NULL`);

  return {
    attemptsOf: (deliveryId: string) => attemptsOf.all(deliveryId),
    /** The attempts of several deliveries in one statement, by delivery id (a log page's hundred, not a hundred reads). */
    attemptsOfEach(deliveryIds: readonly string[]): Map<string, WebhookAttempt[]> {
      const byDelivery = new Map<string, WebhookAttempt[]>(deliveryIds.map((id) => [id, []]));
      for (const attempt of attemptsOfMany.all(JSON.stringify(deliveryIds))) byDelivery.get(attempt.deliveryId)?.push(attempt);
      return byDelivery;
    },
    /**
     * Records one attempt and the delivery's new status together (a delivery no longer pending —
     * cancelled meanwhile — keeps its status); with `disableEndpoint`, the endpoint is disabled too.
     */
    recordAttempt(
      attempt: Omit<WebhookAttempt, 'nextAttemptAt'>,
      next: AttemptOutcome,
      disableEndpoint?: { id: string; reason: string },
    ): void {
      db.transaction(() => {
        insertAttempt.run({
          ...attempt,
          requestHeaders: attempt.requestHeaders ? JSON.stringify(attempt.requestHeaders) : null,
          nextAttemptAt: next.nextAttemptAt,
        });
        settle.run({ ...attempt, ...next });
        if (disableEndpoint) disable.run({ id: disableEndpoint.id, reason: disableEndpoint.reason, at: attempt.at });
      }).immediate();
    },
  };
}
