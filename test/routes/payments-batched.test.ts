import type { Server } from 'node:http';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { PaymentAnswer, ProblemAnswer } from '../support/answers.ts';
import { burstFromAnotherThread, type BurstAnswer } from '../support/burst.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Payments are group-committed. A client in this thread shares the server's event loop, so its
// requests reach the server one by one; bursts sent from another thread arrive together and share
// transactions. The COMMITs the app's connection runs are counted. The database syncs each commit, as in
// production: the requests that arrive while one batch is on its way to disk make the next batch.
let world: TestWorld;
let server: Server;
let commits = 0;
beforeEach(() => {
  world = newWorld({ durable: true, onStatement: (sql) => sql === 'COMMIT' && commits++ });
  server = world.app.listen(0);
  return () => {
    server.close();
    world.close();
  };
});

let keys = 0;
const newKey = () => `batched-key-${process.pid}-${++keys}-${Date.now()}`;

async function placeOrders(n: number, wallet = 'alipay'): Promise<{ id: string; shopper: string }[]> {
  const { body: storefront } = await supertest(server).get('/api/storefronts/eleme').expect(200);
  const orders = [];
  for (let i = 0; i < n; i++) {
    const shopper = `batched-shopper-${i}`;
    const { body } = await supertest(server)
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper, channel: 'app', wallet, items: [{ product: storefront.products[0].id, quantity: 1 }] })
      .expect(201);
    orders.push({ id: body.id as string, shopper });
  }
  return orders;
}

function pay(order: { id: string; shopper: string }, key: string, outcome = 'succeeded') {
  return supertest(server).post(`/api/orders/${order.id}/payments`).set('Idempotency-Key', key).send({ shopper: order.shopper, outcome });
}

const paymentRequest = (order: { id: string; shopper: string }, key: string, outcome = 'succeeded') => ({
  method: 'POST',
  path: `/api/orders/${order.id}/payments`,
  headers: { 'content-type': 'application/json', 'idempotency-key': key },
  body: JSON.stringify({ shopper: order.shopper, outcome }),
});

/** Sends the payments all at once from another thread; answers them with how many COMMITs the app ran meanwhile. */
async function burst(
  requests: ReturnType<typeof paymentRequest>[],
): Promise<{ answers: (BurstAnswer & { body: unknown })[]; commits: number }> {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const before = commits;
  const answers = await burstFromAnotherThread(`http://127.0.0.1:${port}`, requests);
  return { answers: answers.map((a) => ({ ...a, body: JSON.parse(a.text) })), commits: commits - before };
}

const ids = (orders: { id: string }[]) => JSON.stringify(orders.map((o) => o.id));

describe('group-committed payments over HTTP', () => {
  it('50 concurrent payments of 50 orders through supertest: every answer is 201 and paid, and there are 50 payment rows', async () => {
    const orders = await placeOrders(50);
    const answers = await Promise.all(orders.map((order) => pay(order, newKey())));
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answer.body.order.status).toBe('paid');
      expect(answer.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(new Set(answers.map((a) => a.body.payment.id)).size).toBe(50);
    expect(count(world.db, 'payments', "outcome = 'succeeded' AND order_id IN (SELECT value FROM json_each(?))", ids(orders))).toBe(50);
    expect(count(world.db, 'orders', "status = 'paid' AND id IN (SELECT value FROM json_each(?))", ids(orders))).toBe(50);
  });

  it('50 payments arriving together are committed by a few COMMITs, not 50; each is answered 201 and is in the database', async () => {
    const orders = await placeOrders(50);
    const { answers, commits: used } = await burst(orders.map((order) => paymentRequest(order, newKey())));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(answers.map((a) => PaymentAnswer.parse(a.body).order.id)).toEqual(orders.map((o) => o.id));
    expect(count(world.db, 'payments', "outcome = 'succeeded' AND order_id IN (SELECT value FROM json_each(?))", ids(orders))).toBe(50);
    expect(used).toBeGreaterThanOrEqual(1);
    expect(used).toBeLessThan(25);
  });

  it('50 concurrent submissions of one key make one payment and one webhook per event; 49 answers are the replay', async () => {
    world.repos.webhooks.createEndpoint({
      id: 'whk_batched',
      url: 'http://127.0.0.1:9/hook',
      events: ['payment.*', 'order.paid'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      createdBy: 'admin',
      owner: { kind: 'all' },
      createdAt: world.clock.now().toISOString(),
    });
    const [order] = await placeOrders(1);
    const key = newKey();
    const { answers } = await burst(Array.from({ length: 50 }, () => paymentRequest(order!, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(new Set(answers.map((a) => PaymentAnswer.parse(a.body).payment.id)).size).toBe(1);
    expect(count(world.db, 'payments', 'order_id = ?', order!.id)).toBe(1);
    expect(
      world.db
        .prepare<[string], { event_type: string }>('SELECT event_type FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY event_type')
        .all('whk_batched')
        .map((r) => r.event_type),
    ).toEqual(['order.paid', 'payment.succeeded']);
  });

  it('a refused payment fails alone in its batch: the paid order is 409, the reused key with another body 422, the rest 201', async () => {
    const orders = await placeOrders(12);
    const [paidBefore, reused, ...others] = orders;
    await pay(paidBefore!, newKey()).expect(201);
    const key = newKey();
    const { answers } = await burst([
      paymentRequest(paidBefore!, newKey()),
      paymentRequest(reused!, key, 'succeeded'),
      paymentRequest(reused!, key, 'declined'),
      ...others.map((order) => paymentRequest(order, newKey())),
    ]);
    expect(answers[0]!.status).toBe(409);
    expect(ProblemAnswer.parse(answers[0]!.body).detail).toMatch(/already paid/);
    expect([answers[1]!.status, answers[2]!.status].sort()).toEqual([201, 422]);
    expect(answers.slice(3).map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(count(world.db, 'payments', 'order_id = ?', paidBefore!.id)).toBe(1);
    expect(count(world.db, 'payments', 'idempotency_key = ?', key)).toBe(1);
    expect(count(world.db, 'payments', "outcome = 'succeeded' AND order_id IN (SELECT value FROM json_each(?))", ids(others))).toBe(10);
  });
});
