import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { checkDatabase } from '../../src/db/consistency.ts';
import { OrderAnswer, PaymentAnswer } from './answers.ts';
import { seededRandom } from './seeded-random.ts';
import { killHard, postJson, startServer, tempDatabase, type ServerProcess } from './server-process.ts';

/** One payment as the client sent it: the same key and body are sent again after a crash if it was not answered. */
interface Submission {
  orderId: string;
  shopper: string;
  key: string;
  outcome: 'succeeded' | 'declined';
}

interface Acknowledged extends Submission {
  paymentId: number;
}

export interface PaymentCrashFigures {
  cycles: number;
  /** Payments the server answered 201 before some crash (each looked up after every later crash). */
  acknowledged: number;
  /** Acknowledged payments looked up again after the crashes (each cycle re-checks all earlier ones). */
  acknowledgedChecks: number;
  /** Submissions sent but not answered when the server was killed: their batch was in flight or not yet begun. */
  inDoubtAtKill: number;
  /** Cycles killed with some of the burst answered and some not: a kill while batches were committing. */
  killsMidBurst: number;
  /** In-doubt submissions sent again, with their key, after the restart. */
  resubmitted: number;
  failures: string[];
}

const STOREFRONT = 'eleme';
const WALLET = 'alipay';

async function placeOrders(server: ServerProcess, count: number, productId: number): Promise<{ id: string; shopper: string }[]> {
  const orders = [];
  for (let i = 0; i < count; i++) {
    const shopper = `crash-${randomBytes(6).toString('hex')}`;
    const res = await postJson(server.baseUrl, '/api/orders', {
      storefront: STOREFRONT,
      shopper,
      channel: 'app',
      wallet: WALLET,
      items: [{ product: productId, quantity: 1 }],
    });
    if (res.status !== 201) throw new Error(`placing an order answered ${res.status}: ${JSON.stringify(res.body)}`);
    orders.push({ id: OrderAnswer.parse(res.body).id, shopper });
  }
  return orders;
}

