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
import { atLeast, atMost, printAims, type Aim } from './aims.ts';
import { growthCurve } from './growth.ts';
import { sandboxCreation } from './sandboxes.ts';
import { largeWorldCopy } from './large-world.ts';
import { adminSessionIn, pageTargets, pairedRatio, timePages, type PageTime } from './pages.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'boolean', default: false },
    // Writes a CPU profile of the app (bench/results/*.cpuprofile) for the run.
    profile: { type: 'boolean', default: false },
    // The same pages on worlds of 10 to 10,000 storefronts: bench/results/growth.json and docs/growth.svg.
    growth: { type: 'boolean', default: false },
    // Only the time to create a sandbox (median of 20).
    sandboxes: { type: 'boolean', default: false },
    // `--only payments`: the baseline and the payment run alone (about 40 s), printed, not written to latest.json.
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'payments') throw new Error(`--only takes "payments", not "${args.only}"`);
const RESULTS = join(ROOT, 'bench', 'results');
/** Enough orders for the payment warm-up; the measured run gets as many again as the warm-up rate needs. */
const ORDERS_FOR_WARM_UP = 5_000;

type TargetName = 'home' | 'checkout' | 'decisionApi' | 'notFound' | 'payment';
interface WorldResult {
  world: string;
  storefront: string;
  targets: Record<TargetName, Measured>;
  /** One request at a time: the median of seven, by page. */
  pages: Record<string, PageTime>;
  /** A storefront page as an admin ÷ signed out, one request at a time, in turns (pairedRatio). */
  adminOverSignedOut?: { aMs: number; bMs: number; ratio: number };
  rssMb: number;
  rssStartupMb: number;
  /** From spawning `node dist/server.js` to its first answer: on a new database, and on restarting over it. */
  firstAnswerMs: { fresh: number; restart: number };
}

function machine(): string {
  const cpu = cpus();
  // The load average says whether something else shared the cores during the run.
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
}

function show(name: string, f: Figures & { statuses?: Record<string, number>; serverCpuUs?: number }, baseline?: Figures): void {
  const ratio = baseline ? `  ${(f.rps / baseline.rps).toFixed(2)}× baseline` : '';
  const cpu = f.serverCpuUs === undefined ? '' : `  server CPU ${f.serverCpuUs} µs/answer`;
  console.log(
    `${name.padEnd(12)} ${String(f.rps).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(3)} ms${cpu}${ratio}  ${JSON.stringify(f.statuses ?? {})}`,
  );
}

async function measureBaseline(): Promise<Figures & { serverCpuUs?: number }> {
  const baseline = await serve('bench/baseline.ts', {});
  try {
    const m = await measure({ url: `${baseline.baseUrl}/` }, { serverPid: baseline.pid });
    show('baseline', m);
    return { rps: m.rps, p50: m.p50, p99: m.p99, ...(m.serverCpuUs === undefined ? {} : { serverCpuUs: m.serverCpuUs }) };
  } finally {
    await baseline.stop();
  }
}

