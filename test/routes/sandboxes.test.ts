import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import supertest from 'supertest';
import { sandboxManager } from '../../src/actions/sandboxes.ts';
import { issueApiToken } from '../../src/actions/sign-in.ts';
import { createApp } from '../../src/app.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { sandboxQueries } from '../../src/db/sandboxes.ts';
import { describe, expect, it } from 'vitest';
import { apiTokenFor } from '../support/sessions.ts';
import { createSandbox, ownerCookieOf, sandboxApi, sandboxOwnerApi, type CreatedSandbox } from '../support/sandboxes.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

function sandboxWorld(options: { max?: number; ttlMs?: number } = {}): TestWorld {
  return newWorld({ sandboxes: options });
}

const stateOf = (db: TestWorld['db'], storefront: string, wallet: string) =>
  db.prepare('SELECT state, version FROM integrations WHERE storefront_slug = ? AND wallet_slug = ?').get(storefront, wallet);

async function approveIdleFish(world: TestWorld, sandbox: CreatedSandbox) {
  const reviewer = sandboxApi(world, sandbox, apiTokenFor(world, 'tencent.reviewer'));
  const { body } = await reviewer.get('/api/integrations/idle-fish/wechat-pay').expect(200);
  return reviewer
    .post('/api/integrations/idle-fish/wechat-pay/approve')
    .send({ expectedVersion: body.version, reason: 'review passed' })
    .expect(200);
}

