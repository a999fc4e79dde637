import { Webhook } from 'standardwebhooks';
import supertest from 'supertest';
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
const deliveries = (sandbox: CreatedSandbox, type: string) =>
  dbOf(sandbox).prepare('SELECT id, payload, created_at FROM webhook_deliveries WHERE event_type = ? ORDER BY rowid').all(type) as {
    id: string;
    payload: string;
    created_at: string;
  }[];

async function endpoint(sandbox: CreatedSandbox, events: string[]): Promise<{ secret: string }> {
  const admin = sandboxApi(world, sandbox, apiTokenFor(world, 'admin'));
  return (await admin.post('/api/webhooks').send({ url: 'http://127.0.0.1:9/hooks', events }).expect(201)).body;
}

async function placeOrder(sandbox: CreatedSandbox, shopper: string, key?: string) {
  const product = world.sandboxes!.world(sandbox.id).repos.catalog.products('eleme')[0]!;
  const request = sandboxApi(world, sandbox).post('/api/orders');
  if (key) request.set('Idempotency-Key', key);
  const res = await request
    .send({ storefront: 'eleme', shopper, channel: 'app', items: [{ product: product.id, quantity: 1 }], wallet: 'alipay' })
    .expect(201);
  return res.body as { id: string; status: string; expiresAt: string };
}

