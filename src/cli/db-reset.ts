import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { prepareDatabase } from '../db/bootstrap.ts';
import { closeDatabase, openDatabase } from '../db/open.ts';
import { scenarioNames } from '../db/scenarios.ts';

/** npm run db:reset -- --scenario <name>: wipes the database file and loads the scenario. */
function main(): void {
  const config = loadConfig();
  const { values } = parseArgs({ options: { scenario: { type: 'string', default: config.HUTONG_SCENARIO } } });
  const { scenario } = values;
  if (!scenarioNames().includes(scenario)) {
    console.error(`Unknown scenario "${scenario}"; choose one of: ${scenarioNames().join(', ')}.`);
    process.exit(2);
  }
  for (const suffix of ['', '-wal', '-shm']) {
    const file = `${config.DATABASE_PATH}${suffix}`;
    if (existsSync(file)) rmSync(file);
  }
  const db = openDatabase(config.DATABASE_PATH);
  const boot = prepareDatabase(db, {
    scenario,
    now: new Date().toISOString(),
    demoPersonas: config.HUTONG_DEMO ? { password: config.HUTONG_DEMO_PASSWORD } : undefined,
  });
  closeDatabase(db);
  const personas = boot.personas.length > 0 ? ` Demo personas: ${boot.personas.join(', ')} (password: HUTONG_DEMO_PASSWORD).` : '';
  console.log(`Reset ${config.DATABASE_PATH} with the "${scenario}" scenario.${personas}`);
}

main();
