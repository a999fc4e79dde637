import { randomBytes } from 'node:crypto';
import type { Db } from './open.ts';

/** The server's HMAC secret, created once per database so tokens survive restarts. */
export function serverSecret(db: Db): string {
  const existing = db.prepare("SELECT value FROM settings WHERE key = 'secret'").pluck().get() as string | undefined;
  if (existing) return existing;
  const secret = randomBytes(32).toString('base64url');
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('secret', ?)").run(secret);
  return db.prepare("SELECT value FROM settings WHERE key = 'secret'").pluck().get() as string;
}

export function loadedScenario(db: Db): string | null {
  return (db.prepare("SELECT value FROM settings WHERE key = 'scenario'").pluck().get() as string | undefined) ?? null;
}