describe('sandboxes: creating, listing, deleting', () => {
  it('creates a sandbox from a named scenario with its own file, clock and base URL, and lists it', async () => {
    const world = sandboxWorld();
    try {
      const res = await supertest(world.app).post('/api/sandboxes').send({ scenario: 'walled', clock: '2021-10-15T08:00:00Z' }).expect(201);
      expect(res.body).toMatchObject({
        scenario: 'walled',
        now: '2021-10-15T08:00:00.000Z',
        createdBy: 'anonymous',
        owner: { kind: 'anonymous' },
        baseUrl: `/sandboxes/${res.body.id}`,
      });
      const sandbox = { id: res.body.id as string, ownerCookie: ownerCookieOf(res) };
      expect(res.headers.location).toBe(`/api/sandboxes/${res.body.id}`);
      expect(res.body.expiresAt).toBe('2026-11-23T09:00:00.000Z'); // 24 h after its last use
      expect(existsSync(join(world.dir, 'sandboxes', `${res.body.id}.sqlite`))).toBe(true);
      expect(world.db.prepare('SELECT scenario, created_by, owner_user_id FROM sandboxes WHERE id = ?').get(res.body.id)).toEqual({
        scenario: 'walled',
        created_by: 'anonymous',
        owner_user_id: null,
      });
      const list = await supertest(world.app).get('/api/sandboxes').set('Cookie', sandbox.ownerCookie).expect(200);
      expect(list.body.sandboxes.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
      // Its decision runs on its own clock: as of 15 Oct 2021 in the walled world, nothing but Alipay at Ele.me.
      const wallets = await sandboxApi(world, sandbox).get('/api/storefronts/eleme/wallets').expect(200);
      expect(wallets.body.asOf).toBe('2021-10-15T08:00:00.000Z');
    } finally {
      world.close();
    }
  });

  it('names the field of a bad request: an unknown scenario, an impossible clock, an inline scenario with a bad event', async () => {
    const world = sandboxWorld();
    try {
      const unknown = await supertest(world.app).post('/api/sandboxes').send({ scenario: 'atlantis' }).expect(400);
      expect(unknown.body.code).toBe('bad_request');
      expect(unknown.body.errors[0].path).toBe('scenario');
      const impossible = await supertest(world.app)
        .post('/api/sandboxes')
        .send({ scenario: 'record', clock: '2021-02-30T00:00:00Z' })
        .expect(400);
      expect(impossible.body.errors[0].path).toBe('clock');
      const inline = {
        title: 'One launch',
        description: 'Ele.me takes WeChat Pay',
        integrations: [{ wallet: 'wechat-pay', storefronts: ['eleme'], events: [{ verb: 'explode', at: '2021-09-01', actor: 'ali.ops' }] }],
        milestones: [],
      };
      const badVerb = await supertest(world.app).post('/api/sandboxes').send({ scenario: inline }).expect(400);
      expect(badVerb.body.errors.map((e: { path: string }) => e.path)).toContain('scenario.integrations.0.events.0.verb');
      // Valid in shape, refused by the state machine (launch before any approval): the event's path, and nothing left behind.
      const early = {
        ...inline,
        integrations: [{ wallet: 'wechat-pay', storefronts: ['eleme'], events: [{ verb: 'launch', at: '2021-09-01', actor: 'ali.ops' }] }],
      };
      const refused = await supertest(world.app).post('/api/sandboxes').send({ scenario: early }).expect(400);
      expect(refused.body.errors[0].path).toBe('scenario.integrations.0.events.0');
      expect(count(world.db, 'sandboxes', 'deleted_at IS NULL')).toBe(0);
    } finally {
      world.close();
    }
  });

  it('loads a valid inline scenario: its history decides the sandbox checkout', async () => {
    const world = sandboxWorld();
    try {
      const inline = {
        title: 'Ele.me takes WeChat Pay',
        description: 'request, approve, launch',
        integrations: [
          {
            wallet: 'wechat-pay',
            storefronts: ['eleme'],
            events: [
              { verb: 'request', at: '2021-09-01', actor: 'ali.ops', actorRole: 'operator' },
              { verb: 'approve', at: '2021-09-02', actor: 'tencent.reviewer', actorRole: 'reviewer' },
              { verb: 'launch', at: '2021-09-03', actor: 'ali.ops', actorRole: 'operator' },
            ],
          },
        ],
        milestones: [],
      };
      const sandbox = await createSandbox(world, { scenario: inline, clock: '2021-09-10T00:00:00Z' });
      expect(sandbox.scenario).toBe('inline');
      const wallets = await sandboxApi(world, sandbox).get('/api/storefronts/eleme/wallets').expect(200);
      expect(wallets.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay')).toMatchObject({
        shown: true,
        reason: 'SHOWN',
      });
    } finally {
      world.close();
    }
  });

  it('needs a token (API) or a sign-in (page) when the server does not run the demo', async () => {
    const world = sandboxWorld();
    try {
      const app = createApp({ db: world.db, clock: world.clock, sandboxes: world.sandboxes, config: { HUTONG_DEMO: false } });
      const refused = await supertest(app).post('/api/sandboxes').send({ scenario: 'record' }).expect(401);
      expect(refused.body.code).toBe('unauthorized');
      await supertest(app).get('/api/sandboxes').expect(401);
      const users = createPeopleRepositories(world.db).users;
      users.insertIfAbsent(
        { username: 'qa.lead', displayName: 'QA lead', role: 'viewer', passwordHash: 'x' },
        world.clock.now().toISOString(),
      );
      const token = issueApiToken({ ...world.signInDeps, demo: false }, users.byUsername('qa.lead')!, 'ci').token;
      const created = await supertest(app)
        .post('/api/sandboxes')
        .set('Authorization', `Bearer ${token}`)
        .send({ scenario: 'record' })
        .expect(201);
      expect(created.body.createdBy).toBe('qa.lead');
      expect((await supertest(app).get('/sandboxes').expect(200)).text).toContain('to create a sandbox');
      expect(count(world.db, 'sandboxes')).toBe(1);
    } finally {
      world.close();
    }
  });

  it('deletes a sandbox and its file; afterwards its pages and API are 404', async () => {
    const world = sandboxWorld();
    try {
      const sandbox = await createSandbox(world);
      await sandboxOwnerApi(world, sandbox).delete().expect(204);
      expect(existsSync(join(world.dir, 'sandboxes', `${sandbox.id}.sqlite`))).toBe(false);
      expect(world.db.prepare('SELECT deleted_why FROM sandboxes WHERE id = ?').pluck().get(sandbox.id)).toBe('deleted');
      const api = await sandboxApi(world, sandbox).get('/api/storefronts/eleme').expect(404);
      expect(api.body.code).toBe('not_found');
      const page = await supertest(world.app).get(`/sandboxes/${sandbox.id}/shop/eleme`).set('Cookie', sandbox.ownerCookie).expect(404);
      expect(page.text).toContain(`There is no sandbox ${sandbox.id}`);
      await sandboxOwnerApi(world, sandbox).delete().expect(404);
      await supertest(world.app).get('/api/sandboxes/not-an-id').expect(400);
    } finally {
      world.close();
    }
  });

  it('refuses the sandbox over HUTONG_MAX_SANDBOXES with 429, also when the requests arrive together', async () => {
    const world = sandboxWorld({ max: 2 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => supertest(world.app).post('/api/sandboxes').send({ scenario: 'open' })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429]);
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused.body.code).toBe('sandbox_limit');
      expect(refused.body.detail).toMatch(/already 2 sandboxes/);
      expect(count(world.db, 'sandboxes')).toBe(2);
    } finally {
      world.close();
    }
  });

  it('expires a sandbox idle for longer than its time to live, and removes its file', async () => {
    const world = sandboxWorld({ ttlMs: 3_600_000 });
    try {
      const idle = await createSandbox(world);
      const used = await createSandbox(world);
      world.clock.advance(40 * 60_000);
      await sandboxApi(world, used).get('/api/storefronts/eleme').expect(200);
      world.clock.advance(30 * 60_000);
      expect(world.sandboxes!.sweep()).toEqual([idle.id]);
      await sandboxOwnerApi(world, idle).get().expect(404);
      expect(existsSync(join(world.dir, 'sandboxes', `${idle.id}.sqlite`))).toBe(false);
      await sandboxOwnerApi(world, used).get().expect(200);
    } finally {
      world.close();
    }
  });

  it('creates 20 sandboxes requested together, each working on its own', async () => {
    const world = sandboxWorld();
    try {
      const created = await Promise.all(
        Array.from({ length: 20 }, () => supertest(world.app).post('/api/sandboxes').send({ scenario: 'record' }).expect(201)),
      );
      const sandboxes = created.map((r) => ({ id: r.body.id as string, ownerCookie: ownerCookieOf(r) }));
      expect(new Set(sandboxes.map((s) => s.id)).size).toBe(20);
      const decisions = await Promise.all(
        sandboxes.map((sandbox) => sandboxApi(world, sandbox).get('/api/storefronts/idle-fish/wallets').expect(200)),
      );
      for (const d of decisions)
        expect(d.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay').reason).toBe('PENDING_PROVIDER_APPROVAL');
    } finally {
      world.close();
    }
  });
});

