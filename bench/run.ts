import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { measure, timing, type Figures, type Measured } from './measure.ts';
import { chooseStorefront, newShopper, addToCart, firstProductId, placeOrders } from './prepare.ts';
import { paymentPool } from './payment-pool.ts';
import { buildServer, ROOT, serve, type Served } from './processes.ts';
import { atLeast, atMost, printAims, type Aim } from './aims.ts';
import { growthCurve } from './growth.ts';
import { sandboxAims, thousandSandboxes, type ThousandSandboxes } from './sandboxes.ts';
import { largeWorldCopy } from './large-world.ts';
import { adminSessionIn, pageTargets, pairedRatio, timePages, type PageTime } from './pages.ts';
import { conditionsAtStart, loadMark, resultFiles } from './results-writer.ts';
import { webhooksDeadBench, type WebhooksDeadResult } from './webhooks-dead.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'boolean', default: false },
    // Writes a CPU profile of the app (bench/results/*.cpuprofile) for the run.
    profile: { type: 'boolean', default: false },
    // The same pages on worlds of 10 to 10,000 storefronts: bench/results/growth.json and docs/growth.svg.
    growth: { type: 'boolean', default: false },
    // Only the thousand sandboxes (created, visited, then RSS and the checkout in the last one), printed.
    sandboxes: { type: 'boolean', default: false },
    // How many sandboxes `--scale` or `--sandboxes` makes (1,000 for the aim; fewer while developing).
    'sandbox-count': { type: 'string', default: '1000' },
    // `--only payments`: the baseline and the payment run alone (about 40 s), printed, not written to latest.json.
    only: { type: 'string' },
    // Development: 1 s of warm-up and 3 s per target, 1,000 orders; printed, never written (not a complete run).
    quick: { type: 'boolean', default: false },
  },
});
if (args.only !== undefined && args.only !== 'payments') throw new Error(`--only takes "payments", not "${args.only}"`);
const sandboxCount = Number(args['sandbox-count']);
if (!Number.isInteger(sandboxCount) || sandboxCount < 2)
  throw new Error(`--sandbox-count takes a whole number ≥ 2, not "${args['sandbox-count']}"`);
if (args.quick) Object.assign(timing, { warmUpSeconds: 1, measureSeconds: 3 });
const RESULTS = join(ROOT, 'bench', 'results');
/** Enough orders for the payment warm-up; the measured run gets as many again as the warm-up rate needs. */
const ORDERS_FOR_WARM_UP = args.quick ? 1_000 : 5_000;
/** When the run began, on what, and how busy the machine was: in every file written, beside every figure printed. */
const conditions = conditionsAtStart(`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`);
const mark = loadMark(conditions);

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
  const m = conditions.machine;
  return `${m.cpus} × ${m.model}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}, load average ${conditions.loadAverage.start.join(' ')} at the start`;
}

const loadNow = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** A target's figures; beside bare Express (in the same run): its server CPU per answer and its throughput, as ratios. */
function show(
  name: string,
  f: Figures & { statuses?: Record<string, number>; serverCpuUs?: number | undefined; bareCpuUs?: number | undefined },
  baseline?: Figures & { serverCpuUs?: number },
): void {
  // Against bare Express measured just before the target when it was (the ratio the aims use).
  const bareCpu = f.bareCpuUs ?? baseline?.serverCpuUs;
  const cpuRatio = baseline && bareCpu && f.serverCpuUs ? ` (${(f.serverCpuUs / bareCpu).toFixed(2)}× bare Express's ${bareCpu} µs)` : '';
  const cpu = f.serverCpuUs === undefined ? '' : `  server CPU ${f.serverCpuUs} µs/answer${cpuRatio}`;
  const ratio = baseline ? `  throughput ${(f.rps / baseline.rps).toFixed(2)}× bare Express` : '';
  console.log(
    `${name.padEnd(12)} ${String(f.rps).padStart(7)} req/s  p50 ${String(f.p50).padStart(3)} ms  p99 ${String(f.p99).padStart(3)} ms${cpu}${ratio}${f.statuses ? `  ${JSON.stringify(f.statuses)}` : ''}${mark}`,
  );
}

/**
 * Bare Express's server CPU per answer, measured again (1 s warm-up, 4 s) just before a target:
 * the load of a shared machine moves both alike when they are seconds apart, not minutes.
 */
async function besideBare(bare: Served): Promise<number | undefined> {
  const m = await measure(
    { url: `${bare.baseUrl}/` },
    { serverPid: bare.pid, seconds: { warmUp: 1, measure: Math.min(4, timing.measureSeconds) } },
  );
  return m.serverCpuUs;
}

