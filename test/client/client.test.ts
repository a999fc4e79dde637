import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookDispatcher } from '../../src/actions/webhook-dispatcher.ts';
import { createHutong, type Hutong, HutongProblem, isProblem } from '../../src/client/index.ts';
import { webhookReceiver } from '../../src/playwright/webhook-receiver.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

/** Whatever `action` throws (a test of a refusal fails if nothing is thrown). */
async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('hutong/client against a listening Hutong', () => {
  let world: TestWorld;
  let server: Server;
  let hutong: Hutong;

  beforeAll(async () => {
    world = newWorld({ sandboxes: {} });
    server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hutong = createHutong({ baseUrl, token: await createHutong({ baseUrl }).token('admin') });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    world.close();
  });

  it('throws a HutongProblem with the status, code, detail and request id of a refusal', async () => {
    const error = await thrownBy(() => hutong.token('admin', { password: 'not-the-password' }));
    expect(error).toBeInstanceOf(HutongProblem);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', operation: 'createToken' });
    expect((error as HutongProblem).requestId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  });

  it('narrows a refused order to its 409 problem, whose reason says why the wallet is hidden', async () => {
    const decision = await hutong.wallets('taobao-deals', { channel: 'app', shopper: 's-1' });
    expect(decision.wallets.find((w) => w.wallet === 'wechat-pay')).toMatchObject({ shown: false, reason: 'PENDING_PROVIDER_APPROVAL' });

    const order = {
      storefront: 'taobao-deals',
      shopper: 's-1',
      channel: 'app' as const,
      items: [{ product: 1, quantity: 1 }],
      wallet: 'wechat-pay',
    };
    const { data } = await hutong.api.GET('/api/storefronts/{slug}', { params: { path: { slug: 'taobao-deals' } } });
    order.items[0]!.product = data!.products[0]!.id;
    const error = await thrownBy(() => hutong.orders.place(order));
    expect(isProblem(error, 'placeOrder', 409)).toBe(true);
    if (isProblem(error, 'placeOrder', 409))
      expect([error.problem.code, error.problem.reason]).toEqual(['wallet_not_shown', 'PENDING_PROVIDER_APPROVAL']);
    expect(count(world.db, 'orders', 'storefront_slug = ?', 'taobao-deals')).toBe(0);
  });

  it('pays once for two calls with one idempotency key; a new key is a new attempt, refused once the order has failed', async () => {
    const { data } = await hutong.api.GET('/api/storefronts/{slug}', { params: { path: { slug: 'eleme' } } });
    const items = [{ product: data!.products[0]!.id, quantity: 1 }];
    const order = await hutong.orders.place({ storefront: 'eleme', shopper: 's-2', channel: 'app', items, wallet: 'alipay' });
    const declined = { shopper: 's-2', outcome: 'declined' as const };

    const first = await hutong.orders.pay(order.id, declined, { idempotencyKey: 'retry-key-0001' });
    const again = await hutong.orders.pay(order.id, declined, { idempotencyKey: 'retry-key-0001' });
    expect(again.payment.id).toBe(first.payment.id);
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);

    const error = await thrownBy(() => hutong.orders.pay(order.id, { shopper: 's-2', outcome: 'succeeded' }));
    expect(error).toMatchObject({ status: 409, code: 'conflict' });
    expect((await hutong.orders.get(order.id, 's-2')).status).toBe('failed');
    expect(count(world.db, 'payments', 'order_id = ?', order.id)).toBe(1);
  });

  it('drives a sandbox: its own world under /sandboxes/<id>, its clock moved from the default world', async () => {
    const created = await hutong.sandboxes.create({ scenario: 'record', clock: '2021-09-01T08:00:00Z' });
    expect((await hutong.sandboxes.list()).map((s) => s.id)).toEqual([created.id]);
    const inside = hutong.sandbox(created.id);
    expect(inside.url).toMatch(new RegExp(`/sandboxes/${created.id}$`));
    const wechat = async () => (await inside.wallets('kaola')).wallets.find((w) => w.wallet === 'wechat-pay');
    expect(await wechat()).toMatchObject({ shown: false });

    const moved = await inside.clock.advance('P44D');
    expect(moved.now).toBe('2021-10-15T08:00:00.000Z');
    expect(await inside.clock.now()).toBe('2021-10-15T08:00:00.000Z');
    expect(await wechat()).toMatchObject({ shown: true, reason: 'SHOWN' });
    expect(await thrownBy(() => inside.clock.to('2021-09-01T00:00:00Z'))).toMatchObject({ status: 409, code: 'clock_backwards' });

    await hutong.sandboxes.delete(created.id);
    expect(await thrownBy(() => inside.wallets('kaola'))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('subscribes a loopback receiver, which keeps only messages signed with its endpoint’s secret', async () => {
    const created = await hutong.sandboxes.create({ scenario: 'record', clock: '2021-10-15T08:00:00Z' });
    // The default world's token works inside the sandbox: one identity for every world.
    const inside = hutong.sandbox(created.id);
    const receiver = await webhookReceiver(inside);
    try {
      const { id } = await receiver.subscribe(['order.*']);
      expect((await inside.webhooks.list()).map((w) => w.id)).toEqual([id]);
      const { data } = await inside.api.GET('/api/storefronts/{slug}', { params: { path: { slug: 'kaola' } } });
      const order = await inside.orders.place({
        storefront: 'kaola',
        shopper: 's-3',
        channel: 'app',
        items: [{ product: data!.products[0]!.id, quantity: 1 }],
        wallet: 'alipay',
      });
      // The test world runs no background sender: send the sandbox's outbox once, as the server's would.
      const sandboxWorld = world.sandboxes!.world(created.id);
      const sender = webhookDispatcher({
        repos: sandboxWorld.repos,
        clock: sandboxWorld.clock,
        logger: pino({ level: 'silent' }),
        allow: ['loopback'],
        retry: { schedule: [1000], jitter: 0 },
      });
      await sender.deliverDue();
      const placed = await receiver.waitFor('order.placed');
      expect(placed.data).toMatchObject({ order: { id: order.id, status: 'awaiting_payment' } });

      const forged = await fetch(receiver.url, {
        method: 'POST',
        headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' },
        body: '{"type":"order.paid","timestamp":"2021-10-15T08:00:00Z","data":{}}',
      });
      expect(forged.status).toBe(400);
      expect(receiver.deliveries.map((d) => d.type)).toEqual(['order.placed']);
      expect(receiver.rejected).toHaveLength(1);

      await inside.webhooks.delete(id);
      expect(await inside.webhooks.list()).toEqual([]);
    } finally {
      await receiver.close();
      await hutong.sandboxes.delete(created.id);
    }
  });
});
