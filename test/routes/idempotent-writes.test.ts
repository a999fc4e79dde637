import type { Server } from 'node:http';
import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { answerOnce } from '../../src/http/idempotency.ts';
import { burstFromAnotherThread } from '../support/burst.ts';
import { actors, putInState } from '../support/integrations.ts';
import { createSandbox, sandboxApi, sandboxOwnerApi } from '../support/sandboxes.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
  world.close();
});

const KEY = 'order-key-0123456789';

function orderBody(shopper: string, quantity = 1) {
  const product = world.repos.catalog.products('eleme')[0]!;
  return { storefront: 'eleme', shopper, channel: 'app', wallet: 'alipay', items: [{ product: product.id, quantity }] };
}
const ordersOf = (shopper: string) => count(world.db, 'orders', 'shopper_id = ?', shopper);

describe('POST /api/orders with an Idempotency-Key', () => {
  it('sent twice with one key: one order, and the second answer is the first replayed', async () => {
    world = newWorld();
    const first = await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('ann')).expect(201);
    const again = await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('ann')).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(ordersOf('ann')).toBe(1);
  });

  it('the same key with another body is 422 idempotency_mismatch, and no order is made', async () => {
    world = newWorld();
    await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('ann')).expect(201);
    const other = await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('ann', 2));
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_mismatch');
    expect(ordersOf('ann')).toBe(1);
  });

  it('a burst of 10 with one key against a listening server: one 201 made the order, the rest are 409 or replays', async () => {
    world = newWorld();
    server = world.app.listen(0, '127.0.0.1');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => supertest(server!).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('bea'))),
    );
    const made = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    const rest = answers.filter((a) => !made.includes(a));
    expect(made).toHaveLength(1);
    for (const a of rest) {
      if (a.status === 409) expect(a.body.code).toBe('idempotency_in_flight');
      else expect([a.status, a.headers['idempotent-replayed'], a.body.id]).toEqual([201, 'true', made[0]!.body.id]);
    }
    expect(ordersOf('bea')).toBe(1);
  });

  it('the same burst sent from another thread, so that it arrives at once: one order', async () => {
    world = newWorld();
    server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const request = {
      method: 'POST',
      path: '/api/orders',
      headers: { 'content-type': 'application/json', 'idempotency-key': KEY },
      body: JSON.stringify(orderBody('bo')),
    };
    const answers = await burstFromAnotherThread(
      `http://127.0.0.1:${port}`,
      Array.from({ length: 10 }, () => request),
    );
    const made = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    expect(made).toHaveLength(1);
    for (const a of answers.filter((x) => !made.includes(x))) {
      expect(a.status === 409 ? JSON.parse(a.text).code : a.headers['idempotent-replayed']).toBe(
        a.status === 409 ? 'idempotency_in_flight' : 'true',
      );
    }
    expect(ordersOf('bo')).toBe(1);
  });

  it('a key is its sender’s: two shoppers with one key get two orders, and so do two tokens', async () => {
    world = newWorld();
    await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('cam')).expect(201);
    const dee = await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('dee')).expect(201);
    expect(dee.headers['idempotent-replayed']).toBeUndefined();
    for (const username of ['admin', 'ali.ops']) {
      const res = await supertest(world.app)
        .post('/api/orders')
        .set('Authorization', `Bearer ${apiTokenFor(world, username)}`)
        .set('Idempotency-Key', KEY)
        .send(orderBody('eve'))
        .expect(201);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
    }
    expect([ordersOf('cam'), ordersOf('dee'), ordersOf('eve')]).toEqual([1, 1, 2]);
  });

  it('a refused request keeps no key: the corrected retry with the same key is placed', async () => {
    world = newWorld();
    const refused = await supertest(world.app)
      .post('/api/orders')
      .set('Idempotency-Key', KEY)
      .send({ ...orderBody('fay'), wallet: 'wechat-pay', storefront: 'nowhere' });
    expect(refused.status).toBe(404);
    await supertest(world.app).post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('fay')).expect(201);
    expect(ordersOf('fay')).toBe(1);
    expect(world.db.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE state = 'done'").get()).toEqual({ n: 1 });
  });

  it('a malformed key is 400 naming the header', async () => {
    world = newWorld();
    const res = await supertest(world.app).post('/api/orders').set('Idempotency-Key', 'short').send(orderBody('gus'));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('idempotency-key');
    expect(ordersOf('gus')).toBe(0);
  });

  it('keys are kept 24 hours of the sandbox’s clock: moved 25 hours on, the same key makes a new order', async () => {
    world = newWorld({ sandboxes: {} });
    const sandbox = await createSandbox(world);
    const api = sandboxApi(world, sandbox);
    const place = () => api.post('/api/orders').set('Idempotency-Key', KEY).send(orderBody('hal'));
    const first = await place().expect(201);
    const replay = await place().expect(201);
    expect(replay.body.id).toBe(first.body.id);
    await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT25H' }).expect(200);
    const later = await place().expect(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect(later.body.id).not.toBe(first.body.id);
    const listed = await api.get('/api/orders?shopper=hal').expect(200);
    expect(listed.body.orders).toHaveLength(2);
    expect(ordersOf('hal')).toBe(0); // the default world's rows are untouched
  });
});

