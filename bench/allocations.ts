import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addToCart, chooseStorefront, firstProductId, newShopper } from './prepare.ts';
import { buildServer, ROOT, startFlags } from './processes.ts';

// Usage: npx tsx bench/allocations.ts — what each answer allocates, which a busy machine does not move.
//
// Server CPU per answer moves with whatever else runs on the machine (on two shared cores, by a
// fifth from one run to the next); what an answer allocates does not. The server runs as
// `npm start` runs it, but with its young generation fixed at the start script's semi-space
// size (so each scavenge is one semi-space of allocation) and --trace-gc; 20,000 answers are
// counted after 5,000 of warm-up, and scavenges × semi-space ÷ answers is the figure.

const ANSWERS = 20_000;

function semiSpaceMb(flags: string[]): number {
  const flag = flags.find((f) => f.startsWith('--max-semi-space-size='));
  return flag ? Number(flag.split('=')[1]) : 16;
}

async function main(): Promise<void> {
  const script = buildServer();
  const flags = startFlags();
  const semi = semiSpaceMb(flags);
  const dir = mkdtempSync(join(tmpdir(), 'hutong-alloc-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = spawn(process.execPath, [...flags, `--min-semi-space-size=${semi}`, '--trace-gc', script], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: join(dir, 'db.sqlite'), PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let scavenges = 0;
  let fullCollections = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.includes('Scavenge')) scavenges++;
      else if (line.includes('Mark-Compact')) fullCollections++;
    }
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      if (tries > 300) throw new Error('the server did not answer within 60 s');
      if (
        await fetch(`${base}/`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const slug = await chooseStorefront(base, 'eleme');
    const shopper = await newShopper(base, slug);
    await addToCart(base, slug, shopper, await firstProductId(base, slug, shopper));
    const targets = [
      { name: '404 through the middleware', url: `${base}/no-such-page`, headers: {} },
      { name: 'home page (a new visitor)', url: `${base}/`, headers: {} },
      { name: 'checkout page', url: `${base}/shop/${slug}/checkout`, headers: { cookie: shopper.cookie } },
      { name: 'decision API', url: `${base}/api/storefronts/${slug}/wallets?shopper=s-1`, headers: {} },
    ];
    console.log(`what each answer allocates (scavenges × ${semi} MB semi-space ÷ ${ANSWERS.toLocaleString('en')} answers, 50 connections)`);
    for (const target of targets) {
      await autocannon({ url: target.url, headers: target.headers, connections: 50, amount: 5_000 });
      await new Promise((r) => setTimeout(r, 300));
      const [s0, f0] = [scavenges, fullCollections];
      const result = await autocannon({ url: target.url, headers: target.headers, connections: 50, amount: ANSWERS });
      await new Promise((r) => setTimeout(r, 300));
      const kb = ((scavenges - s0) * semi * 1024) / ANSWERS;
      const statuses = Object.keys(result.statusCodeStats ?? {}).join(', ');
      console.log(
        `${target.name.padEnd(28)} ${kb.toFixed(0).padStart(4)} KB an answer, ${fullCollections - f0} full collections  (${statuses})`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench/allocations: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
