import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { closeDatabase, openDatabase } from '../db/open.ts';
import { generateSyntheticWorld } from '../db/synthetic-world.ts';

const count = (max: number) => z.coerce.number().int().min(0).max(max);
const SeedArgs = z.object({
  storefronts: count(100_000).min(1),
  events: count(50_000_000),
  orders: count(50_000_000),
  database: z
    .string()
    .min(1)
    .refine((p) => p.endsWith('.sqlite'), 'a path ending in .sqlite'),
  seed: z.coerce.number().int(),
});

function progressBar(stage: string, done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  return `${stage.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
}

/** npm run db:seed -- --storefronts 1000 --events 1000000 --orders 1000000 [--database db/large.sqlite] */
function main(): void {
  const { values } = parseArgs({
    options: {
      storefronts: { type: 'string', default: '1000' },
      events: { type: 'string', default: '1000000' },
      orders: { type: 'string', default: '1000000' },
      database: { type: 'string', default: 'db/hutong-large.sqlite' },
      seed: { type: 'string', default: '2021' },
    },
  });
  const parsed = SeedArgs.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const args = parsed.data;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(`${args.database}${suffix}`)) rmSync(`${args.database}${suffix}`);
  const db = openDatabase(args.database);
  // A throwaway file of our own: durability does not matter while it is written.
  db.pragma('synchronous = OFF');
  const started = Date.now();
  let lastStage = '';
  generateSyntheticWorld(db, {
    ...args,
    onProgress(stage, done, total) {
      if (lastStage && stage !== lastStage) process.stderr.write('\n');
      lastStage = stage;
      process.stderr.write(`\r${progressBar(stage, done, total)}`);
    },
  });
  process.stderr.write('\n');
  closeDatabase(db);
  console.log(
    `Wrote ${args.database}: ${args.storefronts} storefronts, ${args.events} events, ${args.orders} orders in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
  console.log(`Serve it with: DATABASE_PATH=${args.database} npm start`);
}

main();
