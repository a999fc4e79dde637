import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});
const milestoneSlugs = (html: string) => [...html.matchAll(/data-milestone="([\w-]+)"/g)].map((m) => m[1]);

describe('the timeline, filtered', () => {
  it('by WeChat Pay keeps the 2021 milestones that concern it, the oldest included, and none about other wallets only', async () => {
    const page = await supertest(world.app).get('/review/timeline?wallet=wechat-pay').expect(200);
    const slugs = milestoneSlugs(page.text);
    expect(slugs).toEqual(expect.arrayContaining(['miit-campaign', 'miit-meeting', 'companies-comply', 'no-wechat-pay-on-taobao']));
    expect(slugs).not.toContain('qr-mutual-recognition');
    expect(page.text).toMatch(/data-result-count><strong>\d+<\/strong> events? match/);
  });

  it('exports the same milestones as JSON and CSV rows', async () => {
    const json = await supertest(world.app).get('/review/timeline.json?wallet=wechat-pay').expect(200);
    const slugs = json.body.milestones.map((m: { slug: string }) => m.slug);
    expect(slugs).toEqual(expect.arrayContaining(['miit-campaign', 'miit-meeting']));
    const csv = await supertest(world.app).get('/review/timeline.csv?wallet=wechat-pay').expect(200);
    expect(csv.text.split(/\r?\n/)[0]).toMatch(/,kind,title$/);
    expect(csv.text).toMatch(/,milestone,"?MIIT starts a six-month campaign/);
  });

  it('says so when the range is reversed, instead of an empty table', async () => {
    const page = await supertest(world.app).get('/review/timeline?from=2021-12-01&to=2021-09-01').expect(400);
    expect(page.text).toContain('The To date is before the From date');
    expect(page.text).toContain('<strong>0</strong> events match');
  });

  it('offers the storefronts by name in a select', async () => {
    const page = await supertest(world.app).get('/review/timeline?storefront=idle-fish').expect(200);
    expect(page.text).toContain('<select name="storefront">');
    expect(page.text).toContain('<option value="idle-fish" selected>Idle Fish</option>');
  });
});
