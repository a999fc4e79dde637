import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../src/domain/time.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { DEMO_PASSWORD, createTestWorld, signIn } from '../support/world.ts';

/**
 * Walks every place the record's dates are rendered (shop, review and console pages, the link matrix, the
 * decision, matrix, events and integration APIs, the CSV and JSON exports) and fails on a
 * day-precise rendering of a fact the record holds only to the month, roughly, or as a bound.
 */
const world = createTestWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
const http = supertest(world.app);
afterAll(() => world.close());

const MONTHS = 'Jan|Feb|Mar|Apr|May|June|July|Aug|Sept|Oct|Nov|Dec';
// Days these requests name themselves (asOf, from, to): a window is not a fact. None is a coarse fact's day.
const ASKED = ['2021-08-02', '2021-09-21', '2021-10-20', '2021-12-20'];
const ALIBABA = ['eleme', 'youku', 'damai', 'kaola', 'shuqi', 'taobao-deals', 'idle-fish', 'freshippo', 'taobao', 'tmall'];

interface Dated {
  effective_at: string;
  date_precision: string;
}
const dated = world.db
  .prepare(`SELECT effective_at, date_precision FROM integration_events
  UNION SELECT effective_at, date_precision FROM milestones UNION SELECT effective_at, date_precision FROM link_policy_events`)
  .all() as Dated[];
const dayPrecise = new Set(
  dated.filter((d) => d.date_precision === 'day' || d.date_precision === 'expected').map((d) => formatDay(d.effective_at)),
);
/** "30 Sept 2021" for a fact known only as ≈ Sept 2021, unless some day-precise fact really is on that day. */
const inventedDays = [
  ...new Set(dated.filter((d) => ['month', 'approximate', 'before'].includes(d.date_precision)).map((d) => formatDay(d.effective_at))),
].filter((day) => !dayPrecise.has(day));

function inventedDaysIn(text: string): string[] {
  // "before 11 Nov 2021", "27 Oct 2021 (expected)" and "≈ 29 Nov – 5 Dec 2021" are a bound, an announced day and a
  // range's end (a week known only as "last week"), at their precision.
  return inventedDays.filter((day) => new RegExp(`(?<!before )(?<!– )(?<![0-9])${day}(?! \\(expected\\))`).test(text));
}

const places: string[] = [];
const bodies = new Map<string, string>();

beforeAll(async () => {
  const shopper = await shopperWithCart(world, 'kaola');
  const viewer = await signIn(world, 'viewer');
  const token = (await http.post('/api/tokens').send({ username: 'viewer', password: DEMO_PASSWORD }).expect(201)).body.token as string;
  const asOfs = ['', ...ASKED.map((d) => `asOf=${d}`)];
  const pages = [
    '/',
    '/review/timeline',
    '/review/timeline?wallet=wechat-pay',
    `/review/diff?from=${ASKED[0]}&to=${ASKED[3]}`,
    `/review/coverage?from=${ASKED[0]}&to=${ASKED[3]}`,
    '/review/coverage',
    '/review/coverage?from=2020-06-02&to=2021-12-20',
    ...asOfs.map((q) => `/review?${q}`),
    ...ALIBABA.map((s) => `/review/preview?storefront=${s}&date=${ASKED[2]}`),
    ...asOfs.map((q) => `/review/links?${q}`),
    ...asOfs.map((q) => `/review/links.csv?${q}`),
    `/review/diff?from=${ASKED[0]}&to=2021-12-01`,
  ];
  for (const path of pages) bodies.set(path, (await http.get(path).expect(200)).text);
  for (const q of asOfs) {
    bodies.set(`/shop/kaola/checkout?${q}`, (await shopper.page(`/shop/kaola/checkout?${q}`)).text);
    bodies.set(`/api/matrix?${q}`, (await http.get(`/api/matrix?${q}`).expect(200)).text);
    bodies.set(`/api/matrix.csv?${q}`, (await http.get(`/api/matrix.csv?${q}`).expect(200)).text);
    bodies.set(`/review/matrix.csv?${q}`, (await http.get(`/review/matrix.csv?${q}`).expect(200)).text);
    bodies.set(`/review/matrix.json?${q}`, (await http.get(`/review/matrix.json?${q}`).expect(200)).text);
    for (const s of ALIBABA)
      bodies.set(`/api/storefronts/${s}/wallets?${q}`, (await http.get(`/api/storefronts/${s}/wallets?${q}`).expect(200)).text);
  }
  for (const path of ['/api/events?limit=200', '/api/events.csv', '/review/timeline.csv', '/review/timeline.json']) {
    bodies.set(path, (await http.get(path).expect(200)).text);
  }
  bodies.set('/console/integrations', (await viewer.page('/console/integrations')).text);
  for (const s of ALIBABA) {
    for (const w of ['alipay', 'wechat-pay']) {
      bodies.set(`/console/integrations/${s}/${w}`, (await viewer.page(`/console/integrations/${s}/${w}`)).text);
      bodies.set(
        `/api/integrations/${s}/${w}/events`,
        (await http.get(`/api/integrations/${s}/${w}/events`).set('authorization', `Bearer ${token}`).expect(200)).text,
      );
    }
  }
  places.push(...bodies.keys());
});

describe("every place the record's dates are rendered keeps their precision", () => {
  it('knows which days would be invented (the end of Sept 2021, 1 Jan 2021, ≈ days)', () => {
    expect(inventedDays).toEqual(expect.arrayContaining(['30 Sept 2021', '1 Jan 2021', '15 Oct 2021']));
    expect(places.length).toBeGreaterThan(90);
  });

  it('renders no coarse fact as a day, and never "20 Sept 2021" or "1 Jan 2013"', () => {
    const found = [...bodies].flatMap(([path, text]) => inventedDaysIn(text).map((day) => `${path}: ${day}`));
    expect(found, found.join('\n')).toEqual([]);
    for (const [path, text] of bodies) {
      expect(text, path).not.toMatch(/20 Sept 2021|1 Jan 2013|2013-01-01/);
      expect(text, path).not.toMatch(new RegExp(`≈ \\d{1,2} (${MONTHS}) \\d{4}`));
    }
  });

  it('shows the coarse facts at their precision where they are rendered', () => {
    expect(bodies.get('/review?asOf=2021-10-20')).toContain('by ≈ late Sept 2021');
    expect(bodies.get('/review?asOf=2021-10-20')).toContain('before 2021');
    expect(bodies.get('/review/timeline')).toContain('≈ late Nov 2021');
    expect(bodies.get('/review/timeline')).toContain('27 Oct 2021 (expected)');
    expect(bodies.get('/review/timeline')).toContain('≈ early Sept 2021');
    expect(bodies.get('/review/coverage?from=2021-08-02&to=2021-12-20')).toContain('<th scope="row">by ≈ late Sept 2021</th>');
    expect(bodies.get('/review/timeline')).toContain('≈ 29 Nov – 5 Dec 2021');
    expect(bodies.get('/review/timeline')).toContain('before 11 Nov 2021 (expected)');
    expect(bodies.get('/review/coverage?from=2020-06-02&to=2021-12-20')).toContain('<th scope="row">before 2021</th>');
    expect(bodies.get('/console/integrations/kaola/wechat-pay')).toContain('by ≈ late Sept 2021');
  });
});
