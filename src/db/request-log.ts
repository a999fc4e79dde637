import type { Db } from './open.ts';
import { int, maybeText, query, text } from './rows.ts';

/** One API request of a world, as its request log keeps it (the newest 1,000 are kept). */
export interface LoggedRequest {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  person: string | null;
  idempotencyKey: string | null;
  replayed: boolean;
  problemCode: string | null;
  worldAt: string;
  realAt: string;
}

export interface RequestLogFilter {
  /** Only this person's requests; null: everyone's (an admin). */
  person: string | null;
  method: string | null;
  status: number | null;
  limit: number;
}

const mapRow = (row: Readonly<Record<string, unknown>>): LoggedRequest => ({
  requestId: text(row, 'request_id'),
  method: text(row, 'method'),
  path: text(row, 'path'),
  status: int(row, 'status'),
  durationMs: Number(row.duration_ms),
  person: maybeText(row, 'person'),
  idempotencyKey: maybeText(row, 'idempotency_key'),
  replayed: int(row, 'replayed') === 1,
  problemCode: maybeText(row, 'problem_code'),
  worldAt: text(row, 'world_at'),
  realAt: text(row, 'real_at'),
});

export function requestLogQueries(db: Db) {
  const insert = db.prepare(`INSERT INTO api_requests
    (request_id, method, path, status, duration_ms, person, idempotency_key, replayed, problem_code, world_at, real_at)
    VALUES (@requestId, @method, @path, @status, @durationMs, @person, @idempotencyKey, @replayed, @problemCode, @worldAt, @realAt)`);
  // Each filter is "no filter" when its parameter is NULL: one statement, prepared once.
  const latest = query<LoggedRequest, [string | null, string | null, number | null, number]>(
    db,
    `SELECT * FROM api_requests
    WHERE (?1 IS NULL OR person = ?1) AND (?2 IS NULL OR method = ?2) AND (?3 IS NULL OR status = ?3)
    ORDER BY id DESC LIMIT ?4`,
    mapRow,
  );
  return {
    record: (r: LoggedRequest) => void insert.run({ ...r, replayed: r.replayed ? 1 : 0 }),
    latest: (f: RequestLogFilter) => latest.all(f.person, f.method, f.status, f.limit),
  };
}
export type RequestLogQueries = ReturnType<typeof requestLogQueries>;
