import { ensureDemoPersonas } from './demo-personas.ts';
import { migrate } from './migrate.ts';
import type { Db } from './open.ts';
import { loadScenario } from './scenarios.ts';
import { loadedScenario } from './settings.ts';

export interface BootstrapResult {
  migrations: string[];
  scenario: string;
  loaded: boolean;
  /** Demo personas created by this call (HUTONG_DEMO=1). */
  personas: string[];
}

/** Migrates, and loads `scenario` if the database has none yet. Safe to call on every start. */
export function prepareDatabase(
  db: Db,
  options: {
    scenario: string;
    now: string;
    afterLoad?: (db: Db) => void;
    demoPersonas?: { password: string; passwordHash?: string } | undefined;
  },
): BootstrapResult {
  const migrations = migrate(db);
  const existing = loadedScenario(db);
  if (!existing) {
    loadScenario(db, options.scenario, options.now);
    options.afterLoad?.(db);
  }
  // Idempotent: also gives an older database the personas it was created without.
  const personas = options.demoPersonas ? ensureDemoPersonas(db, { ...options.demoPersonas, now: options.now }) : [];
  return { migrations, scenario: existing ?? options.scenario, loaded: !existing, personas };
}