async function measureWorld(
  server: string,
  bare: Served,
  world: string,
  databasePath: string,
  env: Record<string, string> = {},
): Promise<WorldResult> {
  /** A target measured right after bare Express, with its CPU per answer beside it. */
  const beside = async (target: Parameters<typeof measure>[0], serverPid: number): Promise<Measured> => {
    const bareCpuUs = await besideBare(bare);
    return { ...(await measure(target, { serverPid })), ...(bareCpuUs === undefined ? {} : { bareCpuUs }) };
  };
  const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`] : [];
  const serverEnv = { DATABASE_PATH: databasePath, HUTONG_SCENARIO: 'record', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env };
  const app = await serve(server, serverEnv, { nodeArgs });
  try {
    const slug = await chooseStorefront(app.baseUrl, 'eleme');
    const shopper = await newShopper(app.baseUrl, slug);
    await addToCart(app.baseUrl, slug, shopper, await firstProductId(app.baseUrl, slug, shopper));
    console.log(`\n${world} world: storefront ${slug}`);
    const orders = paymentPool(app.baseUrl, slug, await placeOrders(app.baseUrl, slug, ORDERS_FOR_WARM_UP));

    const targets = {} as Record<TargetName, Measured>;
    if (args.only === 'payments') {
      targets.payment = await measurePayments(app.pid, orders, databasePath);
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
    targets.home = await beside({ url: `${app.baseUrl}/` }, app.pid);
    show('home', targets.home);
    targets.checkout = await beside({ url: `${app.baseUrl}/shop/${slug}/checkout`, headers: { cookie: shopper.cookie } }, app.pid);
    show('checkout', targets.checkout);
    targets.decisionApi = await beside({ url: `${app.baseUrl}/api/storefronts/${slug}/wallets?shopper=${shopper.id}` }, app.pid);
    show('decisionApi', targets.decisionApi);
    // Every middleware of the pages, then the not-found page: what the stack costs before any route.
    targets.notFound = await beside({ url: `${app.baseUrl}/no-such-page` }, app.pid);
    show('notFound', targets.notFound);
    const bareBeforePayments = await besideBare(bare);
    targets.payment = {
      ...(await measurePayments(app.pid, orders, databasePath)),
      ...(bareBeforePayments === undefined ? {} : { bareCpuUs: bareBeforePayments }),
    };
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

async function measurePayments(serverPid: number, orders: ReturnType<typeof paymentPool>, databasePath: string): Promise<Measured> {
  const paymentsBefore = countPayments(databasePath);
  const payment = await measure(orders.target(), {
    serverPid,
    afterWarmUp: async (warmUpRps) => {
      // Orders are placed between warm-up and measurement, through the same routes a shopper uses:
      // twice what the warm-up's rate needs, and refilled during the run if it goes faster still.
      const needed = Math.ceil(warmUpRps * timing.measureSeconds * 2) + 1_000;
      console.log(`placing orders through the routes for the payment run, up to ${needed} waiting…`);
      await orders.fillTo(needed);
      orders.keepAtLeast(Math.ceil(warmUpRps * 2) + 200, Math.ceil(warmUpRps * 2) + 200);
    },
  });
  const { placedWhileRunning, dry } = await orders.stop();
  show('payment', payment);
  if (placedWhileRunning > 0 || dry > 0)
    console.log(
      `the payment run went faster than its warm-up: ${placedWhileRunning} orders placed while it ran (their CPU is in the figure)${dry > 0 ? `, ${dry} requests paid an order already paid` : ''}${mark}`,
    );
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

function summary(baseline: Figures & { serverCpuUs?: number }, result: WorldResult) {
  const targets = Object.fromEntries(
    Object.entries(result.targets).map(([name, t]) => [
      name,
      {
        rps: t.rps,
        p50: t.p50,
        p99: t.p99,
        serverCpuUs: t.serverCpuUs,
        bareCpuUs: t.bareCpuUs,
        ratio: Math.round((t.rps / baseline.rps) * 100) / 100,
        // Against bare Express measured just before it (else the run's first baseline).
        cpuRatio: cpuRatioOf(t, { serverCpuUs: t.bareCpuUs ?? baseline.serverCpuUs }),
      },
    ]),
  ) as Record<TargetName, Figures & { ratio: number; cpuRatio: number; serverCpuUs?: number; bareCpuUs?: number }>;
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
  };
}

/** Server CPU per answer ÷ bare Express's in the same run (NaN when either was not measured). */
function cpuRatioOf(t: { serverCpuUs?: number | undefined }, baseline: { serverCpuUs?: number | undefined }): number {
  if (!t.serverCpuUs || !baseline.serverCpuUs) return Number.NaN;
  return Math.round((t.serverCpuUs / baseline.serverCpuUs) * 100) / 100;
}
type Summary = ReturnType<typeof summary>;

/** Issue 26's aims that one world's run answers: server CPU per answer ÷ bare Express's in the same run. */
function smallWorldAims(s: Summary): Aim[] {
  const t = s.targets;
  return [
    atMost('404 through the middleware, server CPU ÷ bare Express', t.notFound.cpuRatio, 1.5, '×'),
    atMost('decision API, server CPU ÷ bare Express', t.decisionApi.cpuRatio, 1.6, '×'),
    atMost('checkout page, server CPU ÷ bare Express', t.checkout.cpuRatio, 2.2, '×'),
    atMost('checkout page p99 at 50 connections', t.checkout.p99, 30, ' ms'),
    atMost('home page, server CPU ÷ bare Express', t.home.cpuRatio, 2.5, '×'),
    atLeast('payments at synchronous=FULL', t.payment.rps, 2500, '/s'),
    atMost('payments p99', t.payment.p99, 50, ' ms'),
    atMost('server RSS while serving', s.rssMb, 150, ' MB'),
    atMost('first answer after start (restart)', s.firstAnswerMs.restart, 1500, ' ms'),
    atMost('first answer after start (new database)', s.firstAnswerMs.fresh, 1500, ' ms'),
  ];
}

/**
 * Webhooks at volume (bench/webhooks-dead.ts): the healthy endpoints' delivery latency beside 90
 * endpoints that never answer, and messages per second to one healthy loopback receiver with
 * 10,000 waiting. In-process (the dispatcher over its own database), after the record world.
 */
async function webhooksAtVolume(): Promise<{ aims: Aim[]; figures: WebhooksDeadResult }> {
  const r = await webhooksDeadBench();
  console.log(
    `\nwebhooks: ${Math.round(r.messagesPerSecond)} messages/s to one receiver (${r.throughputMessages} waiting); healthy endpoints' delivery p50 ${r.healthyP50Ms} ms, p99 ${r.healthyP99Ms} ms beside 90 dead (${r.samples} messages)${mark}`,
  );
  return {
    figures: r,
    aims: [
      atLeast('webhooks: messages/s to one receiver', r.messagesPerSecond, 500, '/s'),
      atMost('webhooks: healthy endpoint p99 beside 90 dead', r.healthyP99Ms, 1000, ' ms'),
    ],
  };
}

