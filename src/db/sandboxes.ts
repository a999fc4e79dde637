import type { Db } from './open.ts';

export interface SandboxRow {
  id: string;
  scenario: string;
  file: string;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string;
  /** The sandbox's clock (its own time, not wall time); null only for a row older than this column, until the server fills it. */
  clock: string | null;
}

const COLUMNS = 'id, scenario, file, created_by AS createdBy, created_at AS createdAt, last_used_at AS lastUsedAt, clock';

/** The list of sandboxes, in the default world's database (wall-clock times). */
export function sandboxQueries(db: Db) {
  const insert = db.prepare<SandboxRow>(`INSERT INTO sandboxes (id, scenario, file, created_by, created_at, last_used_at, clock)
    VALUES (@id, @scenario, @file, @createdBy, @createdAt, @lastUsedAt, @clock)`);
  const live = db.prepare<[], SandboxRow>(`SELECT ${COLUMNS} FROM sandboxes WHERE deleted_at IS NULL ORDER BY created_at, id`);
  const liveCount = db.prepare<[], number>('SELECT count(*) FROM sandboxes WHERE deleted_at IS NULL').pluck();
  const byId = db.prepare<[string], SandboxRow>(`SELECT ${COLUMNS} FROM sandboxes WHERE id = ? AND deleted_at IS NULL`);
  const idleSince = db.prepare<[string], SandboxRow>(`SELECT ${COLUMNS} FROM sandboxes
    WHERE deleted_at IS NULL AND last_used_at <= ? ORDER BY last_used_at`);
  const setClock = db.prepare<{ id: string; clock: string }>('UPDATE sandboxes SET clock = @clock WHERE id = @id');
  const touch = db.prepare<{ id: string; at: string }>('UPDATE sandboxes SET last_used_at = @at WHERE id = @id AND last_used_at < @at');
  const remove = db.prepare<{
    id: string;
    at: string;
    why: 'deleted' | 'expired';
  }>(`UPDATE sandboxes SET deleted_at = @at, deleted_why = @why
    WHERE id = @id AND deleted_at IS NULL`);
  return {
    /** Inserts `row` unless `max` live sandboxes exist; one immediate transaction, so concurrent creations cannot pass the limit together. */
    insertWithin(row: SandboxRow, max: number): boolean {
      return db
        .transaction(() => {
          if ((liveCount.get() ?? 0) >= max) return false;
          insert.run(row);
          return true;
        })
        .immediate();
    },
    live: () => live.all(),
    get: (id: string) => byId.get(id),
    idleSince: (at: string) => idleSince.all(at),
    touch: (id: string, at: string) => touch.run({ id, at }),
    /** Records where the sandbox's clock stands (after it moved, in its own file first). */
    setClock: (id: string, clock: string) => setClock.run({ id, clock }),
    /** Marks it gone; false if it was already. */
    remove: (id: string, at: string, why: 'deleted' | 'expired') => remove.run({ id, at, why }).changes === 1,
  };
}
export type SandboxQueries = ReturnType<typeof sandboxQueries>;