async function submit(server: ServerProcess, s: Submission): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.baseUrl}/api/orders/${s.orderId}/payments`, {
    method: 'POST',
    body: JSON.stringify({ shopper: s.shopper, outcome: s.outcome }),
    headers: { 'content-type': 'application/json', 'idempotency-key': s.key },
  });
  return { status: res.status, body: await res.json() };
}

/** Every acknowledged payment is there as answered; no order and no key has two payments; db:check passes. */
function verify(path: string, acks: Map<string, Acknowledged>, orderIds: readonly string[]): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const problems = checkDatabase(db).flatMap((check) => check.problems.map((p) => `${check.name}: ${p}`));
    const byKey = db.prepare<[string], { id: number; orderId: string; outcome: string }>(
      'SELECT id, order_id AS orderId, outcome FROM payments WHERE idempotency_key = ?',
    );
    const status = db.prepare<[string], { status: string }>('SELECT status FROM orders WHERE id = ?');
    for (const ack of acks.values()) {
      const rows = byKey.all(ack.key);
      if (rows.length !== 1 || rows[0]!.id !== ack.paymentId || rows[0]!.orderId !== ack.orderId || rows[0]!.outcome !== ack.outcome) {
        problems.push(
          `acknowledged payment ${ack.paymentId} (${ack.outcome} for ${ack.orderId}) is missing or different: ${JSON.stringify(rows)}`,
        );
      }
      const expected = ack.outcome === 'succeeded' ? 'paid' : 'failed';
      if (status.get(ack.orderId)?.status !== expected)
        problems.push(`order ${ack.orderId} is not ${expected} after its acknowledged payment`);
    }
    const paymentsOf = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM payments WHERE order_id = ?');
    for (const id of orderIds) {
      const { n } = paymentsOf.get(id)!;
      // One key per order: a second row would be a payment made twice.
      if (n > 1) problems.push(`order ${id} has ${n} payments`);
    }
    return problems;
  } finally {
    db.close();
  }
}

/**
 * Kills the server (SIGKILL) while a burst of concurrent payments is being group-committed, `cycles`
 * times over one database file. Each cycle first sends again, with the same key and body, every
 * payment the last crash left unanswered (a shopper pressing Pay again), then places orders, sends
 * all their payments at once (some twice with the same key), and kills the server soon after the
 * first answer, while later batches are in flight.
 */
export async function runPaymentCrashCycles(options: {
  cycles: number;
  seed: number;
  paymentsPerCycle?: number;
  maxKillDelayMs?: number;
}): Promise<PaymentCrashFigures> {
  const random = seededRandom(options.seed);
  const database = tempDatabase();
  const acks = new Map<string, Acknowledged>();
  const orderIds: string[] = [];
  let inDoubt: Submission[] = [];
  const figures: PaymentCrashFigures = {
    cycles: 0,
    acknowledged: 0,
    acknowledgedChecks: 0,
    inDoubtAtKill: 0,
    killsMidBurst: 0,
    resubmitted: 0,
    failures: [],
  };
  const acknowledge = (s: Submission, res: { status: number; body: unknown }) => {
    if (res.status !== 201) throw new Error(`paying ${s.orderId} with key ${s.key} answered ${res.status}: ${JSON.stringify(res.body)}`);
    acks.set(s.key, { ...s, paymentId: PaymentAnswer.parse(res.body).payment.id });
  };
  try {
    let server = await startServer(database.path);
    const { body: storefront } = await fetch(`${server.baseUrl}/api/storefronts/${STOREFRONT}`).then(async (r) => ({
      body: await r.json(),
    }));
    const productId = storefront.products[0].id as number;
    for (let cycle = 1; cycle <= options.cycles + 1; cycle++) {
      if (cycle > 1) server = await startServer(database.path);
      for (const s of inDoubt) acknowledge(s, await submit(server, s));
      figures.resubmitted += inDoubt.length;
      inDoubt = [];
      // The last round only sends the in-doubt payments again and checks.
      if (cycle > options.cycles) break;

      const orders = await placeOrders(server, options.paymentsPerCycle ?? 60, productId);
      orderIds.push(...orders.map((o) => o.id));
      const submissions: Submission[] = orders.map((o) => ({
        orderId: o.id,
        shopper: o.shopper,
        key: randomBytes(18).toString('base64url'),
        outcome: random() < 0.8 ? 'succeeded' : 'declined',
      }));
      // A few double submits: the same key and body twice in the same burst.
      const sent = [...submissions, ...submissions.filter(() => random() < 0.2)];
      let killed = false;
      let firstAnswer!: () => void;
      const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const unanswered = new Set(sent.keys());
      const errors: string[] = [];
      const requests = sent.map((s, index) =>
        submit(server, s)
          .then(
            (res) => {
              unanswered.delete(index);
              firstAnswer();
              acknowledge(s, res);
            },
            (error: Error) => {
              if (!killed) errors.push(error.message);
            },
          )
          .catch((error: Error) => errors.push(error.message)),
      );
      await answered;
      await new Promise((resolve) => setTimeout(resolve, random() * (options.maxKillDelayMs ?? 40)));
      killed = true;
      await killHard(server);
      await Promise.all(requests);
      const left = [...unanswered].map((index) => sent[index]!).filter((s) => !acks.has(s.key));
      inDoubt = [...new Map(left.map((s) => [s.key, s])).values()];
      figures.inDoubtAtKill += unanswered.size;
      if (unanswered.size > 0 && unanswered.size < sent.length) figures.killsMidBurst += 1;
      figures.cycles = cycle;
      figures.acknowledgedChecks += acks.size;
      for (const problem of [...errors, ...verify(database.path, acks, orderIds)]) figures.failures.push(`cycle ${cycle}: ${problem}`);
      if (figures.failures.length > 0) return figures;
    }
    // After the in-doubt payments were sent again, every order of every burst has exactly one payment.
    await killHard(server);
    for (const problem of verify(database.path, acks, orderIds)) figures.failures.push(`after the last restart: ${problem}`);
    const missing = orderIds.filter((id) => ![...acks.values()].some((a) => a.orderId === id));
    for (const id of missing) figures.failures.push(`order ${id} was never acknowledged as paid or declined`);
  } finally {
    figures.acknowledged = acks.size;
    database.remove();
  }
  return figures;
}
