import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiTokenFor as apiToken, visitor } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';
import { viewFormat } from '../../src/views-helpers/format.ts';

/** Dates that Date.parse would roll over (30 Feb -> 2 March, 31 April -> 1 May, hour 24 -> the next day) or refuse. */
const IMPOSSIBLE = [
  '2021-02-30',
  '2021-04-31',
  '2021-02-30T00:00:00Z',
  '2021-04-31T00:00:00Z',
  '2021-01-01T24:00:00Z',
  '2021-01-01T23:60:00Z',
  // Outside 1970–9999: six-digit years would no longer compare as strings.
  '1969-12-31',
  '0001-01-01',
  '+010240-01-01',
  '10000-01-01',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:30:00-01:00',
];

const errorPaths = (res: supertest.Response) => (res.body.errors as { path: string }[]).map((e) => e.path);

describe('impossible dates are refused with the field named, never rolled over', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
    return () => world.close();
  });
  const get = (path: string, query: Record<string, string>) => supertest(world.app).get(path).query(query);

  const apiRoutes: Array<[string, string, Record<string, string>]> = [
    ['/api/storefronts/eleme/wallets', 'asOf', {}],
    ['/api/matrix', 'asOf', {}],
    ['/api/diff', 'from', { to: '2021-10-15' }],
    ['/api/diff', 'to', { from: '2021-08-01' }],
    ['/api/events', 'from', {}],
    ['/api/events', 'to', {}],
  ];
  for (const [path, field, rest] of apiRoutes) {
    it(`GET ${path}?${field}= answers 400 problem+json with errors[].path ${field}`, async () => {
      for (const value of IMPOSSIBLE) {
        const res = await get(path, { ...rest, [field]: value });
        expect(res.status, `${field}=${value}`).toBe(400);
        expect(res.type).toBe('application/problem+json');
        expect(errorPaths(res), `${field}=${value}`).toEqual([field]);
      }
      expect((await get(path, { ...rest, [field]: '2021-02-28' })).status).toBe(200);
    });
  }

  const pages: Array<[string, string, Record<string, string>]> = [
    ['/review', 'asOf', {}],
    ['/review/preview', 'date', { storefront: 'eleme' }],
    ['/review/diff', 'from', {}],
    ['/review/timeline', 'from', {}],
    ['/review/timeline', 'to', {}],
    ['/review/coverage', 'from', {}],
    ['/review/coverage', 'to', {}],
  ];
  for (const [path, field, rest] of pages) {
    it(`GET ${path}?${field}= answers 400 with the field's error on the page`, async () => {
      for (const value of IMPOSSIBLE) {
        const res = await get(path, { ...rest, [field]: value });
        expect(res.status, `${field}=${value}`).toBe(400);
        expect(res.text, `${field}=${value}`).toMatch(new RegExp(`${viewFormat.fieldLabel(field)}: a real date`));
      }
      expect((await get(path, { ...rest, [field]: '2021-02-28' })).status).toBe(200);
    });
  }

  describe("a launch's effectiveAt", () => {
    const LAUNCH_AT = [
      '2031-02-30T08:00',
      '2031-04-31T08:00',
      '2031-01-01T24:00',
      '2031-01-01T23:60',
      '2031-02-30T08:00:00Z',
      '2031-02-30',
      '10000-01-01T00:00:00Z',
      '+010240-01-01T00:00:00Z',
      '9999-12-31T23:30-01:00',
      '1969-12-31T23:59',
    ];
    const idleFish = () => world.repos.integrations.find('idle-fish', 'wechat-pay')!;
    beforeEach(async () => {
      await supertest(world.app)
        .post('/api/integrations/idle-fish/wechat-pay/approve')
        .set('Authorization', `Bearer ${apiToken(world, 'tencent.reviewer')}`)
        .send({ expectedVersion: idleFish().version, reason: 'ok' })
        .expect(200);
    });

    it('POST /api/integrations/:storefront/:wallet/launch answers 400 with errors[].path effectiveAt, writing nothing', async () => {
      const token = apiToken(world, 'ali.ops');
      for (const effectiveAt of LAUNCH_AT) {
        const res = await supertest(world.app)
          .post('/api/integrations/idle-fish/wechat-pay/launch')
          .set('Authorization', `Bearer ${token}`)
          .send({ expectedVersion: idleFish().version, effectiveAt });
        expect(res.status, effectiveAt).toBe(400);
        expect(errorPaths(res), effectiveAt).toEqual(['effectiveAt']);
        expect(idleFish().state).toBe('approved');
      }
    });

    it('the console launch form answers 400 with the error next to the field, writing nothing', async () => {
      const operator = visitor(world, 'ali.ops');
      for (const effectiveAt of LAUNCH_AT) {
        const res = await supertest(world.app)
          .post('/console/integrations/idle-fish/wechat-pay/launch')
          .set('Cookie', operator.cookie)
          .type('form')
          .send({ _csrf: operator.csrf, expectedVersion: idleFish().version, effectiveAt, rolloutPercent: 100 });
        expect(res.status, effectiveAt).toBe(400);
        expect(res.text).toMatch(/effectiveAt-error" class="field-error">a real time/);
        expect(res.text).toContain(`value="${effectiveAt}"`);
        expect(idleFish().state).toBe('approved');
      }
    });
  });
});
