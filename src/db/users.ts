import { ROLES, type Actor, type Role } from '../domain/actors.ts';
import type { Db } from './open.ts';
import { int, maybeText, oneOf, query, text, type Row } from './rows.ts';

export interface UserRow extends Actor {
  id: number;
  passwordHash: string;
  isDemo: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  groupSlug?: string | null;
  providerSlug?: string | null;
  passwordHash: string;
  isDemo?: boolean;
}

const COLUMNS = `id, username, display_name AS displayName, role, group_slug AS groupSlug, provider_slug AS providerSlug,
  password_hash AS passwordHash, is_demo AS isDemo, created_at AS createdAt`;

/** `is_demo` is 0 or 1. */
const userFrom = (row: Row): UserRow => ({
  id: int(row, 'id'),
  username: text(row, 'username'),
  displayName: text(row, 'displayName'),
  role: oneOf(row, 'role', ROLES),
  groupSlug: maybeText(row, 'groupSlug'),
  providerSlug: maybeText(row, 'providerSlug'),
  passwordHash: text(row, 'passwordHash'),
  isDemo: int(row, 'isDemo') === 1,
  createdAt: text(row, 'createdAt'),
});

/** The people who sign in. Usernames are stored lower-case. */
export function userQueries(db: Db) {
  const byUsername = query<UserRow, [string]>(db, `SELECT ${COLUMNS} FROM users WHERE username = ?`, userFrom);
  const byId = query<UserRow, [number]>(db, `SELECT ${COLUMNS} FROM users WHERE id = ?`, userFrom);
  const demo = query<UserRow, []>(db, `SELECT ${COLUMNS} FROM users WHERE is_demo = 1 ORDER BY id`, userFrom);
  const all = query<UserRow, []>(db, `SELECT ${COLUMNS} FROM users ORDER BY id`, userFrom);
  const insert = db.prepare(`INSERT INTO users (username, display_name, role, group_slug, provider_slug, password_hash, is_demo, created_at)
    VALUES (@username, @displayName, @role, @groupSlug, @providerSlug, @passwordHash, @isDemo, @createdAt)
    ON CONFLICT (username) DO NOTHING`);

  return {
    byUsername: (username: string): UserRow | undefined => byUsername.get(username.toLowerCase()),
    byId: (id: number): UserRow | undefined => byId.get(id),
    demoPersonas: () => demo.all(),
    all: () => all.all(),
    /** Inserts unless the username exists; returns whether it did. */
    insertIfAbsent(user: NewUser, now: string): boolean {
      return (
        insert.run({
          ...user,
          username: user.username.toLowerCase(),
          groupSlug: user.groupSlug ?? null,
          providerSlug: user.providerSlug ?? null,
          isDemo: user.isDemo ? 1 : 0,
          createdAt: now,
        }).changes === 1
      );
    },
  };
}
export type UserQueries = ReturnType<typeof userQueries>;

/** The Actor the domain sees, without the password hash. */
export function actorOf(user: UserRow): Actor {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    groupSlug: user.groupSlug,
    providerSlug: user.providerSlug,
  };
}
