import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../domain/review-csv-parser.ts';
import { browserAgent, newWorld } from '../support/world.ts';

/**
 * Defaults are not facts: where the simulator assumes the walled-garden default, every page, API answer
 * and export says so, with no source and no date. And the direct opening of 29 Nov reads as partial
 * until the promised day, on the chat, the link matrix and the API alike.
 */
const world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
const http = supertest(world.app);
afterAll(() => world.close());

interface Policy {
  host: string;
  surface: string;
  platform: string;
  behaviour: string;
  basis: 'reported' | 'assumed';
  assumed: string[];
  since: string | null;
  sinceLabel: string | null;
  source: string | null;
  facts: Record<string, { date: string; source: string | null } | null>;
  coverage: { complete: boolean; until: string; source: string | null } | null;
}
const key = (p: Policy) => `${p.host}/${p.surface}/${p.platform}`;
const DAYS = ['2021-08-01', '2021-09-20', '2021-10-15', '2021-11-30', '2021-12-02', '2021-12-20'];
const policies = new Map<string, Policy[]>();

beforeAll(async () => {
  for (const day of DAYS) policies.set(day, (await http.get(`/api/links?asOf=${day}`).expect(200)).body.policies);
});

/** The `data-link` cell of the link matrix, its HTML up to the cell's end. */
const cell = (html: string, link: string) => {
  const at = html.indexOf(`data-link="${link}"`);
  return at < 0 ? '' : html.slice(at, html.indexOf('</td>', at));
};

describe('an assumption is never shown with a source or a date', () => {
  it('in /api/links: an assumed behaviour has no since, no label, no source, whatever the day', () => {
    for (const [day, list] of policies) {
      const assumed = list.filter((p) => p.basis === 'assumed');
      expect(assumed.length, day).toBeGreaterThan(0);
      for (const p of assumed) {
        expect({ since: p.since, sinceLabel: p.sinceLabel, source: p.source, behaviour: p.facts.behaviour }, `${day} ${key(p)}`).toEqual({
          since: null,
          sinceLabel: null,
          source: null,
          behaviour: null,
        });
        expect(p.assumed, `${day} ${key(p)}`).toContain('behaviour');
      }
      for (const p of list) for (const field of p.assumed) expect(p.facts[field], `${day} ${key(p)} ${field}`).toBeNull();
    }
  });

  it('marks Vipshop in WeChat, and JD, Pinduoduo, Vipshop and Tmall in Douyin and Taobao, as assumptions (no article says)', () => {
    const at = (day: string, k: string) => policies.get(day)?.find((p) => key(p) === k);
    for (const surface of ['group_chat', 'moments']) expect(at('2021-12-20', `wechat/${surface}/vipshop`)?.basis).toBe('assumed');
    expect(at('2021-10-15', 'wechat/one_to_one/vipshop')?.basis).toBe('assumed');
    for (const platform of ['tmall', 'jd', 'pinduoduo', 'vipshop']) {
      expect(at('2021-12-20', `douyin/one_to_one/${platform}`)?.basis, platform).toBe('assumed');
      expect(at('2021-12-20', `douyin/group_chat/${platform}`)?.basis, platform).toBe('assumed');
    }
    for (const platform of ['jd', 'pinduoduo', 'vipshop']) expect(at('2021-12-20', `taobao/one_to_one/${platform}`)?.basis).toBe('assumed');
  });

  it('on the link matrix page: an assumed cell says so and links no article; the CSV and JSON exports agree', async () => {
    const page = await http.get('/review/links?asOf=2021-10-15').expect(200);
    const vipshop = cell(page.text, 'wechat/group_chat/vipshop');
    expect(vipshop).toContain('data-basis="assumed"');
    expect(vipshop).toContain('not in the record, the walled-garden default');
    expect(vipshop).not.toContain('/sources#');
    expect(vipshop).not.toMatch(/>since|\d{4}/);
    const json = await http.get('/review/links.json?asOf=2021-10-15').expect(200);
    expect(json.body.policies).toEqual(policies.get('2021-10-15'));
    const csv = await http.get('/review/links.csv?asOf=2021-10-15').expect(200);
    const [header, ...rows] = parseCsv(csv.text);
    const col = (name: string) => (header as string[]).indexOf(name);
    const assumed = rows.filter((r) => r[col('basis')] === 'assumed');
    expect(assumed.length).toBeGreaterThan(10);
    for (const row of assumed) {
      expect([row[col('since')], row[col('sinceLabel')], row[col('source')]], row.slice(0, 6).join('/')).toEqual(['', '', '']);
    }
  });

  it("in the chat: the September opening is shared and opened, how is the simulator's assumption (no date, no article)", async () => {
    const browser = await browserAgent(world);
    const chat = await browser.page('/hosts/wechat/one_to_one?asOf=2021-10-05');
    const tmall = chat.text.slice(chat.text.indexOf('data-platform="tmall"'));
    expect(tmall).toMatch(/^data-platform="tmall" data-behaviour="confirm_twice"/);
    const how = tmall.slice(0, tmall.indexOf('</li>'));
    expect(how).toContain('assumed: how it opens is not in the record');
    expect(how).not.toMatch(/since|Sept 2021/);
  });

  it('in the wallet decision and the wallet matrix: no report yet is an assumption, with no date and no source', async () => {
    const eleme = await http.get('/api/storefronts/eleme/wallets?asOf=2021-09-20').expect(200);
    const wechat = eleme.body.wallets.find((w: { wallet: string }) => w.wallet === 'wechat-pay');
    expect(wechat).toMatchObject({ reason: 'NOT_REQUESTED', basis: 'assumed', since: null, sinceLabel: null });
    expect(wechat.message).toContain('No report yet');
    const matrix = await http.get('/api/matrix?asOf=2021-09-20').expect(200);
    const cells = matrix.body.cells as Array<{
      storefront: string;
      wallet: string;
      basis: string;
      source: string | null;
      sinceLabel: string;
    }>;
    expect(cells.find((c) => c.storefront === 'eleme' && c.wallet === 'wechat-pay')).toMatchObject({
      basis: 'assumed',
      source: null,
      sinceLabel: '',
    });
    for (const c of cells.filter((c) => c.basis === 'assumed')) expect([c.source, c.sinceLabel]).toEqual([null, '']);
    const page = await http.get('/review?asOf=2021-09-20').expect(200);
    const at = page.text.indexOf('data-wallet="wechat-pay"', page.text.indexOf('/console/integrations/eleme/alipay'));
    expect(page.text.slice(at, page.text.indexOf('</td>', at))).toContain('No report yet');
  });
});