describe('moving a sandbox clock applies everything due on the way', () => {
  it('from 2 Sept to 15 Oct 2021 the record’s own WeChat Pay reports take effect: listed in the answer, written as signed messages with their source', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-09-02T00:00:00Z' });
    const { secret } = await endpoint(sandbox, ['integration.*']);
    const wechatPayAtKaola = async () =>
      (await sandboxApi(world, sandbox).get('/api/storefronts/kaola/wallets').expect(200)).body.wallets.find(
        (w: { wallet: string }) => w.wallet === 'wechat-pay',
      );
    expect((await wechatPayAtKaola()).shown).toBe(false);

    const moved = await sandboxOwnerApi(world, sandbox).moveClock({ to: '2021-10-15T00:00:00Z' }).expect(200);

    expect((await wechatPayAtKaola()).shown).toBe(true);
    const { changes } = moved.body.moved;
    expect(moved.body.tookEffect).toBe(changes.length);
    expect(changes.length).toBeGreaterThanOrEqual(5);
    expect(changes).toContainEqual({
      at: '2021-09-30T23:59:59.999Z',
      storefront: 'kaola',
      wallet: 'wechat-pay',
      verb: 'reported',
      state: 'live',
      type: 'integration.reported',
      sourceFile: '002_c38cf0f4a4e7f84b.txt',
      href: `/sandboxes/${sandbox.id}/console/integrations/kaola/wechat-pay`,
    });
    expect(moved.body.moved).toMatchObject({ from: '2021-09-02T00:00:00.000Z', to: '2021-10-15T00:00:00.000Z', ordersExpired: [] });
    // One message per change for the one endpoint, in time order; the move counts them.
    const rows = dbOf(sandbox)
      .prepare("SELECT id, payload FROM webhook_deliveries WHERE event_type LIKE 'integration.%' ORDER BY rowid")
      .all() as {
      id: string;
      payload: string;
    }[];
    expect(rows).toHaveLength(changes.length);
    expect(moved.body.moved.messages).toBe(changes.length);
    const kaola = rows.map((r) => JSON.parse(r.payload)).find((m) => m.data.integration.storefront === 'kaola');
    expect(kaola).toMatchObject({
      type: 'integration.reported',
      timestamp: '2021-09-30T23:59:59.999Z',
      data: { integration: { wallet: 'wechat-pay', state: 'live' }, event: { verb: 'reported', sourceFile: '002_c38cf0f4a4e7f84b.txt' } },
    });
    expect(webhookMessageViolation('integration', kaola)).toBeNull();
    // The row is what is signed and sent: it signs with the endpoint's secret and verifies (the sending is the sender's test).
    const row = rows.find((r) => JSON.parse(r.payload).data.integration.storefront === 'kaola')!;
    const sentAt = new Date();
    const signature = new Webhook(secret).sign(row.id, sentAt, row.payload);
    const headers = {
      'webhook-id': row.id,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': signature,
    };
    expect(new Webhook(secret).verify(row.payload, headers)).toMatchObject({ type: 'integration.reported' });

    // Moving on announces none of them again.
    const again = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
    expect(again.body.moved).toMatchObject({ changes: [], messages: 0 });
    expect(dbOf(sandbox).prepare('SELECT count(*) FROM webhook_deliveries').pluck().get()).toBe(changes.length);
  });

  it('an order left unpaid past its cashier’s expiry becomes expired, with order.expired, once the clock passes it — not before', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' });
    await endpoint(sandbox, ['order.*']);
    const order = await placeOrder(sandbox, 'qa-expiry');
    expect(order).toMatchObject({ status: 'awaiting_payment', expiresAt: '2021-10-15T14:00:00.000Z' });
    const receipt = async () => (await sandboxApi(world, sandbox).get(`/api/orders/${order.id}?shopper=qa-expiry`).expect(200)).body;

    const early = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT1H' }).expect(200);
    expect(early.body.moved.ordersExpired).toEqual([]);
    expect((await receipt()).status).toBe('awaiting_payment');

    const late = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
    expect(late.body.moved.ordersExpired).toEqual([
      {
        at: '2021-10-15T14:00:00.000Z',
        order: order.id,
        storefront: 'eleme',
        wallet: 'alipay',
        href: `/sandboxes/${sandbox.id}/orders/${order.id}`,
      },
    ]);
    expect(late.body.moved.messages).toBe(1);
    expect(await receipt()).toMatchObject({ status: 'expired', expiresAt: '2021-10-15T14:00:00.000Z' });
    expect(dbOf(sandbox).prepare('SELECT status, updated_at FROM orders WHERE id = ?').get(order.id)).toEqual({
      status: 'expired',
      updated_at: '2021-10-15T14:00:00.000Z',
    });
    const [expired, ...more] = deliveries(sandbox, 'order.expired');
    expect(more).toEqual([]);
    const message = JSON.parse(expired!.payload);
    expect(message).toMatchObject({
      type: 'order.expired',
      timestamp: '2021-10-15T14:00:00.000Z',
      data: { order: { id: order.id, status: 'expired' } },
    });
    expect(webhookMessageViolation('order', message)).toBeNull();
  });

  it('drops an Idempotency-Key once its 24 hours have passed on the sandbox’s clock, and not a moment before', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' });
    await placeOrder(sandbox, 'qa-keys', 'key-of-qa-0001');
    const keys = () => dbOf(sandbox).prepare('SELECT idem_key FROM idempotency_keys').pluck().all();
    expect(keys()).toEqual(['key-of-qa-0001']);

    const almost = await sandboxOwnerApi(world, sandbox).moveClock({ to: '2021-10-16T12:00:00Z' }).expect(200);
    expect(almost.body.moved.keysDropped).toBe(0);
    expect(keys()).toEqual(['key-of-qa-0001']);

    const past = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT1S' }).expect(200);
    expect(past.body.moved.keysDropped).toBe(1);
    expect(keys()).toEqual([]);
  });

  it('refuses a duration it cannot read, naming `advance`, with an example it can; never goes back or past 9999', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' });
    const owner = sandboxOwnerApi(world, sandbox);
    const months = await owner.moveClock({ advance: '2 months' }).expect(400);
    expect(months.body.errors).toEqual([
      { path: 'advance', message: 'Months and years have no fixed length: give days instead, such as P60D.' },
    ]);
    const nonsense = await owner.moveClock({ advance: '3 days' }).expect(400);
    expect(nonsense.body.errors).toEqual([
      {
        path: 'advance',
        message:
          'Not a duration the clock can move by: give one such as P1D, PT2H, P1W or P1DT12H (ISO-8601), short enough that the clock stays within 1970–9999.',
      },
    ]);
    expect((await owner.moveClock({ advance: 'P2DT3H' }).expect(200)).body.now).toBe('2021-10-17T15:00:00.000Z');
    expect((await owner.moveClock({ to: '2021-10-01T00:00:00Z' }).expect(409)).body.code).toBe('clock_backwards');
    expect((await owner.moveClock({ advance: 'P3000000D' }).expect(400)).body.errors[0].path).toBe('advance');
    expect((await owner.get().expect(200)).body.now).toBe('2021-10-17T15:00:00.000Z');
  });

  it('a token keeps working however far a sandbox’s clock moves: tokens run on real time', async () => {
    const token = apiTokenFor(world, 'admin');
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' });
    await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P4000D' }).expect(200);
    await sandboxApi(world, sandbox, token).get('/api/webhooks').expect(200);
    await supertest(world.app).get('/api/webhooks').set('Authorization', `Bearer ${token}`).expect(200);
  });
});