describe('sandboxes survive a restart', () => {
  it('a new manager over the same list and folder opens a sandbox again, with its clock and its rows', async () => {
    const world = sandboxWorld();
    try {
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' });
      await approveIdleFish(world, sandbox);
      await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT3H' }).expect(200);
      world.sandboxes!.closeAll();
      const restarted = sandboxManager({
        registry: sandboxQueries(world.db),
        dir: join(world.dir, 'sandboxes'),
        ttlMs: 86_400_000,
        max: 100,
        wall: world.clock,
        logger: pino({ level: 'silent' }),
      });
      try {
        expect(restarted.world(sandbox.id).clock.instant()).toBe('2026-12-01T11:00:00.000Z');
        expect(stateOf(restarted.world(sandbox.id).db, 'idle-fish', 'wechat-pay')).toMatchObject({ state: 'approved' });
      } finally {
        restarted.closeAll();
      }
    } finally {
      world.close();
    }
  });
});

describe('sandboxes are independent worlds', () => {
  it('approving Idle Fish × WeChat Pay in one sandbox leaves the other and the default world unchanged', async () => {
    const world = sandboxWorld();
    try {
      const first = await createSandbox(world);
      const second = await createSandbox(world);
      await approveIdleFish(world, first);
      expect(stateOf(world.sandboxes!.world(first.id).db, 'idle-fish', 'wechat-pay')).toMatchObject({ state: 'approved' });
      expect(stateOf(world.sandboxes!.world(second.id).db, 'idle-fish', 'wechat-pay')).toMatchObject({ state: 'requested' });
      expect(stateOf(world.db, 'idle-fish', 'wechat-pay')).toMatchObject({ state: 'requested' });
      const events = (db: TestWorld['db']) => count(db, 'integration_events');
      expect(events(world.sandboxes!.world(first.id).db)).toBe(events(world.db) + 1);
      expect(events(world.sandboxes!.world(second.id).db)).toBe(events(world.db));
      // People are the default world's: its token acts in each sandbox, on that sandbox's rows.
      const homeToken = apiTokenFor(world, 'tencent.reviewer');
      const read = await sandboxApi(world, second, homeToken).get('/api/integrations/idle-fish/wechat-pay').expect(200);
      expect(read.body.state).toBe('requested');
    } finally {
      world.close();
    }
  });
});

