import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadConfig } from '../config.ts';
import { prepareDatabase } from '../db/bootstrap.ts';
import { closeDatabase, openDatabase } from '../db/open.ts';
import { scenarioNames } from '../db/scenarios.ts';
import { CliError, parseCommand } from './hutong-args.ts';
import { dataPaths, refuseWhileServed } from './hutong-data.ts';

export const resetHelp = `Usage: hutong reset [--scenario record] [--data .hutong]

Wipes the database in --data (default ./.hutong) and its sandboxes, then loads --scenario
(${scenarioNames().join(', ')}). Refuses (exit 3), naming the process, while \`hutong serve\` runs on it.`;

export function reset(args: string[]): void {
  const { values, positionals } = parseCommand(args, { scenario: { type: 'string' }, data: { type: 'string' } });
  if (values.help) return console.log(resetHelp);
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}".`);
  const config = loadConfig();
  const scenario = values.scenario ?? config.HUTONG_SCENARIO;
  if (!scenarioNames().includes(scenario))
    throw new CliError(`unknown scenario "${scenario}"; choose one of: ${scenarioNames().join(', ')}.`);
  const paths = dataPaths(values.data);
  refuseWhileServed(paths, 'reset');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${paths.database}${suffix}`, { force: true });
  if (existsSync(paths.sandboxes)) rmSync(paths.sandboxes, { recursive: true, force: true });
  mkdirSync(paths.root, { recursive: true });
  const db = openDatabase(paths.database);
  const boot = prepareDatabase(db, {
    scenario,
    now: new Date().toISOString(),
    demoPersonas: config.HUTONG_DEMO ? { password: config.HUTONG_DEMO_PASSWORD } : undefined,
  });
  closeDatabase(db);
  const personas = boot.personas.length > 0 ? ` Demo personas: ${boot.personas.join(', ')}.` : '';
  console.log(`Reset ${paths.database} with the "${scenario}" scenario.${personas}`);
}