function largeWorldAims(small: Summary, large: Summary): Aim[] {
  const page = (name: string) => large.pages[name]?.medianMs ?? Number.NaN;
  return [
    atMost('admin storefront page ÷ signed-out (large)', large.adminOverSignedOut?.ratio ?? Number.NaN, 1.2, '×'),
    atMost('/console (large)', page('console'), 50, ' ms'),
    // Server CPU per answer, each world's ÷ bare Express measured just before it: the two worlds are
    // measured minutes apart, and a shared machine's load moves in minutes (req/s moves with it too).
    atMost(
      'home page large ÷ record world (server CPU ÷ bare Express)',
      large.targets.home.cpuRatio / small.targets.home.cpuRatio,
      1.2,
      '×',
    ),
    atMost('review coverage (large)', page('review coverage'), 100, ' ms'),
    atMost('review metrics (large)', page('review metrics'), 60, ' ms'),
    atMost('review diff (large)', page('review diff'), 60, ' ms'),
    atMost('server RSS while serving (large)', large.rssMb, 150, ' MB'),
    atMost('first answer after start (large, restart)', large.firstAnswerMs.restart, 1500, ' ms'),
  ];
}

function printThousandSandboxes(t: ThousandSandboxes): void {
  console.log(
    `\n${t.count} sandboxes made and visited in ${t.seconds} s: creation median ${t.creationMs.median} ms (slowest ${t.creationMs.max} ms), server peak RSS ${t.peakRssMb} MB${mark}`,
  );
  show('checkout (main world)', t.checkout.main);
  show(`checkout (sandbox #${t.count})`, t.checkout.last);
  console.log(`checkout in sandbox #${t.count} ÷ main world, server CPU per answer: ${t.checkoutRatio}×${mark}`);
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-'));
  // Whatever stops the run (an error, Ctrl-C), its databases go; servers are stopped by processes.ts.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const files = resultFiles(RESULTS);
  const complete = !args.quick && args.only === undefined;
  const stopAtEnd: Served[] = [];
  try {
    if (args.growth) {
      await growthCurve(dir, machine());
      return;
    }
    const server = buildServer();
    if (args.sandboxes) {
      const profiled = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${RESULTS}`] : [];
      const thousand = await thousandSandboxes(dir, server, sandboxCount, {}, profiled);
      printThousandSandboxes(thousand);
      printAims(`aims, sandboxes (load average ${loadNow()} now):`, sandboxAims(thousand), mark);
      return;
    }
    console.log(
      `Hutong benchmark on ${machine()}: 50 connections, ${timing.warmUpSeconds} s warm-up, ${timing.measureSeconds} s per target${mark}`,
    );
    // Bare Express runs through the whole run: once at the start (the figures below), and again just before each target.
    const bare = await serve('bench/baseline.ts', {});
    stopAtEnd.push(bare);
    const first = await measure({ url: `${bare.baseUrl}/` }, { serverPid: bare.pid });
    show('baseline', first);
    const baseline = {
      rps: first.rps,
      p50: first.p50,
      p99: first.p99,
      ...(first.serverCpuUs === undefined ? {} : { serverCpuUs: first.serverCpuUs }),
    };
    const small = await measureWorld(server, bare, 'record', join(dir, 'record.sqlite'));
    if (args.only === 'payments') {
      show('payment', small.targets.payment, baseline);
      console.log(`load average ${loadNow()}`);
      return;
    }
    const report = summary(baseline, small);
    console.log('\nrecord world, beside bare Express in this run:');
    for (const [name, t] of Object.entries(report.targets)) show(name, t, baseline);
    console.log(`server peak RSS ${small.rssMb} MB while serving (${small.rssStartupMb} MB during start-up)${mark}`);
    const webhooks = await webhooksAtVolume();
    const aims = [...smallWorldAims(report), ...webhooks.aims];
    printAims(`aims, record world and webhooks (load average ${loadNow()} now):`, aims, mark);
    files.stage('latest.json', { ...report, webhooks: webhooks.figures, aims });

    if (args.scale) {
      // The generated world has no Alibaba group or Tencent provider for the demo personas to belong to.
      const large = await measureWorld(server, bare, 'large', largeWorldCopy(dir), { HUTONG_DEMO: '0' });
      const scaled = summary(baseline, large);
      console.log('\nlarge world against the record world:');
      for (const [name, t] of Object.entries(scaled.targets)) {
        const before = report.targets[name as TargetName];
        console.log(
          `${name.padEnd(12)} ${(before.rps / t.rps).toFixed(2)}× slower (${before.rps} → ${t.rps} req/s, p99 ${before.p99} → ${t.p99} ms, server CPU ${before.serverCpuUs} → ${t.serverCpuUs} µs/answer, ${before.cpuRatio} → ${t.cpuRatio}× bare Express beside it)${mark}`,
        );
      }
      console.log(`server peak RSS ${large.rssMb} MB while serving (${large.rssStartupMb} MB during start-up)${mark}`);
      const thousand = await thousandSandboxes(dir, server, sandboxCount);
      printThousandSandboxes(thousand);
      const scaleAims = [...largeWorldAims(report, scaled), ...sandboxAims(thousand)];
      printAims(`aims, large world and ${sandboxCount} sandboxes (load average ${loadNow()} now):`, scaleAims, mark);
      files.stage('latest-scale.json', {
        ...scaled,
        aims: scaleAims,
        sandboxes: thousand,
        slowdown: Object.fromEntries(
          Object.entries(scaled.targets).map(([name, t]) => [
            name,
            Math.round((report.targets[name as TargetName].rps / t.rps) * 100) / 100,
          ]),
        ),
      });
    }
    console.log(`\nthe run took ${Math.round((Date.now() - Date.parse(conditions.date)) / 1000)} s`);
    if (complete) for (const name of files.commit(conditions)) console.log(`wrote bench/results/${name}`);
    else console.log('\nnot written to bench/results (--quick or --only: not a complete run)');
  } finally {
    for (const served of stopAtEnd) await served.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  // One line: what failed. The servers are stopped (processes.ts) and bench/results is as it was.
  console.error(`\nbench: failed: ${error instanceof Error ? error.message : String(error)} (bench/results left as it was)`);
  process.exitCode = 1;
}
