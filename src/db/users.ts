import type { Actor, Role } from '../domain/actors.ts';
import type { Db } from './open.ts';

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

/** A row as SQLite gives it: `is_demo` is 0 or 1. */
type UserDbRow = Omit<UserRow, 'isDemo'> & { isDemo: number };
const userFrom = (row: UserDbRow): UserRow => ({ ...row, isDemo: row.isDemo === 1 });

/** The people who sign in. Usernames are stored lower-case. */
export function userQueries(db: Db) {
  const byUsername = db.prepare<[string], UserDbRow>(`SELECT ${COLUMNS} FROM users WHERE username = ?`);
  const byId = db.prepare<[number], UserDbRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`);
  const demo = db.prepare<[], UserDbRow>(`SELECT ${COLUMNS} FROM users WHERE is_demo = 1 ORDER BY id`);
  const all = db.prepare<[], UserDbRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`);
  const insert = db.prepare(`INSERT INTO users (username, display_name, role, group_slug, provider_slug, password_hash, is_demo, created_at)
    VALUES (@username, @displayName, @role, @groupSlug, @providerSlug, @passwordHash, @isDemo, @createdAt)
    ON CONFLICT (username) DO NOTHING`);

  return {
    byUsername(username: string): UserRow | undefined {
      const row = byUsername.get(username.toLowerCase());
      return row && userFrom(row);
    },
    byId(id: number): UserRow | undefined {
      const row = byId.get(id);
      return row && userFrom(row);
    },
    demoPersonas: () => demo.all().map(userFrom),
    all: () => all.all().map(userFrom),
    /** Inserts unless the username exists; returns whether it did. */
    insertIfAbsent(user: NewUser, now: string): boolean {
      return insert.run({
        ...user, username: user.username.toLowerCase(), groupSlug: user.groupSlug ?? null,
        providerSlug: user.providerSlug ?? null, isDemo: user.isDemo ? 1 : 0, createdAt: now,
      }).changes === 1;
    },
  };
}
export type UserQueries = ReturnType<typeof userQueries>;

/** The Actor the domain sees, without the password hash. */
export function actorOf(user: UserRow): Actor {
  return { username: user.username, displayName: user.displayName, role: user.role, groupSlug: user.groupSlug, providerSlug: user.providerSlug };
}