describe('the sandbox clock', () => {
  it('moves forward to an instant or by a duration, never back, and stands still between requests', async () => {
    const world = sandboxWorld();
    try {
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' });
      world.clock.advance(3_600_000); // an hour of wall time: the sandbox clock does not move
      expect((await sandboxOwnerApi(world, sandbox).get().expect(200)).body.now).toBe('2026-12-01T08:00:00.000Z');
      const advanced = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'PT2H' }).expect(200);
      expect(advanced.body.now).toBe('2026-12-01T10:00:00.000Z');
      const moved = await sandboxOwnerApi(world, sandbox).moveClock({ to: '2026-12-03T00:00:00Z' }).expect(200);
      expect(moved.body.now).toBe('2026-12-03T00:00:00.000Z');
      const back = await sandboxOwnerApi(world, sandbox).moveClock({ to: '2026-12-02T00:00:00Z' }).expect(409);
      expect(back.body).toMatchObject({ code: 'clock_backwards', now: '2026-12-03T00:00:00.000Z' });
      expect(back.body.detail).toMatch(/only moves forward/);
      const badDuration = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1M' }).expect(400);
      expect(badDuration.body.errors).toEqual([{ path: 'advance', message: expect.stringMatching(/^Months and years .* P60D/) }]);
      await sandboxOwnerApi(world, sandbox).moveClock({ to: '2026-12-32T00:00:00Z' }).expect(400);
      await sandboxOwnerApi(world, sandbox).moveClock({}).expect(400);
      expect(world.sandboxes!.world(sandbox.id).db.prepare("SELECT value FROM settings WHERE key = 'clock'").pluck().get()).toBe(
        '2026-12-03T00:00:00.000Z',
      );
    } finally {
      world.close();
    }
  });

  it('a launch scheduled for tomorrow is SCHEDULED, goes live when the clock passes it, and integration.launched is written then', async () => {
    const world = sandboxWorld();
    try {
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' });
      const admin = sandboxApi(world, sandbox, apiTokenFor(world, 'admin'));
      await admin
        .post('/api/webhooks')
        .send({ url: 'http://127.0.0.1:9/hooks', events: ['integration.*'] })
        .expect(201);
      const approved = await approveIdleFish(world, sandbox);
      const operator = sandboxApi(world, sandbox, apiTokenFor(world, 'ali.ops'));
      await operator
        .post('/api/integrations/idle-fish/wechat-pay/launch')
        .send({ expectedVersion: approved.body.integration.version, effectiveAt: '2026-12-02T08:00:00Z' })
        .expect(200);
      const wechatPay = async () =>
        (await sandboxApi(world, sandbox).get('/api/storefronts/idle-fish/wallets').expect(200)).body.wallets.find(
          (w: { wallet: string }) => w.wallet === 'wechat-pay',
        );
      expect((await wechatPay()).reason).toBe('SCHEDULED');
      const db = world.sandboxes!.world(sandbox.id).db;
      const types = () => db.prepare('SELECT event_type FROM webhook_deliveries ORDER BY rowid').pluck().all();
      expect(types()).toEqual(['integration.approved', 'integration.scheduled']);

      const moved = await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
      expect(moved.body.tookEffect).toBe(1);
      expect((await wechatPay()).reason).toBe('SHOWN');
      expect(types()).toEqual(['integration.approved', 'integration.scheduled', 'integration.launched']);
      const launched = JSON.parse(
        db.prepare("SELECT payload FROM webhook_deliveries WHERE event_type = 'integration.launched'").pluck().get() as string,
      );
      expect(launched).toMatchObject({
        type: 'integration.launched',
        timestamp: '2026-12-02T08:00:00.000Z',
        data: { integration: { storefront: 'idle-fish', wallet: 'wechat-pay', state: 'live' } },
      });
      // Moving on does not announce it again; nothing in the default world moved.
      await sandboxOwnerApi(world, sandbox).moveClock({ advance: 'P1D' }).expect(200);
      expect(types()).toHaveLength(3);
      expect(count(world.db, 'webhook_deliveries')).toBe(0);
    } finally {
      world.close();
    }
  });
});

