import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { serverSecret } from '../../src/db/settings.ts';
import { csrfTokenFor } from '../../src/http/csrf.ts';
import { ROUTES } from '../support/bad-input.ts';
import { sandboxOwnedByKey } from '../support/sandboxes.ts';
import { apiTokenFor, rowsSnapshot, visitor, type Visitor } from '../support/sessions.ts';
import { DEMO_PASSWORD, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
  return () => world.close();
});
const app = () => supertest(world.app);

interface Prepared {
  path: string;
  fields: Record<string, unknown>;
  headers?: Record<string, string>;
  /** The form's token where it is not the default world's (inside a sandbox). */
  csrf?: string;
}

/** A sandbox the visitor `v` owns (its owner cookie added to theirs), and the CSRF token its pages give `v` (its own secret). */
function sandboxFor(v: Visitor): { id: string; csrf: string; headers: Record<string, string> } {
  const { id, ownerCookie } = sandboxOwnedByKey(world);
  const shopper = /hutong_shopper=([^;]+)/.exec(v.cookie)![1]!;
  return {
    id,
    csrf: csrfTokenFor(serverSecret(world.sandboxes!.world(id).db), `shopper:${shopper}`),
    headers: { Cookie: `${v.cookie}; ${ownerCookie}` },
  };
}

/** How one state-changing route is used for real: who calls it, and a request that succeeds. */
interface StateChange {
  route: string;
  as: 'shopper' | 'admin' | 'bearer' | 'json';
  prepare(v: Visitor): Promise<Prepared>;
}

const productId = () =>
  world.db.prepare(`SELECT id FROM products WHERE storefront_slug = 'eleme' ORDER BY id LIMIT 1`).pluck().get() as number;

function post(v: Visitor, path: string, fields: Record<string, unknown>) {
  return app()
    .post(path)
    .set('Cookie', v.cookie)
    .type('form')
    .send({ _csrf: v.csrf, ...fields });
}

async function withCart(v: Visitor): Promise<void> {
  await post(v, '/shop/eleme/cart', { productId: productId(), quantity: 1 }).expect(303);
}

async function withOrder(v: Visitor): Promise<{ orderId: string; key: string }> {
  await withCart(v);
  const placed = await post(v, '/shop/eleme/orders', { channel: 'app', wallet: 'alipay' }).expect(303);
  const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
  const cashier = await app().get(`/orders/${orderId}/pay`).set('Cookie', v.cookie).expect(200);
  return { orderId, key: /name="idempotencyKey" value="([^"]+)"/.exec(cashier.text)![1]! };
}

/** An adjust held for a second operator, ready for someone else to approve; returns its id. */
function heldChange(requestedBy = 'ali.ops'): number {
  const integration = world.repos.integrations.find('tmall', 'alipay')!;
  return world.repos.changeRequests.insert({
    integrationId: integration.id,
    verb: 'adjust',
    expectedVersion: integration.version,
    reason: 'csrf test',
    effectiveAt: null,
    rules: { rolloutPercent: 50 },
    requestedBy,
    requestedAt: world.clock.now().toISOString(),
  });
}

function version(storefront: string, wallet: string): number {
  return world.repos.integrations.find(storefront, wallet)!.version;
}

/** An endpoint of ali.ops's group (an admin manages it too), made through the API. */
async function endpoint(): Promise<string> {
  const made = await app()
    .post('/api/webhooks')
    .set('Authorization', `Bearer ${apiTokenFor(world, 'ali.ops')}`)
    .send({ url: 'http://127.0.0.1:9/hooks', events: ['*'] })
    .expect(201);
  return made.body.id as string;
}

/** A message of `id` that failed for good (only a delivered or failed one is sent again); returns its id. */
async function failedMessage(id: string): Promise<string> {
  const test = await app()
    .post(`/api/webhooks/${id}/test`)
    .set('Authorization', `Bearer ${apiTokenFor(world, 'ali.ops')}`)
    .expect(202);
  const at = world.clock.now().toISOString();
  world.repos.webhooks.recordAttempt(
    {
      deliveryId: test.body.id,
      attempt: 1,
      at,
      statusCode: 500,
      error: 'answered 500',
      durationMs: 1,
      requestHeaders: null,
      responseBody: null,
      fault: null,
    },
    { status: 'failed', nextAttemptAt: null },
  );
  return test.body.id as string;
}

