import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/route-table-api.ts';
import { rowsWritten } from '../support/bad-input.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/** A body member the API does not know is refused by name, as an unknown query parameter is, and nothing is written. */

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
  return () => world.close();
});

const bearer = (username: string) => `Bearer ${apiTokenFor(world, username)}`;

describe('an API body with a member it does not know', () => {
  it('a transition sent with If-Match and a misspelt rolloutPercent is 400 naming it, and the integration does not move', async () => {
    const token = bearer('tencent.reviewer');
    const before = world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    const written = rowsWritten(world.db);
    const res = await supertest(world.app)
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .set('Authorization', token)
      .set('If-Match', `"${before.version}"`)
      .send({ reason: 'ok', rolloutPercentage: 50 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.errors).toEqual([
      { path: 'rolloutPercentage', message: expect.stringMatching(/^not a field of this body \(it takes: .*rolloutPercent\b/) },
    ]);
    expect(rowsWritten(world.db)).toBe(written);
    expect(world.repos.integrations.find('idle-fish', 'wechat-pay')).toMatchObject({ state: before.state, version: before.version });

    // The same body without it goes through: the refusal was the unknown member, nothing else.
    await supertest(world.app)
      .post('/api/integrations/idle-fish/wechat-pay/approve')
      .set('Authorization', token)
      .set('If-Match', `"${before.version}"`)
      .send({ reason: 'ok' })
      .expect(200);
  });

  it('an order names every unknown member at its path, inside the items too, and no order is placed', async () => {
    const { body: shop } = await supertest(world.app).get('/api/storefronts/eleme').expect(200);
    const order = {
      storefront: 'eleme',
      shopper: 'qa-1',
      channel: 'app',
      items: [{ product: shop.products[0].id, quantity: 1 }],
      wallet: 'alipay',
    };
    const written = rowsWritten(world.db);
    const res = await supertest(world.app)
      .post('/api/orders')
      .send({ ...order, coupon: 'FREE', items: [{ ...order.items[0], unitPrice: '0.01' }] })
      .expect(400);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['coupon', 'items.0.unitPrice']);
    expect(res.body.errors.find((e: { path: string }) => e.path === 'items.0.unitPrice').message).toMatch(
      /^not a field of an item \(it takes: product, quantity\)/,
    );
    expect(rowsWritten(world.db)).toBe(written);
    await supertest(world.app).post('/api/orders').send(order).expect(201);
  });

  it('a clock move (one of two bodies) names the unknown member of the body it resembles; a sandbox with one is not made', async () => {
    const made = await supertest(world.app).post('/api/sandboxes').send({ scenario: 'walled' }).expect(201);
    const clock = await supertest(world.app).post(`/api/sandboxes/${made.body.id}/clock`).send({ advance: 'P1D', by: 'me' }).expect(400);
    expect(clock.body.errors).toEqual([{ path: 'by', message: 'not a field of this body (it takes: advance)' }]);

    const list = async () => (await supertest(world.app).get('/api/sandboxes').expect(200)).body;
    const before = await list();
    const res = await supertest(world.app).post('/api/sandboxes').send({ scenario: 'walled', owner: 'me' }).expect(400);
    expect(res.body.errors).toEqual([{ path: 'owner', message: 'not a field of this body (it takes: scenario, clock)' }]);
    expect(await list()).toEqual(before);
  });

  it('an inline scenario is closed too: an unknown member deep inside it is named at its path', async () => {
    const scenario = {
      title: 'One request',
      description: 'Idle Fish asks for WeChat Pay',
      integrations: [
        {
          wallet: 'wechat-pay',
          storefronts: ['idle-fish'],
          events: [{ verb: 'request', at: '2021-09-01', actor: 'ali.ops', mood: 'hopeful' }],
        },
      ],
      milestones: [],
    };
    const res = await supertest(world.app).post('/api/sandboxes').send({ scenario }).expect(400);
    expect(res.body.errors).toEqual([{ path: 'scenario.integrations.0.events.0.mood', message: expect.stringContaining('mood') }]);
    const { mood: _mood, ...event } = scenario.integrations[0]!.events[0]!;
    await supertest(world.app)
      .post('/api/sandboxes')
      .send({ scenario: { ...scenario, integrations: [{ ...scenario.integrations[0], events: [event] }] } })
      .expect(201);
  });

  it('the document says so: every request body object (each variant of a union) has additionalProperties: false', () => {
    const open: string[] = [];
    for (const [path, methods] of Object.entries(openApiDocument().paths)) {
      for (const [method, operation] of Object.entries(
        methods as Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>,
      )) {
        const schema = operation.requestBody?.content['application/json']?.schema;
        if (schema === undefined) continue;
        const variants = isRecord(schema) && Array.isArray(schema.anyOf) ? schema.anyOf : [schema];
        for (const variant of variants)
          if (!isRecord(variant) || variant.additionalProperties !== false) open.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(open).toEqual([]);
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
