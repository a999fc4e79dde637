import type { Db } from './open.ts';
import { int, query } from './rows.ts';

export const SESSION_HOURS = 12;

/** Server-side sessions, keyed by the SHA-256 of the cookie's id. */
export function sessionQueries(db: Db) {
  const insert = db.prepare('INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = query<number, [string, string]>(db, 'SELECT user_id FROM sessions WHERE id_hash = ? AND expires_at > ?', (row) =>
    int(row, 'user_id'),
  );
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    create(idHash: string, userId: number, now: string): void {
      const expires = new Date(Date.parse(now) + SESSION_HOURS * 3600_000).toISOString();
      removeExpired.run(now);
      insert.run(idHash, userId, now, expires);
    },
    userIdFor: (idHash: string, now: string) => find.get(idHash, now),
    destroy: (idHash: string) => remove.run(idHash).changes === 1,
  };
}
export type SessionQueries = ReturnType<typeof sessionQueries>;
