import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.ts';

/** Generated once (about five minutes) and reused; delete the file to generate it again. */
const LARGE_WORLD = join(ROOT, 'db', 'bench-large.sqlite');

/**
 * A copy, in `dir`, of the large world (1,000 storefronts, 1,000,000 events, 1,000,000 orders)
 * from `npm run db:seed`, so every run starts from the same database.
 */
export function largeWorldCopy(dir: string): string {
  if (!existsSync(LARGE_WORLD)) {
    console.log('\ngenerating the large world (npm run db:seed), once…');
    execFileSync(
      'npm',
      [
        'run',
        '--silent',
        'db:seed',
        '--',
        '--storefronts',
        '1000',
        '--events',
        '1000000',
        '--orders',
        '1000000',
        '--database',
        LARGE_WORLD,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
  } else {
    console.log(`\nusing the large world in ${LARGE_WORLD} (delete it to generate it again)`);
  }
  const copy = join(dir, 'large.sqlite');
  copyFileSync(LARGE_WORLD, copy);
  return copy;
}
