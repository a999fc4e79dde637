import { randomBytes } from 'node:crypto';
import type { Db } from './open.ts';
import { query, text } from './rows.ts';

function setting(db: Db, key: string): string | undefined {
  return query<string, [string]>(db, 'SELECT value FROM settings WHERE key = ?', (row) => text(row, 'value')).get(key);
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

function putSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** A new HMAC secret: a sandbox copied from a template must not share the template's. */
export function rotateServerSecret(db: Db): void {
  putSetting(db, 'secret', randomBytes(32).toString('base64url'));
}

/** A sandbox's frozen clock, kept in its own file so it survives a restart. */
export function storedClock(db: Db): string | undefined {
  return setting(db, 'clock');
}

export function storeClock(db: Db, at: string): void {
  putSetting(db, 'clock', at);
}

/**
 * Up to when scheduled changes have had their webhooks sent ("taken effect through"): each change
 * whose effective time passes this mark is announced once, when the mark moves past it.
 */
export function effectiveThrough(db: Db): string | undefined {
  return setting(db, 'webhooks_effective_through');
}

export function storeEffectiveThrough(db: Db, at: string): void {
  putSetting(db, 'webhooks_effective_through', at);
}
