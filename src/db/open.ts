import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export interface OpenOptions {
  /** Sees every statement run (tests count them). */
  onStatement?: (sql: string) => void;
  /**
   * false: commits are not synced to disk (`synchronous = OFF`), for the tests' throwaway databases,
   * where a power cut is not what is tested. Default true: every commit is on disk before it is answered.
   */
  durable?: boolean;
  /** The most SQLite keeps in its page cache for this connection, in KiB (default: SQLite's, 2,000 KiB). */
  cacheSizeKib?: number;
}

/** Opens (creating if needed) a SQLite file with Hutong's pragmas. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.onStatement ? { verbose: (sql) => options.onStatement?.(String(sql)) } : {});
  db.pragma('journal_mode = WAL');
  db.pragma(options.durable === false ? 'synchronous = OFF' : 'synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (options.cacheSizeKib !== undefined) db.pragma(`cache_size = -${Math.max(64, Math.round(options.cacheSizeKib))}`);
  return db;
}

/** Checkpoints the WAL into the main file and closes; used on shutdown. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
