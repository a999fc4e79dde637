import type { Db } from './open.ts';

export const MAX_FAILURES = 10;
export const LOCK_MINUTES = 15;

const minutesLater = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** Counts failed sign-ins per (username, address); ten within 15 minutes lock the pair for 15 minutes. */
export function signInThrottleQueries(db: Db) {
  const find = db.prepare(`SELECT failures, window_started_at AS windowStartedAt, locked_until AS lockedUntil
    FROM sign_in_throttle WHERE username = ? AND address = ?`);
  const upsert = db.prepare(`INSERT INTO sign_in_throttle (username, address, failures, window_started_at, locked_until)
    VALUES (@username, @address, @failures, @windowStartedAt, @lockedUntil)
    ON CONFLICT (username, address) DO UPDATE SET failures = excluded.failures,
      window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`);
  const clear = db.prepare('DELETE FROM sign_in_throttle WHERE username = ? AND address = ?');
  type Row = { failures: number; windowStartedAt: string; lockedUntil: string | null };

  return {
    /** The instant the lock ends, or null when the pair may try. */
    lockedUntil(username: string, address: string, now: string): string | null {
      const row = find.get(username, address) as Row | undefined;
      return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
    },
    recordFailure(username: string, address: string, now: string): void {
      const row = find.get(username, address) as Row | undefined;
      const fresh = !row || minutesLater(row.windowStartedAt, LOCK_MINUTES) <= now;
      const failures = fresh ? 1 : row.failures + 1;
      upsert.run({
        username, address, failures, windowStartedAt: fresh ? now : row.windowStartedAt,
        lockedUntil: failures >= MAX_FAILURES ? minutesLater(now, LOCK_MINUTES) : null,
      });
    },
    clear: (username: string, address: string) => void clear.run(username, address),
  };
}
