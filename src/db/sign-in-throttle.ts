import type { Db } from './open.ts';
import { int, maybeText, query, text } from './rows.ts';

export const MAX_FAILURES = 10;
export const LOCK_MINUTES = 15;

const minutesLater = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export type Reservation = { ok: true } | { ok: false; until: string };

interface ThrottleRow {
  failures: number;
  windowStartedAt: string;
  lockedUntil: string | null;
}

/**
 * Counts password checks per (username, address): each is reserved before scrypt runs and
 * counts until the window ends, unless it succeeds. Ten in 15 minutes (in flight or failed)
 * refuse the eleventh; the tenth failure locks the pair for 15 minutes.
 * The `failures` column holds those reserved attempts.
 */
export function signInThrottleQueries(db: Db) {
  const find = query<ThrottleRow, [string, string]>(
    db,
    `SELECT failures, window_started_at AS windowStartedAt, locked_until AS lockedUntil
    FROM sign_in_throttle WHERE username = ? AND address = ?`,
    (row) => ({
      failures: int(row, 'failures'),
      windowStartedAt: text(row, 'windowStartedAt'),
      lockedUntil: maybeText(row, 'lockedUntil'),
    }),
  );
  const upsert = db.prepare(`INSERT INTO sign_in_throttle (username, address, failures, window_started_at, locked_until)
    VALUES (@username, @address, @failures, @windowStartedAt, @lockedUntil)
    ON CONFLICT (username, address) DO UPDATE SET failures = excluded.failures,
      window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`);
  const lock = db.prepare(`UPDATE sign_in_throttle SET locked_until = @lockedUntil
    WHERE username = @username AND address = @address AND failures >= @max AND (locked_until IS NULL OR locked_until < @lockedUntil)`);
  const clear = db.prepare('DELETE FROM sign_in_throttle WHERE username = ? AND address = ?');

  // Check and count in one immediate transaction: no second check can slip in between, in this process or another.
  const reserve = db.transaction((username: string, address: string, now: string): Reservation => {
    const row = find.get(username, address);
    if (row?.lockedUntil && row.lockedUntil > now) return { ok: false, until: row.lockedUntil };
    const fresh = !row || minutesLater(row.windowStartedAt, LOCK_MINUTES) <= now;
    if (!fresh && row.failures >= MAX_FAILURES) return { ok: false, until: minutesLater(row.windowStartedAt, LOCK_MINUTES) };
    upsert.run({
      username,
      address,
      failures: fresh ? 1 : row.failures + 1,
      windowStartedAt: fresh ? now : row.windowStartedAt,
      lockedUntil: null,
    });
    return { ok: true };
  });

  return {
    /** Reserves one password check for the pair, or says until when it is refused. */
    reserve: (username: string, address: string, now: string): Reservation => reserve.immediate(username, address, now),
    /** A reserved check failed: the tenth locks the pair for 15 minutes from now. */
    recordFailure(username: string, address: string, now: string): void {
      lock.run({ username, address, max: MAX_FAILURES, lockedUntil: minutesLater(now, LOCK_MINUTES) });
    },
    clear: (username: string, address: string) => void clear.run(username, address),
  };
}
