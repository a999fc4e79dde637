import { randomBytes } from 'node:crypto';
import type { Db } from './open.ts';

function setting(db: Db, key: string): string | undefined {
  return db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);
}

/** The server's HMAC secret, created once per database so tokens survive restarts. */
export function serverSecret(db: Db): string {
  const existing = setting(db, 'secret');
  if (existing) return existing;
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('secret', ?)").run(randomBytes(32).toString('base64url'));
  const secret = setting(db, 'secret');
  if (!secret) throw new Error('the server secret could not be stored');
  return secret;
}

export function loadedScenario(db: Db): string | null {
  return setting(db, 'scenario') ?? null;
}