describe('the cashier expiry, as /reasons gives it', () => {
  it('cites WeChat Pay’s guide for its 2 hours and labels the others Hutong’s assumption', async () => {
    const page = await supertest(world.app).get('/reasons').expect(200);
    expect(page.text).toContain('How long an order can be paid');
    expect(page.text).toContain('href="https://pay.weixin.qq.com/wiki/doc/api/wxpay/en/pay/NativePay/chapter4_2.shtml"');
    expect(page.text).toContain('<strong>Assumption.</strong> An assumption, not Alipay’s documented value');
  });
});

describe('the clock page', () => {
  it('offers steps and a date; after a move it lists what took effect, linking to each, and leads back', async () => {
    const agent = supertest.agent(world.app);
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-09-29T00:00:00Z' }, agent);
    const base = sandbox.baseUrl;
    const page = await agent.get(`${base}/sandbox/clock`).expect(200);
    for (const step of ['PT1H', 'P1D', 'P1W', 'P30D']) expect(page.text).toContain(`name="advance" value="${step}"`);
    expect(page.text).toContain('name="to" type="datetime-local"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

    const moved = await agent
      .post(`${base}/sandbox/clock`)
      .type('form')
      .send({ _csrf: csrf, advance: 'P30D', next: `${base}/shop/kaola` })
      .expect(303);
    const report = await agent.get(String(moved.headers.location)).expect(200);
    expect(report.text).toContain('What took effect');
    expect(report.text).toMatch(/<strong>\d+<\/strong> changes applied/);
    expect(report.text).toContain(`href="${base}/console/integrations/kaola/wechat-pay">kaola × wechat-pay</a>: reported → live`);
    expect(report.text).toContain('source: 002_c38cf0f4a4e7f84b.txt');
    expect(report.text).toContain(`href="${base}/shop/kaola">Back to where you were`);

    const jumped = await agent
      .post(`${base}/sandbox/clock`)
      .type('form')
      .send({ _csrf: csrf, to: '2021-12-01T08:00', next: '/' })
      .expect(303);
    expect((await sandboxOwnerApi(world, sandbox).get()).body.now).toBe('2021-12-01T08:00:00.000Z');
    expect((await agent.get(String(jumped.headers.location)).expect(200)).text).toMatch(/<strong>0<\/strong> orders expired/);

    // Typed in the form, words are read too.
    await agent.post(`${base}/sandbox/clock`).type('form').send({ _csrf: csrf, advance: '1 day 2 hours', next: '/' }).expect(303);
    expect((await sandboxOwnerApi(world, sandbox).get()).body.now).toBe('2021-12-02T10:00:00.000Z');
    const bad = await agent.post(`${base}/sandbox/clock`).type('form').send({ _csrf: csrf, advance: '2 months', next: '/' }).expect(400);
    expect(bad.text).toContain('Months and years have no fixed length: give days instead, such as P60D or &#34;60 days&#34;.');
    expect(bad.text).toContain('value="2 months"');
    const back = await agent
      .post(`${base}/sandbox/clock`)
      .type('form')
      .send({ _csrf: csrf, to: '2021-01-01T00:00', next: '/' })
      .expect(409);
    expect(back.text).toMatch(/id="clock-to-error" class="field-error">The sandbox clock only moves forward/);
    expect((await sandboxOwnerApi(world, sandbox).get()).body.now).toBe('2021-12-02T10:00:00.000Z');
  });
});
