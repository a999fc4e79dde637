import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { MEASURE_SECONDS, measure, type Figures, type Measured } from './measure.ts';
import { chooseStorefront, newShopper, addToCart, firstProductId, placeOrders, type PendingOrder } from './prepare.ts';
import { buildServer, ROOT, serve } from './processes.ts';
import { largeWorldCopy } from './large-world.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'boolean', default: false },
    // Writes a CPU profile of the app (bench/results/*.cpuprofile) for the run.
    profile: { type: 'boolean', default: false },
  },
});
const RESULTS = join(ROOT, 'bench', 'results');
/** Enough orders for the payment warm-up; the measured run gets as many again as the warm-up rate needs. */
const ORDERS_FOR_WARM_UP = 5_000;

type TargetName = 'home' | 'checkout' | 'decisionApi' | 'payment';
interface WorldResult {
  world: string;
  storefront: string;
  targets: Record<TargetName, Measured>;
  rssMb: number;
  rssStartupMb: number;
}

function machine(): string {
  const cpu = cpus();
  // The load average says whether something else shared the cores during the run.
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

function show(name: string, f: Figures & { statuses?: Record<string, number> }, baseline?: Figures): void {
  const ratio = baseline ? `  ${(f.rps / baseline.rps).toFixed(2)}× baseline` : '';
  console.log(`${name.padEnd(12)} ${String(f.rps).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(3)} ms${ratio}  ${JSON.stringify(f.statuses ?? {})}`);
}

async function measureBaseline(): Promise<Figures> {
  const baseline = await serve('bench/baseline.ts', {});
  try {
    const m = await measure({ url: `${baseline.baseUrl}/` });
    show('baseline', m);
    return { rps: m.rps, p50: m.p50, p99: m.p99 };
  } finally {
    await baseline.stop();
  }
}

/** Each payment POST takes the next order awaiting payment and a fresh idempotency key, as a shopper's form would. */
function paymentTarget(baseUrl: string, orders: PendingOrder[]): Pick<autocannon.Options, 'url' | 'requests'> {
  let next = 0;
  return {
    url: baseUrl,
    requests: [{
      method: 'POST',
      setupRequest(req) {
        const order = orders[next++];
        if (!order) throw new Error('ran out of orders awaiting payment');
        const body = new URLSearchParams({
          _csrf: order.shopper.csrf, idempotencyKey: randomBytes(18).toString('base64url'), wallet: order.wallet, outcome: 'succeeded',
        }).toString();
        return { ...req, method: 'POST' as const, path: `/orders/${order.id}/payments`, body,
          headers: { cookie: order.shopper.cookie, 'content-type': 'application/x-www-form-urlencoded' } };
      },
    }],
  };
}

async function measureWorld(world: string, databasePath: string, env: Record<string, string> = {}): Promise<WorldResult> {
  const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`] : [];
  const app = await serve(buildServer(), { DATABASE_PATH: databasePath, HUTONG_SCENARIO: 'record', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env }, { nodeArgs });
  try {
    const slug = await chooseStorefront(app.baseUrl, 'eleme');
    const shopper = await newShopper(app.baseUrl, slug);
    await addToCart(app.baseUrl, slug, shopper, await firstProductId(app.baseUrl, slug, shopper));
    console.log(`\n${world} world: storefront ${slug}`);
    const orders = await placeOrders(app.baseUrl, slug, ORDERS_FOR_WARM_UP);
    const paymentsBefore = countPayments(databasePath);

    const targets = {} as Record<TargetName, Measured>;
    targets.home = await measure({ url: `${app.baseUrl}/` });
    show('home', targets.home);
    targets.checkout = await measure({ url: `${app.baseUrl}/shop/${slug}/checkout`, headers: { cookie: shopper.cookie } });
    show('checkout', targets.checkout);
    targets.decisionApi = await measure({ url: `${app.baseUrl}/api/storefronts/${slug}/wallets?shopper=${shopper.id}` });
    show('decisionApi', targets.decisionApi);
    const payment = await measure(paymentTarget(app.baseUrl, orders), async (warmUpRps) => {
      // Orders are placed between warm-up and measurement, through the same routes a shopper uses.
      const needed = Math.ceil(warmUpRps * MEASURE_SECONDS * 2) + 1_000;
      console.log(`placing ${needed} orders through the routes for the payment run…`);
      orders.push(...await placeOrders(app.baseUrl, slug, needed));
    });
    targets.payment = payment;
    show('payment', payment);
    const made = countPayments(databasePath) - paymentsBefore;
    const redirected = (payment.statuses['303'] ?? 0) + (payment.warmUp['303'] ?? 0);
    // Requests still in flight when a run stops are paid but not counted: up to 50 per run.
    console.log(`payments recorded: ${made} rows for ${redirected} counted 303 answers (warm-up included; up to 2 × 50 in flight at the stops)`);
    for (const [name, t] of Object.entries(targets)) {
      const expected = name === 'payment' ? '303' : '200';
      const other = Object.entries(t.statuses).filter(([code]) => code !== expected);
      if (other.length > 0) console.warn(`warning: ${name} had responses other than ${expected}: ${JSON.stringify(Object.fromEntries(other))}`);
    }
    return { world, storefront: slug, targets, rssMb: app.peakRssMb(), rssStartupMb: app.startupPeakRssMb };
  } finally {
    await app.stop();
  }
}

function countPayments(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM payments').pluck().get() as number;
  } finally {
    db.close();
  }
}

function summary(baseline: Figures, result: WorldResult) {
  const targets = Object.fromEntries(Object.entries(result.targets).map(([name, t]) => [
    name, { rps: t.rps, p50: t.p50, p99: t.p99, ratio: Math.round((t.rps / baseline.rps) * 100) / 100 },
  ]));
  return { baseline, targets, rssMb: result.rssMb, rssStartupMb: result.rssStartupMb, storefront: result.storefront, world: result.world, date: new Date().toISOString(), machine: machine() };
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-'));
  try {
    console.log(`Hutong benchmark on ${machine()}: 50 connections, 2 s warm-up, 10 s per target`);
    const baseline = await measureBaseline();
    const small = await measureWorld('record', join(dir, 'record.sqlite'));
    const report = summary(baseline, small);
    for (const [name, t] of Object.entries(report.targets)) show(name, t, baseline);
    console.log(`server peak RSS ${small.rssMb} MB while serving (${small.rssStartupMb} MB during start-up)`);
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote bench/results/latest.json`);

    if (args.scale) {
      // The generated world has no Alibaba group or Tencent provider for the demo personas to belong to.
      const large = await measureWorld('large', largeWorldCopy(dir), { HUTONG_DEMO: '0' });
      const scaled = summary(baseline, large);
      console.log('\nlarge world against the record world:');
      for (const [name, t] of Object.entries(scaled.targets)) {
        const before = report.targets[name] as Figures;
        console.log(`${name.padEnd(12)} ${(before.rps / t.rps).toFixed(2)}× slower (${before.rps} → ${t.rps} req/s, p99 ${before.p99} → ${t.p99} ms)`);
      }
      console.log(`server peak RSS ${large.rssMb} MB while serving (${large.rssStartupMb} MB during start-up)`);
      writeFileSync(join(RESULTS, 'latest-scale.json'), `${JSON.stringify({ ...scaled, slowdown: Object.fromEntries(Object.entries(scaled.targets)
        .map(([name, t]) => [name, Math.round(((report.targets[name] as Figures).rps / t.rps) * 100) / 100])) }, null, 2)}\n`);
      console.log('wrote bench/results/latest-scale.json');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