/** Each payment POST takes the next order awaiting payment and a fresh idempotency key, as a shopper's form would. */
function paymentTarget(baseUrl: string, orders: PendingOrder[]): Pick<autocannon.Options, 'url' | 'requests'> {
  let next = 0;
  return {
    url: baseUrl,
    requests: [
      {
        method: 'POST',
        setupRequest(req) {
          const order = orders[next++];
          if (!order) throw new Error('ran out of orders awaiting payment');
          const body = new URLSearchParams({
            _csrf: order.shopper.csrf,
            idempotencyKey: randomBytes(18).toString('base64url'),
            wallet: order.wallet,
            outcome: 'succeeded',
          }).toString();
          return {
            ...req,
            method: 'POST' as const,
            path: `/orders/${order.id}/payments`,
            body,
            headers: { cookie: order.shopper.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          };
        },
      },
    ],
  };
}

async function measureWorld(world: string, databasePath: string, env: Record<string, string> = {}): Promise<WorldResult> {
  const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`] : [];
  const server = buildServer();
  const serverEnv = { DATABASE_PATH: databasePath, HUTONG_SCENARIO: 'record', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env };
  const app = await serve(server, serverEnv, { nodeArgs });
  try {
    const slug = await chooseStorefront(app.baseUrl, 'eleme');
    const shopper = await newShopper(app.baseUrl, slug);
    await addToCart(app.baseUrl, slug, shopper, await firstProductId(app.baseUrl, slug, shopper));
    console.log(`\n${world} world: storefront ${slug}`);
    const orders = await placeOrders(app.baseUrl, slug, ORDERS_FOR_WARM_UP);

    const targets = {} as Record<TargetName, Measured>;
    if (args.only === 'payments') {
      targets.payment = await measurePayments(app.baseUrl, app.pid, slug, orders, databasePath);
      return {
        world,
        storefront: slug,
        targets,
        pages: {},
        rssMb: app.peakRssMb(),
        rssStartupMb: app.startupPeakRssMb,
        firstAnswerMs: { fresh: app.firstAnswerMs, restart: Number.NaN },
      };
    }
    targets.home = await measure({ url: `${app.baseUrl}/` }, { serverPid: app.pid });
    show('home', targets.home);
    targets.checkout = await measure(
      { url: `${app.baseUrl}/shop/${slug}/checkout`, headers: { cookie: shopper.cookie } },
      { serverPid: app.pid },
    );
    show('checkout', targets.checkout);
    targets.decisionApi = await measure(
      { url: `${app.baseUrl}/api/storefronts/${slug}/wallets?shopper=${shopper.id}` },
      { serverPid: app.pid },
    );
    show('decisionApi', targets.decisionApi);
    // Every middleware of the pages, then the not-found page: what the stack costs before any route.
    targets.notFound = await measure({ url: `${app.baseUrl}/no-such-page` }, { serverPid: app.pid });
    show('notFound', targets.notFound);
    targets.payment = await measurePayments(app.baseUrl, app.pid, slug, orders, databasePath);
    const admin = adminSessionIn(databasePath);
    const pages = await timePages(app.baseUrl, pageTargets(slug, admin, shopper.cookie));
    for (const [name, t] of Object.entries(pages))
      console.log(
        `${name.padEnd(22)} ${String(t.medianMs).padStart(8)} ms median ${String(t.maxMs).padStart(8)} ms max  ${t.status}  ${t.path}`,
      );
    const adminOverSignedOut = await pairedRatio(
      app.baseUrl,
      { name: 'storefront', path: `/shop/${slug}` },
      { name: 'storefront (admin)', path: `/shop/${slug}`, cookie: admin },
    );
    console.log(
      `storefront as admin ÷ signed out, 101 of each in turns: ${adminOverSignedOut.bMs} ÷ ${adminOverSignedOut.aMs} ms = ${adminOverSignedOut.ratio}×`,
    );
    for (const [name, t] of Object.entries(targets)) {
      const expected = name === 'payment' ? '303' : name === 'notFound' ? '404' : '200';
      const other = Object.entries(t.statuses).filter(([code]) => code !== expected);
      if (other.length > 0)
        console.warn(`warning: ${name} had responses other than ${expected}: ${JSON.stringify(Object.fromEntries(other))}`);
    }
    const rss = { rssMb: app.peakRssMb(), rssStartupMb: app.startupPeakRssMb };
    await app.stop();
    const again = await serve(server, serverEnv);
    await again.stop();
    console.log(`first answer ${app.firstAnswerMs} ms after start on a new database, ${again.firstAnswerMs} ms on restarting over it`);
    return {
      world,
      storefront: slug,
      targets,
      pages,
      adminOverSignedOut,
      ...rss,
      firstAnswerMs: { fresh: app.firstAnswerMs, restart: again.firstAnswerMs },
    };
  } finally {
    await app.stop();
  }
}

async function measurePayments(
  baseUrl: string,
  serverPid: number,
  slug: string,
  orders: PendingOrder[],
  databasePath: string,
): Promise<Measured> {
  const paymentsBefore = countPayments(databasePath);
  const payment = await measure(paymentTarget(baseUrl, orders), {
    serverPid,
    afterWarmUp: async (warmUpRps) => {
      // Orders are placed between warm-up and measurement, through the same routes a shopper uses.
      const needed = Math.ceil(warmUpRps * MEASURE_SECONDS * 2) + 1_000;
      console.log(`placing ${needed} orders through the routes for the payment run…`);
      orders.push(...(await placeOrders(baseUrl, slug, needed)));
    },
  });
  show('payment', payment);
  const made = countPayments(databasePath) - paymentsBefore;
  const redirected = (payment.statuses['303'] ?? 0) + (payment.warmUp['303'] ?? 0);
  // Requests still in flight when a run stops are paid but not counted: up to 50 per run.
  console.log(
    `payments recorded: ${made} rows for ${redirected} counted 303 answers (warm-up included; up to 2 × 50 in flight at the stops)`,
  );
  return payment;
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
  const targets = Object.fromEntries(
    Object.entries(result.targets).map(([name, t]) => [
      name,
      { rps: t.rps, p50: t.p50, p99: t.p99, serverCpuUs: t.serverCpuUs, ratio: Math.round((t.rps / baseline.rps) * 100) / 100 },
    ]),
  ) as Record<TargetName, Figures & { ratio: number; serverCpuUs?: number }>;
  return {
    baseline,
    targets,
    pages: result.pages,
    adminOverSignedOut: result.adminOverSignedOut,
    rssMb: result.rssMb,
    rssStartupMb: result.rssStartupMb,
    firstAnswerMs: result.firstAnswerMs,
    storefront: result.storefront,
    world: result.world,
    date: new Date().toISOString(),
    machine: machine(),
  };
}
type Summary = ReturnType<typeof summary>;

/** The aims that one world's run can answer. */
function smallWorldAims(s: Summary): Aim[] {
  const t = s.targets;
  return [
    atLeast('404 through the middleware ÷ bare Express', t.notFound.ratio, 0.7),
    atLeast('checkout page ÷ bare Express', t.checkout.ratio, 0.5),
    atMost('checkout page p99', t.checkout.p99, 30, ' ms'),
    atLeast('decision API ÷ bare Express', t.decisionApi.ratio, 0.65),
    atMost('decision API p99', t.decisionApi.p99, 20, ' ms'),
    atLeast('home page ÷ bare Express', t.home.ratio, 0.4),
    atLeast('payments at synchronous=FULL', t.payment.rps, 2500, '/s'),
    atMost('payments p99', t.payment.p99, 50, ' ms'),
    atMost('server RSS while serving', s.rssMb, 150, ' MB'),
    atMost('first answer after start (restart)', s.firstAnswerMs.restart, 1500, ' ms'),
    atMost('first answer after start (new database)', s.firstAnswerMs.fresh, 1500, ' ms'),
  ];
}

function largeWorldAims(small: Summary, large: Summary): Aim[] {
  const page = (name: string) => large.pages[name]?.medianMs ?? Number.NaN;
  return [
    atMost('admin storefront page ÷ signed-out (large)', large.adminOverSignedOut?.ratio ?? Number.NaN, 1.2, '×'),
    atMost('/console (large)', page('console'), 50, ' ms'),
    atMost('home page large ÷ small world (req/s)', small.targets.home.rps / large.targets.home.rps, 1.2, '×'),
    atMost('review coverage (large)', page('review coverage'), 100, ' ms'),
    atMost('review metrics (large)', page('review metrics'), 60, ' ms'),
    atMost('review diff (large)', page('review diff'), 60, ' ms'),
    atMost('server RSS while serving (large)', large.rssMb, 150, ' MB'),
    atMost('first answer after start (large, restart)', large.firstAnswerMs.restart, 1500, ' ms'),
  ];
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-'));
  try {
    if (args.growth) {
      await growthCurve(dir, machine());
      return;
    }
    if (args.sandboxes) {
      await sandboxCreation(dir);
      return;
    }
    console.log(`Hutong benchmark on ${machine()}: 50 connections, 2 s warm-up, 10 s per target`);
    const baseline = await measureBaseline();
    const small = await measureWorld('record', join(dir, 'record.sqlite'));
    if (args.only === 'payments') {
      show('payment', small.targets.payment, baseline);
      console.log(
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      return;
    }
    const report = summary(baseline, small);
    for (const [name, t] of Object.entries(report.targets)) show(name, t, baseline);
    console.log(`server peak RSS ${small.rssMb} MB while serving (${small.rssStartupMb} MB during start-up)`);
    const aims = smallWorldAims(report);
    printAims(`aims, record world (load average ${loadavg()[0]?.toFixed(1)}):`, aims);
    writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify({ ...report, aims }, null, 2)}\n`);
    console.log(`wrote bench/results/latest.json`);

    if (args.scale) {
      // The generated world has no Alibaba group or Tencent provider for the demo personas to belong to.
      const large = await measureWorld('large', largeWorldCopy(dir), { HUTONG_DEMO: '0' });
      const scaled = summary(baseline, large);
      console.log('\nlarge world against the record world:');
      for (const [name, t] of Object.entries(scaled.targets)) {
        const before = report.targets[name as TargetName];
        console.log(
          `${name.padEnd(12)} ${(before.rps / t.rps).toFixed(2)}× slower (${before.rps} → ${t.rps} req/s, p99 ${before.p99} → ${t.p99} ms)`,
        );
      }
      console.log(`server peak RSS ${large.rssMb} MB while serving (${large.rssStartupMb} MB during start-up)`);
      const scaleAims = largeWorldAims(report, scaled);
      printAims(`aims, large world (load average ${loadavg()[0]?.toFixed(1)}):`, scaleAims);
      writeFileSync(
        join(RESULTS, 'latest-scale.json'),
        `${JSON.stringify(
          {
            ...scaled,
            aims: scaleAims,
            slowdown: Object.fromEntries(
              Object.entries(scaled.targets).map(([name, t]) => [
                name,
                Math.round((report.targets[name as TargetName].rps / t.rps) * 100) / 100,
              ]),
            ),
          },
          null,
          2,
        )}\n`,
      );
      console.log('wrote bench/results/latest-scale.json');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
