import { beforeEach, describe, expect, it } from 'vitest';
import supertest from 'supertest';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
let http: ReturnType<typeof supertest>;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  http = supertest(world.app);
  return () => world.close();
});

const ALIBABA = ['eleme', 'youku', 'damai', 'kaola', 'shuqi', 'taobao-deals', 'idle-fish', 'freshippo', 'taobao', 'tmall'];
const WECHAT_LIVE = ['eleme', 'youku', 'damai', 'kaola', 'shuqi'];
const WECHAT_REQUESTED = ['taobao-deals', 'idle-fish', 'freshippo'];

interface Cell {
  storefront: string;
  wallet: string;
  state: string;
  sinceLabel: string;
}

/** The state shown in the matrix page's cell for storefront x wallet. */
function cellState(html: string, storefront: string, wallet: string): string | undefined {
  const row = new RegExp(`<tr data-storefront="${storefront}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return new RegExp(`data-wallet="${wallet}" data-state="([a-z_]+)"`).exec(row)?.[1];
}

describe('the matrix on the record', () => {
  it('as of 1 Aug 2021 shows no WeChat Pay in any Alibaba storefront, and Alipay live everywhere', async () => {
    const page = await http.get('/review?asOf=2021-08-01').expect(200);
    expect(page.text).toContain('As it stood on <strong>1 Aug 2021</strong>');
    for (const storefront of ALIBABA) {
      expect(cellState(page.text, storefront, 'wechat-pay')).toBe('not_requested');
      expect(cellState(page.text, storefront, 'alipay')).toBe('live');
    }
    const api = await http.get('/api/matrix?asOf=2021-08-01').expect(200);
    const wechat = (api.body.cells as Cell[]).filter((c) => c.wallet === 'wechat-pay' && ALIBABA.includes(c.storefront));
    expect(wechat.map((c) => c.storefront).sort()).toEqual([...ALIBABA].sort());
    expect(wechat.every((c) => c.state === 'not_requested')).toBe(true);
    // The Tencent side's mini-program shops took WeChat Pay all along (000).
    const tencentSide = (api.body.cells as Cell[]).filter((c) => c.wallet === 'wechat-pay' && !ALIBABA.includes(c.storefront));
    expect(tencentSide.map((c) => `${c.storefront}:${c.state}`)).toEqual(['jd:live', 'pinduoduo:live', 'vipshop:live']);
  });

  it('as of 15 Oct 2021 shows WeChat Pay live at five storefronts by ≈ late Sept 2021 (002, a bound) and requested at three', async () => {
    const page = await http.get('/review?asOf=2021-10-15').expect(200);
    for (const storefront of WECHAT_LIVE) expect(cellState(page.text, storefront, 'wechat-pay')).toBe('live');
    for (const storefront of WECHAT_REQUESTED) expect(cellState(page.text, storefront, 'wechat-pay')).toBe('requested');
    for (const storefront of ['taobao', 'tmall']) expect(cellState(page.text, storefront, 'wechat-pay')).toBe('not_requested');
    expect(page.text).toContain('by ≈ late Sept 2021');
    expect(page.text).toContain('href="/console/integrations/eleme/wechat-pay"');
    const api = await http.get('/api/matrix?asOf=2021-10-15').expect(200);
    const eleme = (api.body.cells as Cell[]).find((c) => c.storefront === 'eleme' && c.wallet === 'wechat-pay');
    expect(eleme).toMatchObject({
      state: 'live',
      sinceLabel: 'by ≈ late Sept 2021',
      datePrecision: 'before',
      source: '002_c38cf0f4a4e7f84b.txt',
      basis: 'reported',
    });
    // The rows behind it: today's state in the table agrees with the last event.
    expect(count(world.db, 'integrations', "wallet_slug = 'wechat-pay' AND state = 'live'")).toBe(5 + 3);
    expect(count(world.db, 'integrations', "wallet_slug = 'wechat-pay' AND state = 'requested'")).toBe(3);
  });

  it('filters by state and group', async () => {
    const requested = await http.get('/review?asOf=2021-10-15&state=requested').expect(200);
    expect(requested.text).toContain('3 storefronts.');
    for (const storefront of WECHAT_REQUESTED) expect(requested.text).toContain(`data-storefront="${storefront}"`);
    expect(requested.text).not.toContain('data-storefront="eleme"');
    const noGroup = await http.get('/review?group=no-such-group').expect(200);
    expect(noGroup.text).toContain('No storefront matches these filters.');
    const bad = await http.get('/review?asOf=not-a-date&state=gone').expect(400);
    expect(bad.text).toContain('As of: ');
    expect(bad.text).toContain('State: ');
  });
});

describe('the diff on the record', () => {
  it('between 1 Aug and 15 Oct 2021 lists exactly the eight WeChat Pay changes', async () => {
    const api = await http.get('/api/diff?from=2021-08-01&to=2021-10-15').expect(200);
    const changes = api.body.changes as Array<{ storefront: string; wallet: string; from: { state: string }; to: { state: string } }>;
    expect(changes.map((c) => `${c.storefront}/${c.wallet}:${c.from.state}->${c.to.state}`).sort()).toEqual(
      [
        ...WECHAT_LIVE.map((s) => `${s}/wechat-pay:not_requested->live`),
        ...WECHAT_REQUESTED.map((s) => `${s}/wechat-pay:not_requested->requested`),
      ].sort(),
    );
    const page = await http.get('/review/diff?from=2021-08-01&to=2021-10-15').expect(200);
    expect(page.text).toContain('8 changes.');
    expect(page.text.match(/<tr data-storefront=/g)).toHaveLength(8);
  });

  it('the API compares the page defaults when not told the dates, and names a bad one', async () => {
    const res = await http.get('/api/diff').expect(200);
    expect(res.body).toMatchObject({ from: '2021-08-01T23:59:59.999Z', to: '2021-10-15T23:59:59.999Z' });
    expect(res.body.changes).toHaveLength(8);
    expect(res.body.changes.every((c: { changed: string[] }) => !c.changed.includes('displayOrder'))).toBe(true);
    const bad = await http.get('/api/diff?to=2021-02-30').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'to' })]);
  });
});

describe('preview: what this shopper would see', () => {
  it('on 15 Oct 2021 at Ele.me shows WeChat Pay with the shopper bucket, and links to the real checkout', async () => {
    const res = await http
      .get('/review/preview?storefront=eleme&channel=mini_program&amount=58.50&shopper=analyst-1&date=2021-10-15')
      .expect(200);
    expect(res.text).toMatch(/<tr data-wallet="wechat-pay" data-reason="SHOWN">[\s\S]*?<td class="num">\d{1,2} <small/);
    expect(res.text).toContain('data-wallet="unionpay-qr" data-reason="NOT_REQUESTED"');
    // The real checkout opens at the preview's day.
    expect(res.text).toContain('href="/shop/eleme/checkout?channel=mini_program&amp;asOf=2021-10-15"');
    expect(res.text).toContain('¥58.50');
  });

  it('on 1 Aug 2021 hides WeChat Pay because Ele.me had not asked for it', async () => {
    const res = await http.get('/review/preview?storefront=eleme&channel=app&amount=10&shopper=analyst-1&date=2021-08-01').expect(200);
    expect(res.text).toContain('data-wallet="wechat-pay" data-reason="NOT_REQUESTED"');
    expect(res.text).toContain('data-wallet="alipay" data-reason="SHOWN"');
  });

  it('at Taobao Deals in Oct 2021 says it is awaiting Tencent', async () => {
    const res = await http.get('/review/preview?storefront=taobao-deals&date=2021-10-15&shopper=s').expect(200);
    expect(res.text).toContain('data-wallet="wechat-pay" data-reason="PENDING_PROVIDER_APPROVAL"');
    expect(res.text).toContain('awaiting Tencent&#39;s approval');
  });
});

describe('coverage chart', () => {
  it('steps WeChat Pay from 3 (the Tencent side) to 8 storefronts in Sept 2021, as an accessible SVG with the same numbers in a table', async () => {
    const res = await http.get('/review/coverage?from=2021-01-01&to=2021-12-31').expect(200);
    expect(res.text).toMatch(/<svg class="chart coverage-chart"[^>]*role="img" aria-labelledby="coverage-chart-title coverage-chart-desc"/);
    expect(res.text).toContain('<title id="coverage-chart-title">');
    expect(res.text).toContain('WeChat Pay ends at 8.');
    expect(res.text).toContain('Alipay ends at 10.');
    expect(res.text).not.toMatch(/style=/);
    const rows = [
      ...res.text.matchAll(
        /<tr><th scope="row">([^<]+)<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g,
      ),
    ].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])]);
    expect(rows).toEqual([
      // The Tencent side's three mini-program shops: WeChat Pay before 2021 (000), held from the bound.
      ['1 Jan 2021', 10, 3, 0],
      // Known only to the month: the change is labelled at that precision, not by the day the simulation puts it on.
      ['by ≈ late Sept 2021', 10, 8, 0],
      ['31 Dec 2021', 10, 8, 0],
    ]);
  });
});
