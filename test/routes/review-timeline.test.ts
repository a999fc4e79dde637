import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { integrationQueries } from '../../src/db/integrations.ts';
import { parseCsv } from '../domain/review-csv-parser.ts';
import { recordVerb } from '../support/record.ts';
import { count, newWorld, csrfFrom, DEMO_PASSWORD, type TestWorld } from '../support/world.ts';

let world: TestWorld;
let http: ReturnType<typeof supertest>;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  http = supertest(world.app);
  return () => world.close();
});

interface EventJson {
  id: number;
  effectiveAt: string;
  storefront: string;
  wallet: string;
  verb: string;
  actor: string;
  toState: string;
}

async function allEvents(query: string, limit: number): Promise<EventJson[]> {
  const events: EventJson[] = [];
  let cursor: string | null = null;
  do {
    const res = await http.get(`/api/events?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
    events.push(...(res.body.events as EventJson[]));
    cursor = res.body.nextCursor as string | null;
  } while (cursor);
  return events;
}

/** A CSV cell as the export writes it: formula-like text guarded with a quote, null empty. */
const asCsv = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : /^[=+\-@\t\r]/.test(String(value)) && typeof value === 'string'
      ? `'${value}`
      : String(value);

describe('the timeline', () => {
  it('pages through every event newest first with an opaque cursor, no event twice', async () => {
    const events = await allEvents('', 7);
    expect(events).toHaveLength(count(world.db, 'integration_events'));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const keys = events.map((e) => `${e.effectiveAt}|${String(e.id).padStart(9, '0')}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filters by storefront, wallet, verb, actor and dates', async () => {
    const eleme = await allEvents('storefront=eleme&wallet=wechat-pay', 2);
    // 002 reports only that Ele.me now includes WeChat Pay: one reported fact, no invented approval.
    expect(eleme.map((e) => e.verb)).toEqual(['reported']);
    const reported = await allEvents('verb=reported&wallet=wechat-pay', 50);
    expect(reported.map((e) => e.storefront).sort()).toEqual(['damai', 'eleme', 'jd', 'kaola', 'pinduoduo', 'shuqi', 'vipshop', 'youku']);
    expect(await allEvents('verb=approve&actor=Tencent', 50)).toEqual([]);
    const september = await allEvents('from=2021-09-15&to=2021-09-30&wallet=wechat-pay', 50);
    expect(september).toHaveLength(
      count(
        world.db,
        'integration_events e JOIN integrations i ON i.id = e.integration_id',
        "i.wallet_slug = 'wechat-pay' AND e.effective_at BETWEEN '2021-09-15' AND '2021-09-30T23:59:59.999Z'",
      ),
    );
    expect(september.every((e) => e.effectiveAt >= '2021-09-15' && e.wallet === 'wechat-pay')).toBe(true);
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    const res = await http.get('/api/events?cursor=not-ours').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('shows events with their source and the record milestones marked as context', async () => {
    const res = await http.get('/review/timeline?wallet=wechat-pay').expect(200);
    // The QR milestone names UnionPay: it is context for UnionPay QR, not for WeChat Pay.
    expect(res.text).not.toContain('data-milestone="qr-mutual-recognition"');
    const unionpay = await http.get('/review/timeline?wallet=unionpay-qr').expect(200);
    expect(unionpay.text).toContain('data-milestone="qr-mutual-recognition"');
    expect(unionpay.text).toMatch(/<span class="context-tag">Context<\/span> Alibaba says it has achieved mutual recognition of QR codes/);
    expect(res.text).toContain('002_c38cf0f4a4e7f84b.txt');
    expect(res.text).toContain('≈ Sept 2021');
  });
});

describe('an approval written straight to the log', () => {
  it('shows at once in the timeline, the matrix and the diff', async () => {
    const integrations = integrationQueries(world.db);
    const now = world.clock.now().toISOString();
    recordVerb(integrations, 'taobao-deals', 'wechat-pay', 'approve', {
      actor: 'tencent.reviewer',
      actorRole: 'reviewer',
      reason: 'Checks passed.',
      at: now,
    });
    expect(integrations.find('taobao-deals', 'wechat-pay')?.state).toBe('approved');

    const timeline = await http.get('/api/events?limit=1').expect(200);
    expect(timeline.body.events[0]).toMatchObject({
      storefront: 'taobao-deals',
      wallet: 'wechat-pay',
      verb: 'approve',
      actor: 'tencent.reviewer',
      toState: 'approved',
    });
    const page = await http.get('/review/timeline').expect(200);
    expect(page.text).toContain('Checks passed.');

    const matrix = await http.get('/api/matrix').expect(200);
    expect(matrix.body.cells).toContainEqual(
      expect.objectContaining({ storefront: 'taobao-deals', wallet: 'wechat-pay', state: 'approved', sinceActor: 'tencent.reviewer' }),
    );

    const diff = await http.get(`/api/diff?from=2021-10-15&to=${now.slice(0, 10)}`).expect(200);
    expect(diff.body.changes).toEqual([
      expect.objectContaining({
        storefront: 'taobao-deals',
        wallet: 'wechat-pay',
        from: expect.objectContaining({ state: 'requested' }),
        to: expect.objectContaining({ state: 'approved' }),
      }),
    ]);
  });
});

describe('CSV exports', () => {
  it('of the matrix parse back to the same rows as the JSON', async () => {
    const json = await http.get('/api/matrix?asOf=2021-10-15').expect(200);
    const csv = await http.get('/api/matrix.csv?asOf=2021-10-15').expect(200).expect('content-type', 'text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('hutong-matrix-2021-10-15.csv');
    const [header, ...rows] = parseCsv(csv.text);
    const cells = json.body.cells as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(13 * 3);
    expect(rows).toEqual(cells.map((cell) => (header as string[]).map((key) => asCsv(cell[key]))));
  });

  it('of the timeline keep the filters and parse back to the same rows, reasons with commas and quotes included', async () => {
    const json = await http.get('/review/timeline.json?storefront=eleme').expect(200);
    const csv = await http.get('/review/timeline.csv?storefront=eleme').expect(200);
    const [header, ...all] = parseCsv(csv.text);
    const kind = (header as string[]).indexOf('kind');
    const rows = all.filter((row) => row[kind] === 'event');
    const events = json.body.events as Array<Record<string, unknown>>;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.storefront === 'eleme')).toBe(true);
    expect(rows).toEqual(events.map((event) => (header as string[]).map((key) => asCsv({ ...event, kind: 'event' }[key]))));
    expect(all.filter((row) => row[kind] === 'milestone')).toHaveLength(json.body.milestones.length);
    expect(csv.text).toContain(',WeChat Pay offered as a payment option alongside Alipay.,');
    expect(csv.text).toContain(`,"Alipay, operated by Alibaba's fintech affiliate Ant Group, is the wallet of Alibaba's apps.",`);
  });

  it('guard a formula typed into a reason', async () => {
    const integrations = integrationQueries(world.db);
    const now = world.clock.now().toISOString();
    recordVerb(integrations, 'tmall', 'unionpay-qr', 'request', {
      actor: '@ops, "night shift"',
      actorRole: 'operator',
      reason: '=HYPERLINK("http://evil.example","click")',
      at: now,
    });
    const csv = await http.get('/api/events.csv?storefront=tmall&wallet=unionpay-qr').expect(200);
    const [header, first] = parseCsv(csv.text);
    const record = Object.fromEntries((header as string[]).map((key, i) => [key, (first as string[])[i]]));
    expect(record.reason).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(record.actor).toBe(`'@ops, "night shift"`);
  });
});

describe('with HUTONG_PUBLIC_REVIEW=0', () => {
  let privateApp: ReturnType<typeof createApp>;
  beforeEach(() => {
    privateApp = createApp({ db: world.db, clock: world.clock, config: { HUTONG_PUBLIC_REVIEW: false } });
  });

  it('sends anonymous visitors to sign in, and refuses the API with 401', async () => {
    const page = await supertest(privateApp).get('/review/timeline?wallet=alipay').expect(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Freview%2Ftimeline%3Fwallet%3Dalipay');
    const csv = await supertest(privateApp).get('/review/matrix.csv').expect(303);
    expect(csv.headers.location).toContain('/sign-in?next=');
    const api = await supertest(privateApp).get('/api/matrix').expect(401);
    expect(api.type).toBe('application/problem+json');
    expect(api.body.code).toBe('unauthorized');
    // Other API routes are not gated by the review's middleware.
    await supertest(privateApp).get('/api/storefronts').expect(200);
  });

  it('lets a signed-in viewer read the pages and the API', async () => {
    const agent = supertest.agent(privateApp);
    const form = await agent.get('/sign-in').expect(200);
    await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), username: 'viewer', password: DEMO_PASSWORD, next: '/review' })
      .expect(303);
    const page = await agent.get('/review?asOf=2021-10-15').expect(200);
    expect(page.text).toContain('Who offers which wallet');
    // The API never reads the session cookie: the viewer uses a token.
    await agent.get('/api/matrix?asOf=2021-10-15').expect(401);
    const { token } = (await supertest(privateApp).post('/api/tokens').send({ username: 'viewer', password: DEMO_PASSWORD }).expect(201))
      .body;
    const api = await supertest(privateApp).get('/api/matrix?asOf=2021-10-15').set('authorization', `Bearer ${token}`).expect(200);
    expect(api.body.cells).toHaveLength(13 * 3);
    expect(count(world.db, 'sessions')).toBeGreaterThan(0);
  });
});
