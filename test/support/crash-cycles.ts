import Database from 'better-sqlite3';
import { prepareDatabase } from '../../src/db/bootstrap.ts';
import { checkDatabase } from '../../src/db/consistency.ts';
import { closeDatabase, openDatabase } from '../../src/db/open.ts';
import pino from 'pino';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import type { IntegrationState } from '../../src/domain/model.ts';
import { TransitionAnswer } from './answers.ts';
import { orderReadyToPay } from './http-flows.ts';
import { killHard, postJson, startServer, tempDatabase, type ServerProcess } from './server-process.ts';
import { seededRandom } from './seeded-random.ts';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH } from './world.ts';

/** Writes the server answered with success: each must survive any crash that follows. */
interface Acknowledged {
  orders: Set<string>;
  payments: Map<string, { orderId: string; outcome: string }>;
  events: { storefront: string; wallet: string; version: number; verb: string }[];
}

export interface CrashFigures {
  cycles: number;
  acknowledgedWrites: number;
  /** Acknowledged writes looked up again after the crashes (each cycle re-checks all earlier ones). */
  acknowledgedChecks: number;
  failures: string[];
}

interface Lane {
  storefront: string;
  wallet: string;
  reviewer: string;
}

/** Integrations the approval drivers walk round and round the state machine. */
const LANES: Lane[] = [
  { storefront: 'taobao', wallet: 'wechat-pay', reviewer: 'tencent.reviewer' },
  { storefront: 'tmall', wallet: 'unionpay-qr', reviewer: 'unionpay.reviewer' },
];

function nextMove(state: IntegrationState, lane: Lane, random: () => number): { verb: string; by: string; extra?: object } {
  switch (state) {
    case 'not_requested':
    case 'rejected':
      return { verb: 'request', by: 'ali.ops' };
    case 'requested':
      return random() < 0.8 ? { verb: 'approve', by: lane.reviewer } : { verb: 'reject', by: lane.reviewer };
    case 'approved':
      return { verb: 'launch', by: 'ali.ops', extra: { rolloutPercent: Math.floor(random() * 101) } };
    case 'live':
      return random() < 0.5
        ? { verb: 'adjust', by: 'ali.ops', extra: { rolloutPercent: Math.floor(random() * 101) } }
        : { verb: 'suspend', by: 'ali.ops' };
    case 'suspended':
      return random() < 0.6 ? { verb: 'resume', by: 'ali.ops' } : { verb: 'revoke', by: lane.reviewer };
  }
}

