import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import supertest from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import type { HostResolver, ResolvedAddress } from '../../src/actions/webhook-target.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Host names are resolved by a table, never by real DNS: evil.test and pinned.test exist only here.
// Every receiver listens on 127.0.0.1.
const ALLOW = ['evil.test', 'pinned.test', 'loopback'];
let names: Record<string, ResolvedAddress[]>;
const resolve: HostResolver = async (hostname) => {
  const found = names[hostname] ?? (/^[\d.]+$/.test(hostname) ? [{ address: hostname, family: 4 }] : undefined);
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found;
};
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });

let world: TestWorld;
let app: ReturnType<typeof createApp>;
let admin: string;
const receiver = await webhookReceiver();
const port = new URL(receiver.url).port;
afterAll(() => receiver.close());
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: new Date().toISOString() });
  app = createApp({ db: world.db, clock: world.clock, config: { HUTONG_WEBHOOK_ALLOW: ALLOW.join(',') }, webhookResolve: resolve });
  admin = apiTokenFor(world, 'admin');
  names = { 'evil.test': [v4('127.0.0.1')], 'pinned.test': [v4('127.0.0.1')] };
  receiver.received.length = 0;
  receiver.status = 200;
  return () => world.close();
});

const dispatcher = () =>
  webhookDispatcher({
    repos: world.repos,
    clock: world.clock,
    logger: pino({ level: 'silent' }),
    allow: ALLOW,
    resolve,
    retry: { schedule: [1000, 2000], jitter: 0 },
    timeoutMs: 300,
  });
const create = (url: string) =>
  supertest(app)
    .post('/api/webhooks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ url, events: ['order.placed'] });
const deliveries = (id: string) => supertest(app).get(`/api/webhooks/${id}/deliveries`).set('Authorization', `Bearer ${admin}`).expect(200);

async function placeOrder(shopper: string): Promise<void> {
  const product = world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'eleme' ORDER BY id LIMIT 1").pluck().get();
  await supertest(app)
    .post('/api/orders')
    .send({ storefront: 'eleme', shopper, channel: 'app', items: [{ product, quantity: 1 }], wallet: 'alipay' })
    .expect(201);
}

/** A port on 127.0.0.1 nothing listens on (it was free a moment ago, and nothing here takes it). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('a webhook’s host name is resolved, and every address checked, when it is made', () => {
  it('refuses a listed name that resolves to a private address, or to loopback among public ones: 400 on url, no row', async () => {
    for (const addresses of [[v4('10.0.0.1')], [v4('93.184.216.34'), v4('169.254.169.254')]]) {
      names['evil.test'] = addresses;
      const res = await create(`http://evil.test:${port}/hooks`).expect(400);
      expect(res.body.code).toBe('bad_request');
      expect(res.body.errors).toEqual([{ path: 'url', message: expect.stringMatching(/^evil\.test resolves to an address on a private/) }]);
    }
    names['evil.test'] = [v4('93.184.216.34'), v4('127.0.0.1')];
    const onlyNamed = createApp({
      db: world.db,
      clock: world.clock,
      config: { HUTONG_WEBHOOK_ALLOW: 'evil.test' },
      webhookResolve: resolve,
    });
    const loopback = await supertest(onlyNamed)
      .post('/api/webhooks')
      .set('Authorization', `Bearer ${admin}`)
      .send({ url: 'http://evil.test/hooks', events: ['*'] })
      .expect(400);
    expect(loopback.body.errors[0]).toEqual({
      path: 'url',
      message: 'evil.test resolves to a loopback address, and HUTONG_WEBHOOK_ALLOW=evil.test does not include loopback',
    });
    const unresolved = await create('http://pinned.test.invalid/hooks').expect(400);
    expect(unresolved.body.errors[0].path).toBe('url');
    expect(count(world.db, 'webhook_endpoints')).toBe(0);
  });
});

describe('each delivery resolves the name again and connects only to the address it checked', () => {
  it('a name resolving to 127.0.0.1 is reached there, with its own name in the Host header', async () => {
    const hook = (await create(`http://pinned.test:${port}/hooks`).expect(201)).body as { id: string };
    await placeOrder('pinned-1');
    expect(await dispatcher().deliverDue()).toBe(1);
    const [got] = await receiver.waitFor(1);
    expect(got!.headers.host).toBe(`pinned.test:${port}`);
    const log = await deliveries(hook.id);
    expect(log.body.deliveries[0]).toMatchObject({ status: 'delivered', lastStatusCode: 200, lastError: null });
  });

  it('a name that now resolves to a refused address fails the attempt with why, and nothing is sent', async () => {
    const hook = (await create(`http://evil.test:${port}/hooks`).expect(201)).body as { id: string };
    await placeOrder('evil-1');
    names['evil.test'] = [v4('127.0.0.1'), v4('10.0.0.1')];
    expect(await dispatcher().deliverDue()).toBe(1);
    expect(receiver.received).toEqual([]);
    const row = world.db
      .prepare('SELECT status, attempts, last_status, last_error FROM webhook_deliveries WHERE endpoint_id = ?')
      .get(hook.id);
    expect(row).toEqual({
      status: 'failed', // not retried: the allow list would refuse it again
      attempts: 1,
      last_status: null,
      last_error:
        'evil.test resolves to an address on a private or reserved network, which HUTONG_WEBHOOK_ALLOW=evil.test,pinned.test,loopback does not list (the address is not named, so that DNS inside the network is not read through this message)',
    });
  });

  it('a closed port and a port that never answers both read "could not connect", with no duration; an answer keeps its status', async () => {
    const silent: Server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const closed = (await create(`http://127.0.0.1:${await closedPort()}/hooks`).expect(201)).body as { id: string };
      const hanging = (await create(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/hooks`).expect(201)).body as { id: string };
      const answering = (await create(receiver.url).expect(201)).body as { id: string };
      receiver.status = 404;
      await placeOrder('ports-1');
      expect(await dispatcher().deliverDue()).toBe(3);
      const first = async (id: string) => (await deliveries(id)).body.deliveries[0];
      for (const id of [closed.id, hanging.id]) {
        const delivery = await first(id);
        expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'could not connect' });
        expect(delivery.attemptLog).toEqual([expect.objectContaining({ statusCode: null, error: 'could not connect', durationMs: 0 })]);
      }
      expect(await first(answering.id)).toMatchObject({ lastStatusCode: 404, lastError: 'answered 404' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});
