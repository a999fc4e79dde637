import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiTokenFor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

// Who is who (db/scenarios/world.json, src/db/demo-personas.ts): ali.ops runs Alibaba's storefronts
// (Ele.me, Idle Fish…); partner.ops the Tencent-side shops (JD, Pinduoduo, Vipshop); tencent.ops runs
// WeChat as a link host; tencent.reviewer reviews WeChat Pay; ant.reviewer Alipay.
let world: TestWorld;
const tokens: Record<string, string> = {};
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  for (const username of ['admin', 'ali.ops', 'partner.ops', 'tencent.ops', 'tencent.reviewer', 'ant.reviewer']) {
    tokens[username] = apiTokenFor(world, username);
  }
  return () => world.close();
});
const as = (username: string) => ({
  get: (path: string) => supertest(world.app).get(path).set('Authorization', `Bearer ${tokens[username]}`),
  post: (path: string) => supertest(world.app).post(path).set('Authorization', `Bearer ${tokens[username]}`),
  delete: (path: string) => supertest(world.app).delete(path).set('Authorization', `Bearer ${tokens[username]}`),
});

async function subscribe(username: string, events: string[] = ['*']): Promise<string> {
  const res = await as(username).post('/api/webhooks').send({ url: 'http://127.0.0.1:9/hooks', events }).expect(201);
  return res.body.id as string;
}

/** The event types written for `endpoint`, in order. */
const received = (endpoint: string) =>
  world.db.prepare('SELECT event_type FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY rowid').pluck().all(endpoint);

async function placeOrder(storefront: string, shopper: string): Promise<string> {
  const product = world.db.prepare('SELECT id FROM products WHERE storefront_slug = ? ORDER BY id LIMIT 1').pluck().get(storefront);
  // The record holds JD's WeChat Pay in its mini-program only (000: the wall is WeChat's).
  const [wallet, channel] = storefront === 'eleme' ? ['alipay', 'app'] : ['wechat-pay', 'mini_program'];
  const res = await supertest(world.app)
    .post('/api/orders')
    .send({ storefront, shopper, channel, items: [{ product, quantity: 1 }], wallet })
    .expect(201);
  return res.body.id as string;
}

describe('webhooks stay in their group', () => {
  it('partner.ops cannot see, read the deliveries of, or delete ali.ops’s webhook, nor can tencent.ops: 404, as if there were none', async () => {
    const alis = await subscribe('ali.ops', ['order.placed']);
    await placeOrder('eleme', 'groups-1');
    const partners = await subscribe('partner.ops', ['order.placed']);

    const listed = await as('partner.ops').get('/api/webhooks').expect(200);
    expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual([partners]);
    for (const username of ['partner.ops', 'tencent.ops', 'tencent.reviewer']) {
      const deliveries = await as(username).get(`/api/webhooks/${alis}/deliveries`).expect(404);
      expect(deliveries.body.code).toBe('not_found');
      expect(JSON.stringify(deliveries.body)).not.toContain('groups-1');
      const deleted = await as(username).delete(`/api/webhooks/${alis}`).expect(404);
      // The same answer as for a webhook that never existed: nothing tells the two apart.
      const none = await as(username).delete('/api/webhooks/wh_doesnotexist').expect(404);
      expect({ ...deleted.body, instance: null, requestId: null, detail: null }).toEqual({
        ...none.body,
        instance: null,
        requestId: null,
        detail: null,
      });
      expect(deleted.body.detail).toBe(`There is no webhook "${alis}".`);
    }
    expect(world.db.prepare('SELECT status FROM webhook_endpoints WHERE id = ?').pluck().get(alis)).toBe('active');

    const own = await as('ali.ops').get(`/api/webhooks/${alis}/deliveries`).expect(200);
    expect(own.body.deliveries.map((d: { event: string }) => d.event)).toEqual(['order.placed']);
    expect((await as('ali.ops').get('/api/webhooks').expect(200)).body.webhooks).toEqual([
      expect.objectContaining({ id: alis, createdBy: 'ali.ops', owner: { kind: 'group', slug: 'alibaba' } }),
    ]);
    // An admin sees and manages every webhook.
    expect((await as('admin').get('/api/webhooks').expect(200)).body.webhooks).toHaveLength(2);
    await as('admin').get(`/api/webhooks/${partners}/deliveries`).expect(200);
    await as('admin').delete(`/api/webhooks/${alis}`).expect(204);
    expect(world.db.prepare('SELECT status FROM webhook_endpoints WHERE id = ?').pluck().get(alis)).toBe('deleted');
  });

  it('an Ele.me order reaches ali.ops’s webhook and the admin’s, never partner.ops’s; a JD order the other way round', async () => {
    const alis = await subscribe('ali.ops', ['order.placed']);
    const partners = await subscribe('partner.ops', ['order.placed']);
    const tencentOps = await subscribe('tencent.ops');
    const admins = await subscribe('admin', ['order.placed']);

    const eleme = await placeOrder('eleme', 'groups-2');
    expect(received(alis)).toEqual(['order.placed']);
    expect(received(admins)).toEqual(['order.placed']);
    expect(received(partners)).toEqual([]);
    expect(received(tencentOps)).toEqual([]);
    expect(count(world.db, 'webhook_deliveries', 'payload LIKE ?', `%${eleme}%`)).toBe(2);

    await placeOrder('jd', 'groups-3');
    expect(received(partners)).toEqual(['order.placed']);
    expect(received(alis)).toEqual(['order.placed']);
    expect(received(admins)).toEqual(['order.placed', 'order.placed']);

    // A provider's reviewer gets its wallets' integrations, not the orders paid with them.
    const reviewers = await subscribe('ant.reviewer');
    await placeOrder('eleme', 'groups-4');
    expect(received(reviewers)).toEqual([]);
  });

  it('an integration change reaches the storefront’s group and the wallet’s provider; a link policy its host’s operators', async () => {
    const alis = await subscribe('ali.ops');
    const partners = await subscribe('partner.ops');
    const wechatReviewers = await subscribe('tencent.reviewer');
    const alipayReviewers = await subscribe('ant.reviewer');
    const wechatOps = await subscribe('tencent.ops');

    const { body } = await as('tencent.reviewer').get('/api/integrations/idle-fish/wechat-pay').expect(200);
    await as('tencent.reviewer')
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .send({ expectedVersion: body.version, reason: 'review passed' })
      .expect(200);
    expect(received(alis)).toEqual(['integration.approved']);
    expect(received(wechatReviewers)).toEqual(['integration.approved']);
    expect(received(partners)).toEqual([]);
    expect(received(alipayReviewers)).toEqual([]);
    expect(received(wechatOps)).toEqual([]);

    const policy = world.repos.links.find({ host: 'wechat', surface: 'group_chat', platform: 'jd' });
    expect(policy).toBeDefined();
    await as('tencent.ops')
      .post('/api/links/wechat/group_chat/jd/set')
      .send({ expectedVersion: policy!.version, behaviour: 'direct', reason: 'Mini-program shops open directly' })
      .expect(200);
    expect(received(wechatOps)).toEqual(['link_policy.changed']);
    expect(received(partners)).toEqual(['link_policy.changed']); // JD’s links are the ones partner.ops asks for
    expect(received(wechatReviewers)).toEqual(['integration.approved', 'link_policy.changed']); // it decides requests to WeChat
    expect(received(alis)).toEqual(['integration.approved']);
    expect(received(alipayReviewers)).toEqual([]);
  });
});