const STATE_CHANGES: StateChange[] = [
  {
    route: 'POST /shop/:slug/cart',
    as: 'shopper',
    prepare: async () => ({ path: '/shop/eleme/cart', fields: { productId: productId(), quantity: 1 } }),
  },
  {
    route: 'POST /shop/:slug/cart/:productId',
    as: 'shopper',
    prepare: async (v) => {
      await withCart(v);
      return { path: `/shop/eleme/cart/${productId()}`, fields: { quantity: 3 } };
    },
  },
  {
    route: 'POST /shop/:slug/orders',
    as: 'shopper',
    prepare: async (v) => {
      await withCart(v);
      return { path: '/shop/eleme/orders', fields: { channel: 'app', wallet: 'alipay' } };
    },
  },
  {
    route: 'POST /orders/:id/payments',
    as: 'shopper',
    prepare: async (v) => {
      const { orderId, key } = await withOrder(v);
      return { path: `/orders/${orderId}/payments`, fields: { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key } };
    },
  },
  {
    route: 'POST /orders/:id/scan',
    as: 'shopper',
    prepare: async (v) => {
      await withCart(v);
      const placed = await post(v, '/shop/eleme/orders', { channel: 'app', wallet: 'wechat-pay' }).expect(303);
      const orderId = /\/orders\/([\w-]+)\/pay/.exec(placed.headers.location!)![1]!;
      return { path: `/orders/${orderId}/scan`, fields: {} };
    },
  },
  {
    route: 'POST /orders/:id/retry',
    as: 'shopper',
    prepare: async (v) => {
      const { orderId, key } = await withOrder(v);
      await post(v, `/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'declined', idempotencyKey: key }).expect(303);
      return { path: `/orders/${orderId}/retry`, fields: { wallet: 'alipay' } };
    },
  },
  {
    route: 'POST /orders/:id/give-up',
    as: 'shopper',
    prepare: async (v) => {
      const { orderId, key } = await withOrder(v);
      await post(v, `/orders/${orderId}/payments`, { wallet: 'alipay', outcome: 'expired', idempotencyKey: key }).expect(303);
      return { path: `/orders/${orderId}/give-up`, fields: {} };
    },
  },
  { route: 'POST /shopper/new', as: 'shopper', prepare: async () => ({ path: '/shopper/new', fields: { next: '/' } }) },
  {
    route: 'POST /sign-in',
    as: 'shopper',
    prepare: async () => ({ path: '/sign-in', fields: { username: 'viewer', password: DEMO_PASSWORD } }),
  },
  { route: 'POST /sign-out', as: 'admin', prepare: async () => ({ path: '/sign-out', fields: {} }) },
  { route: 'POST /account/tokens', as: 'admin', prepare: async () => ({ path: '/account/tokens', fields: { label: 'CI' } }) },
  {
    route: 'POST /account/tokens/:id/revoke',
    as: 'admin',
    prepare: async () => {
      apiTokenFor(world, 'admin');
      const id = world.db
        .prepare(`SELECT max(t.id) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'admin'`)
        .pluck()
        .get();
      return { path: `/account/tokens/${id}/revoke`, fields: {} };
    },
  },
  {
    route: 'POST /console/integrations/:storefront/:wallet/:verb',
    as: 'admin',
    prepare: async () => ({
      path: '/console/integrations/taobao/wechat-pay/request',
      fields: { expectedVersion: version('taobao', 'wechat-pay'), reason: 'csrf test' },
    }),
  },
  {
    route: 'POST /api/integrations/:storefront/:wallet/:verb',
    as: 'bearer',
    prepare: async () => ({
      path: '/api/integrations/tmall/wechat-pay/request',
      fields: { expectedVersion: version('tmall', 'wechat-pay'), reason: 'csrf test' },
    }),
  },
  {
    route: 'POST /api/links/:host/:surface/:platform/:verb',
    as: 'bearer',
    prepare: async () => ({
      path: '/api/links/wechat/group_chat/taobao/request',
      fields: {
        expectedVersion: world.repos.links.find({ host: 'wechat', surface: 'group_chat', platform: 'taobao' })?.version,
        reason: 'csrf test',
        behaviour: 'direct',
      },
    }),
  },
  {
    route: 'POST /console/links/:host/:surface/:platform/:verb',
    as: 'admin',
    prepare: async () => ({
      path: '/console/links/wechat/group_chat/taobao/set',
      fields: {
        expectedVersion: world.repos.links.find({ host: 'wechat', surface: 'group_chat', platform: 'taobao' })?.version,
        reason: 'csrf test',
        behaviour: 'direct',
      },
    }),
  },
  {
    route: 'POST /console/policies/:group',
    as: 'admin',
    prepare: async () => ({ path: '/console/policies/alibaba', fields: { secondOperator: 'off' } }),
  },
  {
    route: 'POST /console/change-requests/:id/approve',
    as: 'admin',
    prepare: async () => {
      const change = heldChange();
      return { path: `/console/change-requests/${change}/approve`, fields: {} };
    },
  },
  {
    route: 'POST /api/change-requests/:id/approve',
    as: 'bearer',
    prepare: async () => ({ path: `/api/change-requests/${heldChange('admin')}/approve`, fields: {} }),
  },
  {
    route: 'POST /console/change-requests/:id/reject',
    as: 'admin',
    prepare: async () => ({ path: `/console/change-requests/${heldChange()}/reject`, fields: { reason: 'Not now' } }),
  },
  {
    route: 'POST /console/change-requests/:id/withdraw',
    as: 'admin',
    prepare: async () => ({ path: `/console/change-requests/${heldChange('admin')}/withdraw`, fields: {} }),
  },
  {
    route: 'POST /api/change-requests/:id/reject',
    as: 'bearer',
    prepare: async () => ({ path: `/api/change-requests/${heldChange('admin')}/reject`, fields: { reason: 'Not now' } }),
  },
  {
    route: 'POST /api/change-requests/:id/withdraw',
    as: 'bearer',
    prepare: async () => ({ path: `/api/change-requests/${heldChange('ali.ops')}/withdraw`, fields: {} }),
  },
  {
    route: 'POST /api/tokens',
    as: 'json',
    prepare: async () => ({ path: '/api/tokens', fields: { username: 'viewer', password: DEMO_PASSWORD } }),
  },
  { route: 'POST /api/orders', as: 'json', prepare: async () => ({ path: '/api/orders', fields: apiOrder('csrf-1') }) },
  {
    route: 'POST /api/carts',
    as: 'json',
    prepare: async () => ({ path: '/api/carts', fields: { storefront: 'eleme', shopper: 'csrf-4' } }),
  },
  {
    route: 'POST /api/carts/:id/lines',
    as: 'json',
    prepare: async () => {
      const cart = await app().post('/api/carts').send({ storefront: 'eleme', shopper: 'csrf-5' }).expect(201);
      return { path: `/api/carts/${cart.body.id}/lines`, fields: { shopper: 'csrf-5', product: productId() } };
    },
  },
  {
    route: 'POST /api/carts/:id/order',
    as: 'json',
    prepare: async () => {
      const cart = await app().post('/api/carts').send({ storefront: 'eleme', shopper: 'csrf-6' }).expect(201);
      await app().post(`/api/carts/${cart.body.id}/lines`).send({ shopper: 'csrf-6', product: productId() }).expect(200);
      return { path: `/api/carts/${cart.body.id}/order`, fields: { shopper: 'csrf-6', channel: 'app', wallet: 'alipay' } };
    },
  },
  {
    route: 'POST /api/orders/:id/payments',
    as: 'json',
    prepare: async () => {
      const placed = await app().post('/api/orders').send(apiOrder('csrf-2')).expect(201);
      return {
        path: `/api/orders/${placed.body.id}/payments`,
        fields: { shopper: 'csrf-2', outcome: 'succeeded' },
        headers: { 'Idempotency-Key': 'csrf-test-key-1' },
      };
    },
  },
  {
    route: 'POST /api/orders/:id/scan',
    as: 'json',
    prepare: async () => {
      const placed = await app()
        .post('/api/orders')
        .send({ ...apiOrder('csrf-scan'), wallet: 'wechat-pay' })
        .expect(201);
      return { path: `/api/orders/${placed.body.id}/scan`, fields: { shopper: 'csrf-scan' } };
    },
  },
  {
    route: 'POST /api/orders/:id/refunds',
    as: 'bearer',
    prepare: async () => ({
      path: `/api/orders/${await paidApiOrder('csrf-refund')}/refunds`,
      fields: { amount: 100 },
      headers: { 'Idempotency-Key': 'csrf-refund-key-1' },
    }),
  },
  {
    route: 'POST /console/orders/:id/refunds',
    as: 'admin',
    prepare: async () => ({
      path: `/console/orders/${await paidApiOrder('csrf-console-refund')}/refunds`,
      fields: { amount: '1.00', refunds: '0' },
    }),
  },
  {
    route: 'POST /api/webhooks',
    as: 'bearer',
    prepare: async () => ({ path: '/api/webhooks', fields: { url: 'http://127.0.0.1:9/hooks', events: ['*'] } }),
  },
  {
    route: 'POST /shop/:slug/share/:productId',
    as: 'shopper',
    prepare: async () => ({
      path: `/shop/taobao/share/${world.db.prepare("SELECT id FROM products WHERE storefront_slug = 'taobao' ORDER BY id LIMIT 1").pluck().get() as number}`,
      fields: { target: 'wechat/one_to_one' },
    }),
  },
  { route: 'POST /api/sandboxes', as: 'json', prepare: async () => ({ path: '/api/sandboxes', fields: { scenario: 'record' } }) },
  {
    route: 'POST /api/sandboxes/:id/clock',
    as: 'json',
    prepare: async (v) => {
      const sandbox = sandboxFor(v);
      return { path: `/api/sandboxes/${sandbox.id}/clock`, fields: { advance: 'P1D' }, headers: sandbox.headers };
    },
  },
  { route: 'POST /sandboxes', as: 'shopper', prepare: async () => ({ path: '/sandboxes', fields: { scenario: 'record', clock: '' } }) },
  {
    route: 'POST /sandboxes/delete',
    as: 'shopper',
    prepare: async (v) => {
      const sandbox = sandboxFor(v);
      return { path: '/sandboxes/delete', fields: { id: sandbox.id }, headers: sandbox.headers };
    },
  },
  {
    route: 'POST /sandbox/clock',
    as: 'shopper',
    prepare: async (v) => {
      const sandbox = sandboxFor(v);
      return {
        path: `/sandboxes/${sandbox.id}/sandbox/clock`,
        fields: { advance: 'PT1H', next: '/' },
        csrf: sandbox.csrf,
        headers: sandbox.headers,
      };
    },
  },
  ...(['disable', 'enable', 'rotate-secret', 'test'] as const).map(
    (verb): StateChange => ({
      route: `POST /api/webhooks/:id/${verb}`,
      as: 'bearer',
      prepare: async () => ({ path: `/api/webhooks/${await endpoint()}/${verb}`, fields: {} }),
    }),
  ),
  {
    route: 'POST /api/webhooks/:id/deliveries/:deliveryId/resend',
    as: 'bearer',
    prepare: async () => {
      const id = await endpoint();
      return { path: `/api/webhooks/${id}/deliveries/${await failedMessage(id)}/resend`, fields: {} };
    },
  },
  {
    route: 'POST /api/webhooks/:id/resend-failed',
    as: 'bearer',
    prepare: async () => {
      const id = await endpoint();
      await failedMessage(id);
      return { path: `/api/webhooks/${id}/resend-failed`, fields: { since: '2000-01-01T00:00:00Z' } };
    },
  },
  {
    route: 'POST /webhooks',
    as: 'admin',
    prepare: async () => ({ path: '/webhooks', fields: { url: 'http://127.0.0.1:9/hooks', events: '*' } }),
  },
  {
    route: 'POST /webhooks/:id',
    as: 'admin',
    prepare: async () => ({ path: `/webhooks/${await endpoint()}`, fields: { url: 'http://127.0.0.1:9/other', events: '*', version: 1 } }),
  },
  ...(['disable', 'enable', 'rotate', 'test'] as const).map(
    (verb): StateChange => ({
      route: `POST /webhooks/:id/${verb}`,
      as: 'admin',
      prepare: async () => ({ path: `/webhooks/${await endpoint()}/${verb}`, fields: verb === 'rotate' ? { version: 1 } : {} }),
    }),
  ),
  {
    route: 'POST /webhooks/:id/deliveries/:deliveryId/resend',
    as: 'admin',
    prepare: async () => {
      const id = await endpoint();
      return { path: `/webhooks/${id}/deliveries/${await failedMessage(id)}/resend`, fields: {} };
    },
  },
  {
    route: 'POST /webhooks/:id/resend-failed',
    as: 'admin',
    prepare: async () => {
      const id = await endpoint();
      await failedMessage(id);
      return { path: `/webhooks/${id}/resend-failed`, fields: { since: '2000-01-01T00:00' } };
    },
  },
];

function apiOrder(shopper: string) {
  return { storefront: 'eleme', shopper, channel: 'app', items: [{ product: productId(), quantity: 1 }], wallet: 'alipay' };
}

/** A paid Ele.me order placed and paid through the API, for the refund routes. */
async function paidApiOrder(shopper: string): Promise<string> {
  const placed = await app().post('/api/orders').send(apiOrder(shopper)).expect(201);
  await app()
    .post(`/api/orders/${placed.body.id}/payments`)
    .set('Idempotency-Key', `${shopper}-pay-key`)
    .send({ shopper, outcome: 'succeeded' })
    .expect(201);
  return placed.body.id as string;
}

type Attack = 'no CSRF token' | 'a wrong CSRF token' | 'a foreign Origin' | 'Sec-Fetch-Site: cross-site';

/** Sends the prepared request, spoiled by `attack` (or intact with `null`). */
function send(change: StateChange, v: Visitor, prepared: Prepared, attack: Attack | null, bearer: string) {
  let req = app()
    .post(prepared.path)
    .set('Cookie', v.cookie)
    .set(prepared.headers ?? {});
  if (attack === 'a foreign Origin') req = req.set('Origin', 'https://evil.example');
  if (attack === 'Sec-Fetch-Site: cross-site') req = req.set('Sec-Fetch-Site', 'cross-site');
  if (change.as === 'bearer') return req.set('Authorization', `Bearer ${bearer}`).send(prepared.fields);
  if (change.as === 'json') return req.send(prepared.fields);
  const csrf =
    attack === 'no CSRF token'
      ? undefined
      : attack === 'a wrong CSRF token'
        ? csrfTokenFor('another secret', 'x')
        : (prepared.csrf ?? v.csrf);
  return req.type('form').send({ ...(csrf !== undefined && { _csrf: csrf }), ...prepared.fields });
}

describe('every state-changing route refuses cross-site requests', () => {
  it('the table below covers every POST route of the app', () => {
    const posts = ROUTES.filter((r) => r.method === 'POST').map((r) => `${r.method} ${r.path}`);
    expect(STATE_CHANGES.map((c) => c.route).sort()).toEqual(posts.sort());
  });

  for (const change of STATE_CHANGES) {
    // Bearer-token calls carry no cookie, so they need no CSRF token; the origin checks still apply.
    const attacks: Attack[] =
      change.as === 'bearer' || change.as === 'json'
        ? ['a foreign Origin', 'Sec-Fetch-Site: cross-site']
        : ['no CSRF token', 'a wrong CSRF token', 'a foreign Origin', 'Sec-Fetch-Site: cross-site'];
    it(`${change.route}: 403 and nothing written with ${attacks.join(', ')}; the same request otherwise succeeds`, async () => {
      const v = visitor(world, change.as === 'admin' ? 'admin' : null);
      const bearer = apiTokenFor(world, 'ali.ops');
      const prepared = await change.prepare(v);
      for (const attack of attacks) {
        const before = rowsSnapshot(world);
        const res = await send(change, v, prepared, attack, bearer);
        expect(res.status, attack).toBe(403);
        expect(rowsSnapshot(world), attack).toBe(before);
      }
      const res = await send(change, v, prepared, null, bearer);
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(400);
    });
  }
});

describe('the account routes against every role', () => {
  const ROLES: Record<string, string | null> = {
    anonymous: null,
    viewer: 'viewer',
    operator: 'ali.ops',
    'reviewer (Ant Group)': 'ant.reviewer',
    'reviewer (Tencent)': 'tencent.reviewer',
    admin: 'admin',
  };

  for (const [who, username] of Object.entries(ROLES)) {
    it(`${who}: ${username ? 'creates and revokes their own tokens and signs out, but cannot revoke another person’s token' : 'is refused with 401 and nothing is written'}`, async () => {
      const v = visitor(world, username);
      const someoneElses = apiTokenFor(world, 'unionpay.reviewer');
      const othersId = world.db.prepare('SELECT id FROM api_tokens WHERE prefix = ?').pluck().get(someoneElses.slice(0, 8)) as number;
      const before = rowsSnapshot(world);
      const created = await post(v, '/account/tokens', { label: `${who} token` });
      const revokedOther = await post(v, `/account/tokens/${othersId}/revoke`, {});
      if (!username) {
        expect([created.status, revokedOther.status]).toEqual([401, 401]);
        expect((await post(v, '/sign-out', {})).status).toBe(401);
        expect(rowsSnapshot(world)).toBe(before);
        return;
      }
      expect(created.status).toBe(201);
      const mine = world.db
        .prepare(`SELECT t.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = ? AND t.label = ?`)
        .pluck()
        .get(username, `${who} token`) as number;
      expect(revokedOther.status).toBe(404);
      expect(world.db.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').pluck().get(othersId)).toBeNull();
      expect((await post(v, `/account/tokens/${mine}/revoke`, {})).status).toBe(303);
      expect(world.db.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').pluck().get(mine)).not.toBeNull();
      expect((await post(v, '/sign-out', {})).status).toBe(303);
      expect(
        world.db
          .prepare('SELECT count(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = ?) AND id_hash = ?')
          .pluck()
          .get(username, v.sessionId),
      ).toBe(0);
    });
  }
});