describe('the direct opening of 29 Nov 2021: from that night, partial until ≈ 1 Dec (003)', () => {
  const taobao = (day: string) => policies.get(day)?.find((p) => key(p) === 'wechat/one_to_one/taobao');

  it('in the API: 30 Nov partial, 2 Dec complete, both from the night of 29 Nov (003)', () => {
    expect(taobao('2021-11-30')).toMatchObject({
      behaviour: 'direct',
      basis: 'reported',
      since: '2021-11-29T23:59:59.999Z',
      sinceLabel: '29 Nov 2021',
      source: '003_c2934a50caf5392e.txt',
      coverage: { complete: false, until: '1 Dec 2021 (expected)', source: '003_c2934a50caf5392e.txt' },
    });
    expect(taobao('2021-12-02')?.coverage).toMatchObject({ complete: true });
    expect(taobao('2021-12-02')?.behaviour).toBe('direct');
  });

  it('opens nothing directly at midnight on 29 Nov: the risk warning still holds that day until night', async () => {
    const midday = await http.get('/api/links/open?host=wechat&surface=one_to_one&platform=taobao&asOf=2021-11-29T12:00:00Z').expect(200);
    expect(midday.body).toMatchObject({ behaviour: 'risk_warning', sinceLabel: 'before 29 Nov 2021', coverage: null });
  });

  it('on /review/links: the 30 Nov cell says partial, the 2 Dec cell says everyone', async () => {
    const nov30 = cell((await http.get('/review/links?asOf=2021-11-30').expect(200)).text, 'wechat/one_to_one/taobao');
    expect(nov30).toContain('data-coverage="partial"');
    expect(nov30).toContain('partial: not yet for everyone, coverage promised by 1 Dec 2021 (expected)');
    const dec2 = cell((await http.get('/review/links?asOf=2021-12-02').expect(200)).text, 'wechat/one_to_one/taobao');
    expect(dec2).toContain('data-coverage="complete"');
    expect(dec2).toContain('for everyone, coverage promised by 1 Dec 2021 (expected)');
    expect(dec2).not.toContain('not yet for everyone');
  });

  it('in the WeChat one-to-one chat: on 30 Nov the direct opening is partial, on 2 Dec it is for everyone', async () => {
    const browser = await browserAgent(world);
    const nov30 = await browser.page('/hosts/wechat/one_to_one?asOf=2021-11-30');
    const bubble = (html: string) => {
      const at = html.indexOf('data-platform="taobao"');
      return html.slice(at, html.indexOf('</li>', at));
    };
    expect(bubble(nov30.text)).toMatch(/data-behaviour="direct"/);
    expect(bubble(nov30.text)).toContain('partial: not yet for everyone');
    const dec2 = await browser.page('/hosts/wechat/one_to_one?asOf=2021-12-02');
    expect(bubble(dec2.text)).toContain('data-coverage="complete"');
    expect(bubble(dec2.text)).not.toContain('not yet for everyone');
  });

  it('in the open decision and the CSV export alike', async () => {
    const open = await http.get('/api/links/open?host=wechat&surface=one_to_one&platform=tmall&asOf=2021-11-30').expect(200);
    expect(open.body).toMatchObject({ behaviour: 'direct', coverage: { complete: false } });
    const csv = await http.get('/review/links.csv?asOf=2021-11-30&host=wechat&surface=one_to_one').expect(200);
    const [header, ...rows] = parseCsv(csv.text);
    const row = rows.find((r) => r[(header as string[]).indexOf('platform')] === 'taobao');
    expect(row?.[(header as string[]).indexOf('coverage')]).toBe('partial: everyone by 1 Dec 2021 (expected) (003_c2934a50caf5392e.txt)');
  });
});
