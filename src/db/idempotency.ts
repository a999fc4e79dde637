import type { Db } from './open.ts';
import { int, maybeInt, maybeText, oneOf, query, text } from './rows.ts';

/** One Idempotency-Key of one sender for one operation: reserved while its first request runs, then its answer. */
export interface IdempotencyRecord {
  requestHash: string;
  state: 'in_flight' | 'done';
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
  createdAt: string;
}

export interface KeyOf {
  scope: string;
  key: string;
  operation: string;
}

function headersOf(json: string | null): Record<string, string> {
  if (json === null) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function idempotencyQueries(db: Db) {
  const find = query<IdempotencyRecord, [string, string, string, string]>(
    db,
    `SELECT request_hash, state, response_status, response_headers, response_body, created_at FROM idempotency_keys
    WHERE scope = ? AND idem_key = ? AND operation = ? AND created_at >= ?`,
    (row) => ({
      requestHash: text(row, 'request_hash'),
      state: oneOf(row, 'state', ['in_flight', 'done'] as const),
      status: maybeInt(row, 'response_status'),
      headers: headersOf(maybeText(row, 'response_headers')),
      body: maybeText(row, 'response_body'),
      createdAt: text(row, 'created_at'),
    }),
  );
  const dropExpired = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  const reserve = db.prepare(`INSERT INTO idempotency_keys (scope, idem_key, operation, request_hash, state, created_at)
    VALUES (?, ?, ?, ?, 'in_flight', ?)`);
  const complete = db.prepare(`UPDATE idempotency_keys SET state = 'done', response_status = ?, response_headers = ?, response_body = ?
    WHERE scope = ? AND idem_key = ? AND operation = ? AND state = 'in_flight'`);
  const release = db.prepare(`DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND operation = ? AND state = 'in_flight'`);
  const count = query<number, []>(db, 'SELECT count(*) AS n FROM idempotency_keys', (row) => int(row, 'n'));
  const anyExpired = query<number, [string]>(db, 'SELECT 1 AS found FROM idempotency_keys WHERE created_at < ? LIMIT 1', (row) =>
    int(row, 'found'),
  );

  return {
    /** The key's record if it was used since `keptSince` (older ones are expired and ignored). */
    find: (k: KeyOf, keptSince: string) => find.get(k.scope, k.key, k.operation, keptSince),
    /**
     * Reserves the key for a first request, in its own short transaction: expired keys are swept
     * first, so an expired key is free again. False when another request holds it.
     */
    reserve(k: KeyOf, requestHash: string, now: string, keptSince: string): boolean {
      return db
        .transaction(() => {
          dropExpired.run(keptSince);
          if (find.get(k.scope, k.key, k.operation, keptSince)) return false;
          reserve.run(k.scope, k.key, k.operation, requestHash, now);
          return true;
        })
        .immediate();
    },
    /** Keeps the answer of the request that reserved the key. */
    complete(k: KeyOf, answer: { status: number; headers: Record<string, string>; body: string | null }): void {
      complete.run(answer.status, JSON.stringify(answer.headers), answer.body, k.scope, k.key, k.operation);
    },
    /** Frees a reservation whose request was refused or failed: a corrected retry with the key may run. */
    release: (k: KeyOf) => void release.run(k.scope, k.key, k.operation),
    count: () => count.one(),
    /** Whether any key is older than `keptSince` (a read: the timer writes only when something is due). */
    anyExpired: (keptSince: string) => anyExpired.get(keptSince) !== undefined,
    /** Drops the keys older than `keptSince` (past their 24 hours); how many. */
    dropExpired: (keptSince: string) => dropExpired.run(keptSince).changes,
  };
}
export type IdempotencyQueries = ReturnType<typeof idempotencyQueries>;