describe('a key whose first request is still being answered', () => {
  it('answers 409 idempotency_in_flight to the second, then replays once the first is done', async () => {
    world = newWorld();
    const req = {
      headers: { 'idempotency-key': KEY },
      method: 'POST',
      get: () => undefined,
      query: {},
      body: { shopper: 'ivy' },
    };
    const inputs = { headers: {}, params: {} };
    const route = { method: 'post', path: '/things' };
    let finish: () => void = () => {};
    const slow = answerOnce(req, world, inputs, route, async () => {
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      return { status: 201, body: { made: 1 }, headers: {} };
    });
    let ran = 0;
    const second = answerOnce(req, world, inputs, route, async () => ({ status: 201, body: { made: ++ran }, headers: {} }));
    await expect(second).rejects.toMatchObject({ code: 'idempotency_in_flight' });
    finish();
    await expect(slow).resolves.toEqual({ status: 201, body: { made: 1 }, headers: {} });
    const third = await answerOnce(req, world, inputs, route, async () => ({ status: 201, body: { made: ++ran }, headers: {} }));
    expect(third).toEqual({ status: 201, body: { made: 1 }, headers: { 'Idempotent-Replayed': 'true' } });
    expect(ran).toBe(0);
  });
});

describe('the other writes replay instead of writing twice', () => {
  const as = (token: string) => (t: supertest.Test) => t.set('Authorization', `Bearer ${token}`).set('Idempotency-Key', KEY);

  it('webhook endpoints: one create, one delete', async () => {
    world = newWorld();
    const admin = as(apiTokenFor(world, 'admin'));
    const body = { url: 'http://127.0.0.1:9/', events: ['order.placed'] };
    const first = await admin(supertest(world.app).post('/api/webhooks')).send(body).expect(201);
    const again = await admin(supertest(world.app).post('/api/webhooks')).send(body).expect(201);
    expect([again.body.id, again.headers['idempotent-replayed']]).toEqual([first.body.id, 'true']);
    expect(count(world.db, 'webhook_endpoints')).toBe(1);
    await admin(supertest(world.app).delete(`/api/webhooks/${first.body.id}`)).expect(204);
    const deleted = await admin(supertest(world.app).delete(`/api/webhooks/${first.body.id}`)).expect(204);
    expect(deleted.headers['idempotent-replayed']).toBe('true');
  });

  it('an asynchronous write (a webhook endpoint, its address checked first) burst with one key: one endpoint', async () => {
    world = newWorld();
    server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const request = {
      method: 'POST',
      path: '/api/webhooks',
      headers: { 'content-type': 'application/json', 'idempotency-key': KEY, authorization: `Bearer ${apiTokenFor(world, 'admin')}` },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/', events: ['order.placed'] }),
    };
    const answers = await burstFromAnotherThread(
      `http://127.0.0.1:${port}`,
      Array.from({ length: 8 }, () => request),
    );
    const made = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    expect(made).toHaveLength(1);
    for (const a of answers.filter((x) => !made.includes(x))) {
      expect(a.status === 409 ? JSON.parse(a.text).code : a.headers['idempotent-replayed']).toBe(
        a.status === 409 ? 'idempotency_in_flight' : 'true',
      );
    }
    expect(count(world.db, 'webhook_endpoints')).toBe(1);
  });

  it('integration verbs: one approval, one event', async () => {
    world = newWorld();
    const reviewer = as(apiTokenFor(world, 'tencent.reviewer'));
    const { version } = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    const events = () => count(world.db, 'integration_events');
    const before = events();
    const approve = () =>
      reviewer(supertest(world.app).post('/api/integrations/idle-fish/wechat-pay/approve')).send({
        expectedVersion: version,
        reason: 'ok',
      });
    const first = await approve().expect(200);
    const again = await approve().expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(events()).toBe(before + 1);
  });

  it('sandboxes: one created, its clock moved once', async () => {
    world = newWorld({ sandboxes: {} });
    const admin = as(apiTokenFor(world, 'admin'));
    const first = await admin(supertest(world.app).post('/api/sandboxes')).send({ scenario: 'record' }).expect(201);
    const again = await admin(supertest(world.app).post('/api/sandboxes')).send({ scenario: 'record' }).expect(201);
    expect([again.body.id, again.headers['idempotent-replayed']]).toEqual([first.body.id, 'true']);
    const listed = await admin(supertest(world.app).get('/api/sandboxes')).expect(200);
    expect(listed.body.sandboxes).toHaveLength(1);
    const move = () => admin(supertest(world.app).post(`/api/sandboxes/${first.body.id}/clock`)).send({ advance: 'P1D' });
    const moved = await move().expect(200);
    const replayed = await move().expect(200);
    expect(replayed.body.now).toBe(moved.body.now);
    expect(Date.parse(moved.body.now) - Date.parse(first.body.now)).toBe(86_400_000);
  });

  it('link verbs: one request, one event', async () => {
    world = newWorld();
    const ops = as(apiTokenFor(world, 'ali.ops'));
    const version = world.repos.links.find({ host: 'wechat', surface: 'group_chat', platform: 'taobao' })!.version;
    const before = count(world.db, 'link_policy_events');
    const ask = () =>
      ops(supertest(world.app).post('/api/links/wechat/group_chat/taobao/request')).send({
        expectedVersion: version,
        reason: 'One-click sharing',
        behaviour: 'direct',
      });
    const first = await ask().expect(200);
    const again = await ask().expect(200);
    expect([again.headers['idempotent-replayed'], again.body]).toEqual(['true', first.body]);
    expect(count(world.db, 'link_policy_events')).toBe(before + 1);
  });

  it('change requests: a held launch once, withdrawn once (the retry is the replay, not a 409)', async () => {
    world = newWorld();
    world.repos.changeRequests.setSecondOperator('alibaba', true, 'admin', world.clock.now().toISOString());
    const ops = as(apiTokenFor(world, 'ali.ops'));
    const version = putInState(world, 'idle-fish', 'wechat-pay', 'approved', actors.admin);
    const launch = () =>
      ops(supertest(world.app).post('/api/integrations/idle-fish/wechat-pay/launch')).send({
        expectedVersion: version,
        rolloutPercent: 30,
        channels: ['app'],
        reason: 'Go',
      });
    const held = await launch().expect(202);
    await launch().expect(202);
    expect(count(world.db, 'change_requests')).toBe(1);
    const id = held.body.changeRequest.id as number;
    const withdraw = () => ops(supertest(world.app).post(`/api/change-requests/${id}/withdraw`)).send({ reason: 'not now' });
    const first = await withdraw().expect(200);
    const again = await withdraw().expect(200);
    expect([again.headers['idempotent-replayed'], again.body]).toEqual(['true', first.body]);
  });
});
