import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../domain/review-csv-parser.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});
const get = (path: string) => supertest(world.app).get(path);

/** The cell of one policy on the link matrix page. */
function cell(html: string, key: string): string {
  const start = html.indexOf(`data-link="${key}"`);
  if (start < 0) throw new Error(`no cell ${key}`);
  return html.slice(start, html.indexOf('</td>', start));
}

describe('the link matrix (/review/links)', () => {
  it('shows a Taobao link in a WeChat one-to-one chat blocked on 1 Aug 2021, after a second confirmation on 15 Oct, direct on 1 Dec since 29 Nov (003)', async () => {
    const aug = await get('/review/links?asOf=2021-08-01').expect(200);
    expect(cell(aug.text, 'wechat/one_to_one/taobao')).toContain('data-behaviour="blocked"');
    expect(cell(aug.text, 'wechat/one_to_one/taobao')).toContain('before 2021');
    const oct = await get('/review/links?asOf=2021-10-15').expect(200);
    expect(cell(oct.text, 'wechat/one_to_one/taobao')).toContain('data-behaviour="confirm_twice"');
    expect(cell(oct.text, 'wechat/moments/taobao')).toContain('cannot be shared here');
    const dec = await get('/review/links?asOf=2021-12-01').expect(200);
    const taobao = cell(dec.text, 'wechat/one_to_one/taobao');
    expect(taobao).toContain('data-behaviour="direct"');
    expect(taobao).toMatch(/since <abbr title="[^"]+">29 Nov 2021<\/abbr>/);
    expect(taobao).toContain('href="/sources#source-003"');
    expect(taobao).toContain('Bare link');
    expect(cell(dec.text, 'wechat/one_to_one/jd')).toContain('Rich preview');
  });

  it('shows the expected one-click sharing of 27 Oct 2021 as announced, never as done', async () => {
    const page = await get('/review/links?asOf=2021-11-01&host=wechat&platform=taobao').expect(200);
    const moments = cell(page.text, 'wechat/moments/taobao');
    expect(moments).toContain('cannot be shared here');
    expect(moments).toContain('Announced, not reported done: one-click sharing — 27 Oct 2021 (expected)');
    expect(page.text).not.toContain('data-link="wechat/one_to_one/jd"');
  });

  it('keeps the page and says what was not understood when a filter is malformed (400)', async () => {
    const page = await get('/review/links?asOf=2021-02-30&host=icq').expect(400);
    expect(page.text).toContain('Some filters were not understood');
    expect(page.text).toContain('data-link="wechat/one_to_one/taobao"');
  });

  it('downloads the same policies as /api/links, as JSON and as CSV, filters and precision included', async () => {
    const api = await get('/api/links?asOf=2021-12-01&host=wechat').expect(200);
    const json = await get('/review/links.json?asOf=2021-12-01&host=wechat').expect(200);
    expect(json.body).toEqual(api.body);
    expect(json.body.policies).toHaveLength(18);
    const csv = await get('/review/links.csv?asOf=2021-12-01&host=wechat').expect(200).expect('content-type', 'text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('hutong-links-2021-12-01.csv');
    const [header, ...rows] = parseCsv(csv.text);
    expect(rows).toHaveLength(18);
    const record = (row: string[]) => Object.fromEntries((header as string[]).map((key, i) => [key, row[i]]));
    const taobao = rows.map(record).find((r) => r.surface === 'one_to_one' && r.platform === 'taobao');
    expect(taobao).toMatchObject({
      behaviour: 'direct',
      sinceLabel: '29 Nov 2021',
      sincePrecision: 'day',
      source: '003_c2934a50caf5392e.txt',
    });
    expect(taobao?.announcement).toBe(
      'announced 27 Oct 2021 (expected), not reported done: one-click sharing (004_4cb63c2da069ed75.txt, 003_c2934a50caf5392e.txt)',
    );
    await get('/review/links.csv?host=icq')
      .expect(400)
      .expect('content-type', /text\/csv/);
    await get('/review/links.json?asOf=yesterday')
      .expect(400)
      .expect('content-type', /application\/problem\+json/);
  });
});

describe('link policies in the rest of the review', () => {
  it('the diff from 1 Aug to 1 Dec 2021 lists WeChat one-to-one Taobao blocked → direct, and not the group chats (announced only)', async () => {
    const page = await get('/review/diff?from=2021-08-01&to=2021-12-01').expect(200);
    const start = page.text.indexOf('data-link="wechat/one_to_one/taobao"');
    const row = page.text.slice(start, page.text.indexOf('</tr>', start));
    expect(row).toMatch(/Blocked<\/span>[\s\S]*Opens directly<\/span>/);
    expect(row).toContain('29 Nov 2021');
    expect(page.text).not.toContain('data-link="wechat/group_chat/taobao"');
    const api = await get('/api/diff?from=2021-08-01&to=2021-12-01').expect(200);
    const links = api.body.links as Array<Record<string, unknown>>;
    expect(links).toContainEqual(
      expect.objectContaining({
        host: 'wechat',
        surface: 'one_to_one',
        platform: 'taobao',
        changed: ['behaviour'],
        from: expect.objectContaining({ behaviour: 'blocked' }),
        to: expect.objectContaining({ behaviour: 'direct' }),
        sincePrecision: 'day',
      }),
    );
    expect(links.map((l) => `${l.host}/${l.surface}/${l.platform}`)).toEqual([
      'wechat/one_to_one/taobao',
      'wechat/one_to_one/tmall',
      'wechat/one_to_one/douyin',
      'wechat/one_to_one/jd',
      'wechat/one_to_one/pinduoduo',
      'wechat/one_to_one/vipshop',
      'douyin/one_to_one/wechat',
      'douyin/group_chat/wechat',
    ]);
  });

  it('the timeline shows link events with their source and precision, announced ones as announced; a wallet filter leaves them out', async () => {
    const page = await get('/review/timeline?from=2021-10-20&to=2021-12-01').expect(200);
    expect(page.text).toContain('link policy events over the same span');
    expect(page.text).toMatch(
      /data-verb="announced">(?:(?!<\/tr>)[\s\S])*27 Oct 2021 \(expected\)(?:(?!<\/tr>)[\s\S])*Announced, not reported done:<\/em> one-click sharing/,
    );
    expect(page.text).toMatch(/data-verb="announced">(?:(?!<\/tr>)[\s\S])*Announced, not reported done:<\/em> opening directly/);
    expect(page.text).toMatch(/data-verb="reported"[\s\S]*?Second confirmation → <strong>Opens directly<\/strong>/);
    const filtered = await get('/review/timeline?from=2021-10-20&to=2021-12-01&wallet=wechat-pay').expect(200);
    expect(filtered.text).not.toContain('data-link-event=');
    const json = await get('/review/timeline.json?from=2021-10-20&to=2021-12-01').expect(200);
    const direct = (json.body.links as Array<Record<string, unknown>>).find((l) => l.platform === 'taobao' && l.behaviour === 'direct');
    expect(direct).toMatchObject({
      host: 'wechat',
      surface: 'one_to_one',
      verb: 'reported',
      date: '29 Nov 2021',
      datePrecision: 'day',
      source: '003_c2934a50caf5392e.txt',
    });
    const expected = (json.body.links as Array<Record<string, unknown>>).filter((l) => l.verb === 'announced');
    expect(expected.every((l) => l.fromBehaviour === l.behaviour)).toBe(true);
    const csv = await get('/review/timeline.csv?from=2021-10-20&to=2021-12-01').expect(200);
    expect(csv.text).toMatch(/,link,"Taobao links in WeChat, moments: announced, not reported done: one-click sharing"/);
  });

  it('the coverage page charts the surfaces where Taobao links open directly: WeChat 0 → 1 on 29 Nov 2021, Douyin 0 (announced only)', async () => {
    const page = await get('/review/coverage').expect(200);
    const section = page.text.slice(page.text.indexOf('data-section="link-coverage"'));
    expect(section).toContain('<svg class="chart coverage-chart"');
    expect(section).toContain('<title id="link-coverage-chart-title">Surfaces where Taobao links open directly');
    expect(section).toMatch(/<th scope="row">29 Nov 2021<\/th><td class="num">1<\/td><td class="num">0<\/td>/);
    expect(section).toContain('WeChat ends at 1. Douyin ends at 0.');
  });

  it('reading the review writes nothing', async () => {
    const before = count(world.db, 'link_policy_events') + count(world.db, 'webhook_deliveries');
    for (const path of ['/review/links', '/review/links.csv', '/review/links.json', '/review/diff', '/review/timeline', '/review/coverage'])
      await get(path).expect(200);
    expect(count(world.db, 'link_policy_events') + count(world.db, 'webhook_deliveries')).toBe(before);
  });
});