describe('sandbox pages', () => {
  const LINK = /\s(?:href|action|src)="([^"]*)"([^>]*)>/g;

  /** Every link on the page that leaves the sandbox (assets, fragments and the marked way out aside). */
  function linksLeaving(html: string, base: string): string[] {
    return [...html.matchAll(LINK)]
      .filter(
        ([, url, rest]) =>
          url!.startsWith('/') && !url!.startsWith('/assets/') && !url!.startsWith(`${base}/`) && !rest!.includes('data-leaves-sandbox'),
      )
      .map(([, url]) => url!);
  }

  it('serves every page inside the sandbox with a banner, and no link leads out of it', async () => {
    const world = sandboxWorld();
    try {
      const agent = supertest.agent(world.app);
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-15T12:00:00Z' }, agent);
      const base = sandbox.baseUrl;
      for (const path of [
        '/',
        '/shop/eleme',
        '/shop/eleme/cart',
        '/orders',
        '/review',
        '/review/timeline',
        '/review/diff',
        '/review/coverage',
        '/review/metrics',
        '/review/preview',
        '/sign-in',
        '/api/docs',
        '/reasons',
        '/sources',
        '/hosts',
        '/hosts/wechat',
        '/hosts/wechat/one_to_one',
        '/shop/taobao/cart?host=wechat',
      ]) {
        const res = await agent.get(base + path);
        expect(res.status, path).toBe(200);
        expect(res.text, path).toContain(`Sandbox</strong> <code>${sandbox.id}</code>`);
        expect(res.text, path).toContain('15 Oct 2021, 12:00 UTC');
        expect(linksLeaving(res.text, base), path).toEqual([]);
      }
      // Its cookies live under its own path, so the default world's are not touched.
      const home = await supertest(world.app).get(`${base}/`).set('Cookie', sandbox.ownerCookie).expect(200);
      expect(home.headers['set-cookie']?.[0]).toContain(`Path=${base}`);
      // The same routes serve both worlds; each page is where its world has it: no list of sandboxes
      // inside one, no sandbox clock outside.
      await agent.get(`${base}/sandboxes`).expect(404);
      await agent.get('/sandbox/clock').expect(404);
      expect((await agent.get(`${base}/sandbox/clock`).expect(200)).text).toContain('Move the sandbox clock');
    } finally {
      world.close();
    }
  });

  it('keeps redirects and Locations inside: adding to the cart, signing in, the banner form moving the clock, an API order', async () => {
    const world = sandboxWorld();
    try {
      const agent = supertest.agent(world.app);
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2026-12-01T08:00:00Z' }, agent);
      const base = sandbox.baseUrl;
      const shop = await agent.get(`${base}/shop/eleme`).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(shop.text)![1]!;
      const productId = /name="productId" value="(\d+)"/.exec(shop.text)![1]!;
      const added = await agent.post(`${base}/shop/eleme/cart`).type('form').send({ _csrf: csrf, productId, quantity: 1 });
      expect(added.status).toBe(303);
      expect(added.headers.location).toMatch(new RegExp(`^${base}/shop/eleme`));
      expect(count(world.sandboxes!.world(sandbox.id).db, 'cart_items')).toBe(1);
      expect(count(world.db, 'cart_items')).toBe(0);

      const console = await agent.get(`${base}/console`).expect(303);
      expect(console.headers.location).toBe(`${base}/sign-in?next=${encodeURIComponent(`${base}/console`)}`);

      const moved = await agent
        .post(`${base}/sandbox/clock`)
        .type('form')
        .send({ _csrf: csrf, advance: 'PT6H', next: '/shop/eleme' })
        .expect(303);
      // The clock page says what the move applied, with the way back to the page it was made from.
      expect(moved.headers.location).toBe(`${base}/sandbox/clock?next=${encodeURIComponent(`${base}/shop/eleme`)}`);
      expect((await agent.get(String(moved.headers.location)).expect(200)).text).toContain(
        `href="${base}/shop/eleme">Back to where you were`,
      );
      expect((await sandboxOwnerApi(world, sandbox).get()).body.now).toBe('2026-12-01T14:00:00.000Z');
      const bad = await agent.post(`${base}/sandbox/clock`).type('form').send({ _csrf: csrf, advance: 'tomorrow', next: '/' }).expect(400);
      expect(bad.text).toContain('Not a duration the clock can move by: give one such as P1D');
      await agent.post(`${base}/sandbox/clock`).type('form').send({ advance: 'P1D', next: '/' }).expect(403);
      expect((await sandboxOwnerApi(world, sandbox).get()).body.now).toBe('2026-12-01T14:00:00.000Z');

      // An order placed through the sandbox's API is found at the Location it answers with.
      const product = world.sandboxes!.world(sandbox.id).repos.catalog.products('eleme')[0]!;
      const placed = await sandboxApi(world, sandbox)
        .post('/api/orders')
        .send({
          storefront: 'eleme',
          shopper: 'qa-sandbox',
          channel: 'app',
          items: [{ product: product.id, quantity: 1 }],
          wallet: 'alipay',
        })
        .expect(201);
      expect(placed.headers.location).toBe(`${base}/api/orders/${placed.body.id}`);
      await agent.get(`${placed.headers.location}?shopper=qa-sandbox`).expect(200);
    } finally {
      world.close();
    }
  });

  it('lists sandboxes on /sandboxes and creates one from the form, landing inside it', async () => {
    const world = sandboxWorld();
    try {
      const agent = supertest.agent(world.app);
      const page = await agent.get('/sandboxes').expect(200);
      expect(page.text).toContain('Create a sandbox');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const bad = await agent
        .post('/sandboxes')
        .type('form')
        .send({ _csrf: csrf, scenario: 'record', clock: '2021-13-01T00:00' })
        .expect(400);
      expect(bad.text).toContain('a real time such as');
      expect(count(world.db, 'sandboxes')).toBe(0);
      const created = await agent
        .post('/sandboxes')
        .type('form')
        .send({ _csrf: csrf, scenario: 'walled', clock: '2021-09-01T00:00' })
        .expect(303);
      const id = /^\/sandboxes\/(sb_[A-Za-z0-9_-]{16})\/$/.exec(created.headers.location!)![1]!;
      const inside = await agent.get(created.headers.location!).expect(200);
      expect(inside.text).toContain('scenario walled');
      const list = await agent.get('/sandboxes').expect(200);
      expect(list.text).toContain(id);
      const deleted = await agent
        .post('/sandboxes/delete')
        .type('form')
        .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(list.text)![1]!, id })
        .expect(303);
      expect(deleted.headers.location).toBe('/sandboxes?deleted=1');
      expect(world.db.prepare('SELECT deleted_why FROM sandboxes WHERE id = ?').pluck().get(id)).toBe('deleted');
    } finally {
      world.close();
    }
  });
});
