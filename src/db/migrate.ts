import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './open.ts';
import { query, text } from './rows.ts';
import { PROJECT_ROOT } from '../project-root.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'db', 'migrations');

/**
 * Applies db/migrations/NNNN_name.sql in order, each inside a transaction and
 * recorded in schema_migrations. Returns the names applied by this call.
 */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const done = new Set(query(db, 'SELECT name FROM schema_migrations', (row) => text(row, 'name')).all());
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(file, new Date().toISOString());
    }).immediate();
    applied.push(file);
  }
  return applied;
}
