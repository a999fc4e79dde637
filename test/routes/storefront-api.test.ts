import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
let api: ReturnType<typeof supertest>;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  api = supertest(world.app);
  return () => world.close();
});

async function wallets(slug: string, query = '') {
  const res = await api.get(`/api/storefronts/${slug}/wallets${query}`).expect(200);
  return Object.fromEntries((res.body.wallets as { wallet: string; reason: string; shown: boolean }[]).map((w) => [w.wallet, w]));
}

describe('GET /api/storefronts/:slug/wallets on the 2021 record', () => {
  it.each(['eleme', 'youku', 'damai', 'kaola', 'shuqi'])('shows Alipay and WeChat Pay at %s', async (slug) => {
    const w = await wallets(slug);
    expect(w.alipay).toMatchObject({ shown: true, reason: 'SHOWN' });
    expect(w['wechat-pay']).toMatchObject({ shown: true, reason: 'SHOWN' });
  });

  it.each(['taobao-deals', 'idle-fish', 'freshippo'])('hides WeChat Pay at %s, awaiting Tencent', async (slug) => {
    const w = await wallets(slug);
    expect(w['wechat-pay']).toMatchObject({
      shown: false,
      reason: 'PENDING_PROVIDER_APPROVAL',
      message: expect.stringMatching(/ has asked to offer WeChat Pay; awaiting Tencent's approval\.$/),
    });
  });

  it.each(['taobao', 'tmall'])('does not offer WeChat Pay at %s', async (slug) => {
    expect((await wallets(slug))['wechat-pay']).toMatchObject({ shown: false, reason: 'NOT_REQUESTED' });
  });

  it('shows no WeChat Pay at any Alibaba storefront before September 2021', async () => {
    const { body } = await api.get('/api/storefronts').expect(200);
    expect(body.storefronts).toHaveLength(13);
    for (const storefront of (body.storefronts as { slug: string; group: string }[]).filter((s) => s.group === 'alibaba')) {
      const w = await wallets(storefront.slug, '?asOf=2021-08-31');
      expect(w['wechat-pay']!.shown).toBe(false);
      expect(w.alipay!.shown).toBe(true);
    }
  });

  it('answers with the context it decided for, amount in yuan', async () => {
    const res = await api.get('/api/storefronts/eleme/wallets?channel=mini_program&amount=120.5&shopper=s-42&asOf=2021-10-15').expect(200);
    expect(res.body).toMatchObject({
      storefront: 'eleme',
      asOf: '2021-10-15T23:59:59.999Z',
      context: { channel: 'mini_program', amount: '120.50', shopper: 's-42' },
    });
    expect(res.body.wallets.map((w: { wallet: string }) => w.wallet)).toEqual(['alipay', 'wechat-pay', 'unionpay-qr']);
  });

  it('lists storefronts with the wallets each offers today', async () => {
    const { body } = await api.get('/api/storefronts').expect(200);
    const kaola = body.storefronts.find((s: { slug: string }) => s.slug === 'kaola');
    expect(kaola.wallets).toEqual([
      { wallet: 'alipay', name: 'Alipay', state: 'live' },
      { wallet: 'wechat-pay', name: 'WeChat Pay', state: 'live' },
    ]);
  });

  it('refuses bad query input with a problem naming each field', async () => {
    const res = await api.get('/api/storefronts/eleme/wallets?channel=fax&amount=-3&asOf=yesterday').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount', 'asOf', 'channel']);
  });

  it('refuses a query parameter it does not take, naming it, beside the ones that are wrong', async () => {
    const res = await api.get('/api/storefronts?bogus=1').expect(400);
    expect(res.body).toMatchObject({
      code: 'bad_request',
      errors: [{ path: 'bogus', message: expect.stringContaining('not a query parameter') }],
    });
    const both = await api.get('/api/storefronts/eleme/wallets?channel=fax&chanel=app').expect(400);
    expect(both.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['chanel', 'channel']);
  });

  it('refuses an empty asOf, and the document says why: a day or an instant, left out for now', async () => {
    const res = await api.get('/api/storefronts/eleme/wallets?asOf=').expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['asOf']);
    const document = (await api.get('/api/openapi.json').expect(200)).body;
    const asOf = document.paths['/api/storefronts/{slug}/wallets'].get.parameters.find((p: { name: string }) => p.name === 'asOf');
    expect(asOf.description).toMatch(/empty value is refused/);
    const patterns = asOf.schema.anyOf.map((branch: { pattern: string }) => new RegExp(branch.pattern));
    expect(patterns.some((pattern: RegExp) => pattern.test(''))).toBe(false);
    expect(patterns.some((pattern: RegExp) => pattern.test('2021-10-15'))).toBe(true);
  });

  it('answers a method the path does not take with 405 and the methods it does (Allow)', async () => {
    for (const method of ['trace', 'put', 'patch', 'delete', 'post'] as const) {
      const res = await api[method]('/api/storefronts').expect(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body.code).toBe('method_not_allowed');
    }
    await api.options('/api/storefronts').expect(204).expect('allow', 'GET, HEAD');
  });

  it('answers 404 as a problem for an unknown storefront or path', async () => {
    const res = await api.get('/api/storefronts/no-such-shop/wallets').expect(404);
    expect(res.body.code).toBe('not_found');
    await api
      .get('/api/nothing-here')
      .expect(404)
      .expect('content-type', /problem\+json/);
  });
});
