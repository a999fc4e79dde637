import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { newOrderId } from '../../src/actions/orders.ts';
import { createSandbox, sandboxApi } from '../support/sandboxes.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

const offered = (html: string) => [...html.matchAll(/<input type="radio" name="wallet" value="([a-z-]+)"/g)].map((m) => m[1]!);
const idleFish = () => world.repos.integrations.find('idle-fish', 'wechat-pay')!;

/** The example: Tencent approves Idle Fish × WeChat Pay and Alibaba schedules its launch for 2030. */
async function launchScheduledFor2030() {
  const as = (username: string) => ({ Authorization: `Bearer ${apiToken(world, username)}` });
  await supertest(world.app)
    .post('/api/integrations/idle-fish/wechat-pay/approve')
    .set(as('tencent.reviewer'))
    .send({ expectedVersion: idleFish().version, reason: 'ok' })
    .expect(200);
  await supertest(world.app)
    .post('/api/integrations/idle-fish/wechat-pay/launch')
    .set(as('ali.ops'))
    .send({ expectedVersion: idleFish().version, effectiveAt: '2030-01-01T00:00:00Z' })
    .expect(200);
}

describe('the future is reached by the clock, not by asOf', () => {
  it('previews the 2031 checkout, labelled as not yet happened, but placing the order there is 409 and writes nothing', async () => {
    await launchScheduledFor2030();
    const shopper = await shopperWithCart(world, 'idle-fish');
    const today = await shopper.page('/shop/idle-fish/checkout');
    expect(today.status).toBe(200);
    expect(offered(today.text)).not.toContain('wechat-pay');
    expect(today.text).toContain('SCHEDULED');

    const preview = await shopper.page('/shop/idle-fish/checkout?asOf=2031-01-01');
    expect(preview.status).toBe(200);
    expect(offered(preview.text)).toContain('wechat-pay');
    expect(preview.text).toContain('has not happened yet');

    const orders = count(world.db, 'orders');
    const refused = await shopper.form('/shop/idle-fish/orders?asOf=2031-01-01', { channel: 'app', wallet: 'wechat-pay' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('has not happened yet');
    expect(refused.text).toContain('move the sandbox&#39;s clock to 2031-01-01');
    expect(count(world.db, 'orders')).toBe(orders);
    expect(count(world.db, 'cart_items')).toBe(1);
  });

  it('POST /api/orders with an asOf after the clock is 409 future_not_reached, and no order is written', async () => {
    await launchScheduledFor2030();
    const product = world.repos.catalog.products('idle-fish')[0]!;
    const body = {
      storefront: 'idle-fish',
      shopper: 'api-shopper-1',
      channel: 'app',
      items: [{ product: product.id, quantity: 1 }],
      wallet: 'wechat-pay',
    };
    const res = await supertest(world.app)
      .post('/api/orders')
      .send({ ...body, asOf: '2031-01-01' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'future_not_reached', asOf: '2031-01-01T23:59:59.999Z', now: '2026-11-22T09:00:00.000Z' });
    expect(res.body.detail).toContain("move the sandbox's clock to 2031-01-01");
    expect(count(world.db, 'orders')).toBe(0);
    // Today WeChat Pay is scheduled, not live; a past asOf places the order as it stood then, and keeps it.
    expect((await supertest(world.app).post('/api/orders').send(body)).body).toMatchObject({ code: 'wallet_not_shown' });
    const past = await supertest(world.app)
      .post('/api/orders')
      .send({ ...body, wallet: 'alipay', asOf: '2021-10-15' })
      .expect(201);
    expect(world.repos.orders.get(past.body.id).placedAsOf).toBe('2021-10-15T23:59:59.999Z');
  });

  it('paying an order placed for a time the clock has not reached is 409, on the cashier and the API, and no payment is written', async () => {
    await launchScheduledFor2030();
    const shopper = await shopperWithCart(world, 'idle-fish');
    const cookieShopper = world.db.prepare('SELECT shopper_id FROM carts LIMIT 1').pluck().get() as string;
    // An order placed for 2031 before such orders were refused.
    const id = newOrderId();
    const product = world.repos.catalog.products('idle-fish')[0]!;
    world.repos.orders.create(
      {
        id,
        shopperId: cookieShopper,
        storefrontSlug: 'idle-fish',
        channel: 'app',
        walletSlug: 'wechat-pay',
        totalFen: product.priceFen,
        placedAsOf: '2031-01-01T23:59:59.999Z',
        host: null,
        expiresAt: null,
      },
      [{ productId: product.id, name: product.name, unitPriceFen: product.priceFen, quantity: 1 }],
      '2026-11-22T09:00:00.000Z',
    );

    const cashier = await shopper.page(`/orders/${id}/pay`);
    expect(cashier.status).toBe(200);
    expect(cashier.text).toContain('has not happened yet');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]!;
    const page = await shopper.form(`/orders/${id}/payments`, { wallet: 'wechat-pay', outcome: 'succeeded', idempotencyKey: key });
    expect(page.status).toBe(409);
    expect(page.text).toContain('has not happened yet');

    const api = await supertest(world.app)
      .post(`/api/orders/${id}/payments`)
      .set('Idempotency-Key', 'future-key-0001')
      .send({ shopper: cookieShopper, outcome: 'succeeded' });
    expect(api.status).toBe(409);
    expect(api.body.code).toBe('future_not_reached');
    expect(count(world.db, 'payments')).toBe(0);
    expect(world.repos.orders.get(id).status).toBe('awaiting_payment');
  });

  it('in a sandbox, the clock moved past the launch reaches it: the same order is placed and paid', async () => {
    const sandboxes = newWorld({ scenario: 'record', sandboxes: {} });
    try {
      const sandbox = await createSandbox(sandboxes, { scenario: 'record', clock: '2026-12-01T08:00:00Z' });
      const as = (username: string) => sandboxApi(sandboxes, sandbox, apiToken(sandboxes, username));
      const inside = sandboxes.sandboxes!.world(sandbox.id);
      const version = () => inside.repos.integrations.find('idle-fish', 'wechat-pay')!.version;
      await as('tencent.reviewer')
        .post('/api/integrations/idle-fish/wechat-pay/approve')
        .send({ expectedVersion: version(), reason: 'ok' })
        .expect(200);
      await as('ali.ops')
        .post('/api/integrations/idle-fish/wechat-pay/launch')
        .send({ expectedVersion: version(), effectiveAt: '2030-01-01T00:00:00Z' })
        .expect(200);
      const product = inside.repos.catalog.products('idle-fish')[0]!;
      const order = {
        storefront: 'idle-fish',
        shopper: 'sandbox-shopper',
        channel: 'app',
        items: [{ product: product.id, quantity: 1 }],
        wallet: 'wechat-pay',
        asOf: '2031-01-01',
      };
      const early = await sandboxApi(sandboxes, sandbox).post('/api/orders').send(order);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('future_not_reached');
      expect(count(inside.db, 'orders')).toBe(0);

      await supertest(sandboxes.app)
        .post(`/api/sandboxes/${sandbox.id}/clock`)
        .set('Cookie', sandbox.ownerCookie)
        .send({ to: '2031-01-02T00:00:00Z' })
        .expect(200);
      const placed = await sandboxApi(sandboxes, sandbox).post('/api/orders').send(order).expect(201);
      await sandboxApi(sandboxes, sandbox)
        .post(`/api/orders/${placed.body.id}/payments`)
        .set('Idempotency-Key', 'sandbox-future-key-1')
        .send({ shopper: 'sandbox-shopper', outcome: 'succeeded' })
        .expect(201);
      expect(inside.repos.orders.get(placed.body.id).status).toBe('paid');
    } finally {
      sandboxes.close();
    }
  });
});
