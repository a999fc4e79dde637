import type { SandboxOwner } from '../domain/sandbox-owners.ts';
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
  owner: SandboxOwner;
  /** The owning person's username, when a person owns it. */
  ownerUsername: string | null;
}

interface StoredRow extends Omit<SandboxRow, 'owner'> {
  ownerUserId: number | null;
  ownerKeyHash: string | null;
}

const COLUMNS = `s.id, s.scenario, s.file, s.created_by AS createdBy, s.created_at AS createdAt, s.last_used_at AS lastUsedAt, s.clock,
  s.owner_user_id AS ownerUserId, s.owner_key_hash AS ownerKeyHash, u.username AS ownerUsername`;
const FROM = 'sandboxes s LEFT JOIN users u ON u.id = s.owner_user_id';

function rowFrom({ ownerUserId, ownerKeyHash, ...row }: StoredRow): SandboxRow {
  const owner: SandboxOwner =
    ownerUserId !== null
      ? { kind: 'person', userId: ownerUserId }
      : ownerKeyHash !== null
        ? { kind: 'anonymous', keyHash: ownerKeyHash }
        : { kind: 'unknown' };
  return { ...row, owner };
}

/** The list of sandboxes, in the default world's database (wall-clock times). */
export function sandboxQueries(db: Db) {
  const insert =
    db.prepare(`INSERT INTO sandboxes (id, scenario, file, created_by, created_at, last_used_at, clock, owner_user_id, owner_key_hash)
    VALUES (@id, @scenario, @file, @createdBy, @createdAt, @lastUsedAt, @clock, @ownerUserId, @ownerKeyHash)`);
  const live = db.prepare<[], StoredRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.deleted_at IS NULL ORDER BY s.created_at, s.id`);
  const liveCount = db.prepare<[], number>('SELECT count(*) FROM sandboxes WHERE deleted_at IS NULL').pluck();
  const byId = db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = ? AND s.deleted_at IS NULL`);
  const idleSince = db.prepare<[string], StoredRow>(`SELECT ${COLUMNS} FROM ${FROM}
    WHERE s.deleted_at IS NULL AND s.last_used_at <= ? ORDER BY s.last_used_at`);
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
      const { owner } = row;
      return db
        .transaction(() => {
          if ((liveCount.get() ?? 0) >= max) return false;
          insert.run({
            id: row.id,
            scenario: row.scenario,
            file: row.file,
            createdBy: row.createdBy,
            createdAt: row.createdAt,
            lastUsedAt: row.lastUsedAt,
            clock: row.clock,
            ownerUserId: owner.kind === 'person' ? owner.userId : null,
            ownerKeyHash: owner.kind === 'anonymous' ? owner.keyHash : null,
          });
          return true;
        })
        .immediate();
    },
    live: () => live.all().map(rowFrom),
    get: (id: string) => {
      const row = byId.get(id);
      return row && rowFrom(row);
    },
    idleSince: (at: string) => idleSince.all(at).map(rowFrom),
    touch: (id: string, at: string) => touch.run({ id, at }),
    /** Records where the sandbox's clock stands (after it moved, in its own file first). */
    setClock: (id: string, clock: string) => setClock.run({ id, clock }),
    /** Marks it gone; false if it was already. */
    remove: (id: string, at: string, why: 'deleted' | 'expired') => remove.run({ id, at, why }).changes === 1,
  };
}
export type SandboxQueries = ReturnType<typeof sandboxQueries>;
