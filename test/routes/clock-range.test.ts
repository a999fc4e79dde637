import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCENARIOS_DIR } from '../../src/db/scenarios.ts';
import { type CreatedSandbox, createSandbox } from '../support/sandboxes.ts';
import { EVERY_SANDBOX } from '../support/sessions.ts';
import { csrfFrom, newWorld, type TestWorld } from '../support/world.ts';

const errorPaths = (res: supertest.Response) => (res.body.errors as { path: string }[] | undefined)?.map((e) => e.path);

describe('a sandbox clock stays within 1970–9999', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ sandboxes: {} });
  });
  afterEach(() => world.close());

  const clockOf = async (sandbox: CreatedSandbox) =>
    (await supertest(world.app).get(`/api/sandboxes/${sandbox.id}`).set('Cookie', sandbox.ownerCookie).expect(200)).body.now as string;

  it('refuses a start outside it, naming clock, and makes no sandbox', async () => {
    for (const clock of ['1969-12-31T23:59:59Z', '9999-12-31T23:30:00-01:00', '10000-01-01T00:00:00Z', '+010240-01-01T00:00:00Z']) {
      const res = await supertest(world.app).post('/api/sandboxes').send({ scenario: 'record', clock });
      expect(res.status, clock).toBe(400);
      expect(res.body.code).toBe('bad_request');
      expect(errorPaths(res), clock).toEqual(['clock']);
    }
    expect(world.sandboxes!.list(EVERY_SANDBOX)).toHaveLength(0);
  });

  it('the create form re-renders with the clock field’s error for a start outside it', async () => {
    const agent = supertest.agent(world.app);
    const csrf = csrfFrom((await agent.get('/sandboxes').expect(200)).text);
    for (const clock of ['1969-12-31T23:59', '9999-12-31T23:30-01:00']) {
      const res = await agent.post('/sandboxes').type('form').send({ _csrf: csrf, scenario: 'record', clock });
      expect(res.status, clock).toBe(400);
      expect(res.text).toContain('from 1970 to 9999');
      expect(res.text).toContain(`value="${clock}"`);
    }
    expect(world.sandboxes!.list(EVERY_SANDBOX)).toHaveLength(0);
  });

  it('refuses an inline scenario’s date outside it, or one that does not exist, naming its path', async () => {
    const walled = JSON.parse(readFileSync(join(SCENARIOS_DIR, 'walled.json'), 'utf8'));
    for (const at of ['2021-02-30', '0001-01-01', '1969-12-31T23:59Z']) {
      walled.integrations[0].events[0].at = at;
      const res = await supertest(world.app).post('/api/sandboxes').send({ scenario: walled });
      expect(res.status, at).toBe(400);
      expect(errorPaths(res), at).toEqual(['scenario.integrations.0.events.0.at']);
    }
    expect(world.sandboxes!.list(EVERY_SANDBOX)).toHaveLength(0);
  });

  it('refuses an advance or a `to` that would pass 9999 with 400 naming the field, never 500, and the clock stays', async () => {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' });
    const move = (body: object) =>
      supertest(world.app).post(`/api/sandboxes/${sandbox.id}/clock`).set('Cookie', sandbox.ownerCookie).send(body);
    for (const [body, field] of [
      [{ advance: 'P99999999D' }, 'advance'],
      [{ advance: 'P3000000D' }, 'advance'],
      // Short enough for a duration, too long from 2026.
      [{ advance: 'P2930000D' }, 'advance'],
      [{ to: '10000-01-01T00:00:00Z' }, 'to'],
      [{ to: '+010240-01-01T00:00:00Z' }, 'to'],
      [{ to: '9999-12-31T23:30:00-01:00' }, 'to'],
    ] as const) {
      const res = await move(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('bad_request');
      expect(errorPaths(res), JSON.stringify(body)).toContain(field);
    }
    expect(await clockOf(sandbox)).toBe('2026-12-01T08:00:00.000Z');
    // The last instant is a clock like any other, and the wallets are still decided there.
    expect((await move({ to: '9999-12-31T23:59:59.999Z' })).status).toBe(200);
    const wallets = await supertest(world.app)
      .get(`${sandbox.baseUrl}/api/storefronts/eleme/wallets`)
      .set('Cookie', sandbox.ownerCookie)
      .expect(200);
    expect(wallets.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({ shown: true });
  });

  it('the banner form re-renders with the advance field’s error, and the clock stays', async () => {
    const agent = supertest.agent(world.app);
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' }, agent);
    const csrf = csrfFrom((await agent.get(`${sandbox.baseUrl}/sandbox/clock`).expect(200)).text);
    for (const advance of ['P99999999D', 'P2930000D']) {
      const res = await agent.post(`${sandbox.baseUrl}/sandbox/clock`).type('form').send({ _csrf: csrf, advance, next: '/' });
      expect(res.status, advance).toBe(400);
      expect(res.text).toMatch(/advance-error/);
      expect(res.text).toContain(`value="${advance}"`);
    }
    expect(await clockOf(sandbox)).toBe('2026-12-01T08:00:00.000Z');
  });
});
