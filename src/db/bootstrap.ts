import { migrate } from './migrate.ts';
import type { Db } from './open.ts';
import { loadScenario } from './scenarios.ts';
import { loadedScenario } from './settings.ts';

export interface BootstrapResult {
  migrations: string[];
  scenario: string;
  loaded: boolean;
}

/** Migrates, and loads `scenario` if the database has none yet. Safe to call on every start. */
export function prepareDatabase(db: Db, options: { scenario: string; now: string; afterLoad?: (db: Db) => void }): BootstrapResult {
  const migrations = migrate(db);
  const existing = loadedScenario(db);
  if (existing) return { migrations, scenario: existing, loaded: false };
  loadScenario(db, options.scenario, options.now);
  options.afterLoad?.(db);
  return { migrations, scenario: options.scenario, loaded: true };
}
