import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../config.ts';
import { checkDatabase } from '../db/consistency.ts';

/** npm run db:check [-- --database path/to/file.sqlite]: prints each check; exits 1 if any fails. */
function main(): void {
  const { values } = parseArgs({ options: { database: { type: 'string' } } });
  const path = values.database ?? loadConfig().DATABASE_PATH;
  if (!existsSync(path)) {
    console.error(`There is no database at ${path}.`);
    process.exit(2);
  }
  // Read-only: checking a file must never change it (nor migrate or seed it).
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const results = checkDatabase(db);
  db.close();
  console.log(`Checking ${path}`);
  for (const check of results) {
    console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}`);
    for (const problem of check.problems) console.log(`       ${problem}`);
  }
  const failed = results.filter((check) => !check.ok).length;
  console.log(failed === 0 ? 'All checks passed.' : `${failed} of ${results.length} checks failed.`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
