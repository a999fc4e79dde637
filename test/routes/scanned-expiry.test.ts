import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookMessageViolation } from '../support/contract.ts';
import { createSandbox, sandboxApi, sandboxOwnerApi, type CreatedSandbox } from '../support/sandboxes.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
});
afterEach(() => world.close());

const dbOf = (sandbox: CreatedSandbox) => world.sandboxes!.world(sandbox.id).db;
const payloads = (sandbox: CreatedSandbox, type: string) =>
  (dbOf(sandbox).prepare('SELECT payload FROM webhook_deliveries WHERE event_type = ? ORDER BY rowid').pluck().all(type) as string[]).map(
    (p) => JSON.parse(p),
  );

describe('a scanned order expires with the clock', () => {
  it('scanned → awaiting confirmation → expired when the sandbox’s clock passes its expiry, with order.expired', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' });
    const admin = sandboxApi(world, sandbox, apiTokenFor(world, 'admin'));
    await admin
      .post('/api/webhooks')
      .send({ url: 'http://127.0.0.1:9/hooks', events: ['order.*'] })
      .expect(201);
    const api = sandboxApi(world, sandbox);
    const product = world.sandboxes!.world(sandbox.id).repos.catalog.products('eleme')[0]!;
    const placed = await api
      .post('/api/orders')
      .send({ storefront: 'eleme', shopper: 'qr-1', channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet: 'wechat-pay' })
      .expect(201);
    const orderId = placed.body.id as string;
    const scanned = await api.post(`/api/orders/${orderId}/scan`).send({ shopper: 'qr-1' }).expect(200);
    expect(scanned.body).toMatchObject({ status: 'awaiting_confirmation', expiresAt: placed.body.expiresAt });

    // Before the expiry: still awaiting confirmation.
    const early = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT1M' }).expect(200);
    expect(early.body.moved.ordersExpired).toEqual([]);
    expect((await api.get(`/api/orders/${orderId}?shopper=qr-1`).expect(200)).body.status).toBe('awaiting_confirmation');

    const late = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
    expect(late.body.moved.ordersExpired.map((o: { order: string }) => o.order)).toEqual([orderId]);
    expect((await api.get(`/api/orders/${orderId}?shopper=qr-1`).expect(200)).body.status).toBe('expired');
    expect(dbOf(sandbox).prepare('SELECT status, scanned_at IS NOT NULL AS scanned FROM orders WHERE id = ?').get(orderId)).toEqual({
      status: 'expired',
      scanned: 1,
    });
    const types = dbOf(sandbox).prepare('SELECT event_type FROM webhook_deliveries ORDER BY rowid').pluck().all();
    expect(types).toEqual(['order.placed', 'order.scanned', 'order.expired']);
    const [expired] = payloads(sandbox, 'order.expired');
    expect(expired.data.order).toMatchObject({ id: orderId, status: 'expired' });
    expect(webhookMessageViolation('order', expired)).toBeNull();
    expect(webhookMessageViolation('order', payloads(sandbox, 'order.scanned')[0])).toBeNull();
  });
});