async function driveApprovals(
  server: ServerProcess,
  tokens: Record<string, string>,
  lane: Lane,
  acks: Acknowledged,
  random: () => number,
  onAck: () => void,
  stopped: () => boolean,
): Promise<void> {
  const path = `/api/integrations/${lane.storefront}/${lane.wallet}`;
  while (!stopped()) {
    const current = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${tokens['ali.ops']}` } });
    const view = (await current.json()) as { state: IntegrationState; version: number };
    const move = nextMove(view.state, lane, random);
    const res = await postJson(
      server.baseUrl,
      `${path}/${move.verb}`,
      { expectedVersion: view.version, reason: `crash test ${move.verb}`, ...move.extra },
      tokens[move.by],
    );
    if (res.status !== 200) throw new Error(`${move.verb} at version ${view.version} answered ${res.status}: ${JSON.stringify(res.body)}`);
    acks.events.push({
      storefront: lane.storefront,
      wallet: lane.wallet,
      version: TransitionAnswer.parse(res.body).event.version,
      verb: move.verb,
    });
    onAck();
  }
}

async function drivePayments(
  server: ServerProcess,
  acks: Acknowledged,
  random: () => number,
  onAck: () => void,
  stopped: () => boolean,
): Promise<void> {
  while (!stopped()) {
    const wallet = random() < 0.5 ? 'alipay' : 'wechat-pay';
    const { shopper, orderId, key } = await orderReadyToPay(server.baseUrl, 'eleme', wallet);
    acks.orders.add(orderId);
    onAck();
    const outcome = random() < 0.8 ? 'succeeded' : 'declined';
    const paid = await shopper.form(`/orders/${orderId}/payments`, { wallet, outcome, idempotencyKey: key });
    if (paid.status !== 303) throw new Error(`paying ${orderId} answered ${paid.status}`);
    acks.payments.set(key, { orderId, outcome });
    onAck();
  }
}

/** Looks up every acknowledged write and runs db:check's checks; returns what is wrong. */
function verify(path: string, acks: Acknowledged): { problems: string[]; checked: number } {
  const db = new Database(path);
  try {
    const problems = checkDatabase(db).flatMap((check) => check.problems.map((p) => `${check.name}: ${p}`));
    const order = db.prepare('SELECT status FROM orders WHERE id = ?').pluck();
    const payment = db.prepare('SELECT order_id AS orderId, outcome FROM payments WHERE idempotency_key = ?');
    const event = db
      .prepare(`SELECT e.verb FROM integration_events e JOIN integrations i ON i.id = e.integration_id
      WHERE i.storefront_slug = ? AND i.wallet_slug = ? AND e.version = ?`)
      .pluck();
    for (const id of acks.orders) if (order.get(id) === undefined) problems.push(`acknowledged order ${id} is missing`);
    for (const [key, expected] of acks.payments) {
      const row = payment.get(key) as { orderId: string; outcome: string } | undefined;
      if (!row || row.orderId !== expected.orderId || row.outcome !== expected.outcome) {
        problems.push(`acknowledged payment ${key} (${expected.outcome} for ${expected.orderId}) is missing or different`);
      }
      const status = order.get(expected.orderId);
      if (status !== (expected.outcome === 'succeeded' ? 'paid' : 'failed'))
        problems.push(`order ${expected.orderId} is ${String(status)} after a ${expected.outcome} payment`);
    }
    for (const e of acks.events) {
      if (event.get(e.storefront, e.wallet, e.version) !== e.verb)
        problems.push(`acknowledged ${e.verb} v${e.version} of ${e.storefront} × ${e.wallet} is missing`);
    }
    return { problems, checked: acks.orders.size + acks.payments.size + acks.events.length };
  } finally {
    db.close();
  }
}

/** Loads the record and the personas (with a precomputed hash) and issues API tokens, so the first start is as quick as the rest. */
function prepareFile(path: string): Record<string, string> {
  const db = openDatabase(path);
  try {
    prepareDatabase(db, {
      scenario: 'record',
      now: new Date().toISOString(),
      demoPersonas: { password: DEMO_PASSWORD, passwordHash: DEMO_PASSWORD_HASH },
    });
    const people = createPeopleRepositories(db);
    const deps = { people, clock: { now: () => new Date() }, logger: pino({ level: 'silent' }), demo: true };
    return Object.fromEntries(
      ['ali.ops', 'tencent.reviewer', 'unionpay.reviewer'].map((username) => [
        username,
        issueApiToken(deps, people.users.byUsername(username)!, 'crash test').token,
      ]),
    );
  } finally {
    closeDatabase(db);
  }
}

/**
 * Starts the server on one database file `cycles` times; each time drives payments and approvals,
 * waits for at least one acknowledged write, SIGKILLs it at a random moment, and checks the file.
 */
export async function runCrashCycles(options: { cycles: number; seed: number; maxKillDelayMs?: number }): Promise<CrashFigures> {
  const random = seededRandom(options.seed);
  const database = tempDatabase();
  const acks: Acknowledged = { orders: new Set(), payments: new Map(), events: [] };
  const figures: CrashFigures = { cycles: 0, acknowledgedWrites: 0, acknowledgedChecks: 0, failures: [] };
  try {
    const tokens = prepareFile(database.path);
    let server = await startServer(database.path);
    for (let cycle = 1; cycle <= options.cycles; cycle++) {
      if (cycle > 1) server = await startServer(database.path);
      let killed = false;
      let firstAck!: () => void;
      const acknowledged = new Promise<void>((resolve) => (firstAck = resolve));
      const driverErrors: string[] = [];
      const stopped = () => killed;
      const keepGoing = (driver: Promise<void>) =>
        driver.catch((error: Error) => {
          if (!killed) driverErrors.push(error.message);
        });
      const drivers = [
        keepGoing(drivePayments(server, acks, random, firstAck, stopped)),
        keepGoing(drivePayments(server, acks, random, firstAck, stopped)),
        ...LANES.map((lane) => keepGoing(driveApprovals(server, tokens, lane, acks, random, firstAck, stopped))),
      ];
      await Promise.race([acknowledged, Promise.all(drivers)]);
      await new Promise((resolve) => setTimeout(resolve, random() * (options.maxKillDelayMs ?? 300)));
      killed = true;
      await killHard(server);
      await Promise.all(drivers);
      figures.cycles = cycle;
      const { problems, checked } = verify(database.path, acks);
      figures.acknowledgedChecks += checked;
      for (const problem of [...driverErrors, ...problems]) figures.failures.push(`cycle ${cycle}: ${problem}`);
      if (figures.failures.length > 0) break;
    }
  } finally {
    figures.acknowledgedWrites = acks.orders.size + acks.payments.size + acks.events.length;
    database.remove();
  }
  return figures;
}
