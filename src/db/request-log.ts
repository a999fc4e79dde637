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

/** SQLite's synchronous levels: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const SYNCHRONOUS_NORMAL = 1;
const SYNCHRONOUS_FULL = 2;

export function requestLogQueries(db: Db) {
  const insert = db.prepare(`INSERT INTO api_requests
    (request_id, method, path, status, duration_ms, person, idempotency_key, replayed, problem_code, world_at, real_at)
    VALUES (@requestId, @method, @path, @status, @durationMs, @person, @idempotencyKey, @replayed, @problemCode, @worldAt, @realAt)`);
  // Each filter is "no filter" when its parameter is NULL: one statement, prepared once.
  const latest = query<LoggedRequest, [RequestLogFilter]>(
    db,
    `SELECT * FROM api_requests
    WHERE (@person IS NULL OR person = @person) AND (@method IS NULL OR method = @method) AND (@status IS NULL OR status = @status)
    ORDER BY id DESC LIMIT @limit`,
    mapRow,
  );
  // Requests are written a batch at a time (one transaction), just after the answers that made
  // them; a read writes what is pending first, so it lists every call made.
  let pending: LoggedRequest[] = [];
  const writeBatch = db.transaction((batch: LoggedRequest[]) => {
    for (const r of batch) insert.run({ ...r, replayed: r.replayed ? 1 : 0 });
  });
  const flush = () => {
    const batch = pending;
    pending = [];
    // A sandbox deleted meanwhile has closed its database: its log went with it.
    if (batch.length > 0 && db.open) writeRelaxed(() => writeBatch(batch));
  };
  /**
   * The log is a debugging aid, not a record: its batches commit without waiting for the disk
   * (synchronous = NORMAL; in WAL mode the last ones may be lost in a power cut, never corrupted,
   * and the next durable commit syncs them too). At FULL each batch cost a sync to disk (≈ 8 ms
   * here) that held up every request behind it. Whatever level the connection had is put back.
   */
  function writeRelaxed(write: () => void): void {
    const level = db.pragma('synchronous', { simple: true });
    if (typeof level !== 'number' || level <= SYNCHRONOUS_NORMAL) return write();
    db.pragma('synchronous = NORMAL');
    try {
      write();
    } finally {
      db.pragma(level > SYNCHRONOUS_FULL ? 'synchronous = EXTRA' : 'synchronous = FULL');
    }
  }
  return {
    record(r: LoggedRequest): void {
      if (pending.push(r) === 1) setImmediate(flush);
    },
    latest(f: RequestLogFilter): LoggedRequest[] {
      flush();
      return latest.all(f);
    },
  };
}
export type RequestLogQueries = ReturnType<typeof requestLogQueries>;
