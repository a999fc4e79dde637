import type { Db } from './open.ts';
import { int, maybeText, query, text, type Row } from './rows.ts';

export interface ApiTokenRow {
  id: number;
  userId: number;
  label: string;
  /** The first characters of the token, so a person can tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** After this instant the token is refused, like a revoked one. */
  expiresAt: string;
}

interface NewToken {
  userId: number;
  tokenHash: string;
  label: string;
  prefix: string;
  now: string;
  expiresAt: string;
}

const COLUMNS = `id, user_id AS userId, label, prefix, created_at AS createdAt, last_used_at AS lastUsedAt, revoked_at AS revokedAt,
  expires_at AS expiresAt`;

function tokenFrom(row: Row): ApiTokenRow {
  return {
    id: int(row, 'id'),
    userId: int(row, 'userId'),
    label: text(row, 'label'),
    prefix: text(row, 'prefix'),
    createdAt: text(row, 'createdAt'),
    lastUsedAt: maybeText(row, 'lastUsedAt'),
    revokedAt: maybeText(row, 'revokedAt'),
    expiresAt: text(row, 'expiresAt'),
  };
}

/** API tokens, stored as SHA-256 hashes, each with an expiry; revoking keeps the row. */
export function apiTokenQueries(db: Db) {
  const insert = query<ApiTokenRow, [NewToken]>(
    db,
    `INSERT INTO api_tokens (user_id, token_hash, label, prefix, created_at, expires_at)
    VALUES (@userId, @tokenHash, @label, @prefix, @now, @expiresAt) RETURNING ${COLUMNS}`,
    tokenFrom,
  );
  const active = query<ApiTokenRow, [string, string]>(
    db,
    `SELECT ${COLUMNS} FROM api_tokens
    WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
    tokenFrom,
  );
  const forUser = query<ApiTokenRow, [number]>(
    db,
    `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
    tokenFrom,
  );
  const revoke = db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL');
  // At most one write a minute per token, so a busy script does not turn reads into writes.
  const touch = db.prepare(`UPDATE api_tokens SET last_used_at = @now
    WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @minuteAgo)`);

  return {
    create: (token: NewToken): ApiTokenRow => insert.one(token),
    /** The token with this hash, unless it is revoked or expired at `now`. */
    findActive: (tokenHash: string, now: string) => active.get(tokenHash, now),
    forUser: (userId: number) => forUser.all(userId),
    revoke: (id: number, userId: number, now: string) => revoke.run(now, id, userId).changes === 1,
    touch(id: number, now: string): void {
      touch.run({ id, now, minuteAgo: new Date(Date.parse(now) - 60_000).toISOString() });
    },
  };
}
export type ApiTokenQueries = ReturnType<typeof apiTokenQueries>;
