import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { visitor } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});
const page = (path: string, username: string | null) => {
  const who = visitor(world, username);
  return supertest(world.app).get(path).set('Cookie', who.cookie);
};

describe('the console pages render what the domain decides', () => {
  it('shows a reviewer only the review section, an operator only the action section, an admin both, a viewer none', async () => {
    const sections = async (username: string) =>
      [...(await page('/console', username)).text.matchAll(/data-section="([^"]+)"/g)].map((m) => m[1]);
    expect(await sections('tencent.reviewer')).toEqual(['awaiting-review']);
    expect(await sections('ali.ops')).toEqual(['needing-action']);
    expect(await sections('admin')).toEqual(['awaiting-review', 'needing-action']);
    expect(await sections('viewer')).toEqual([]);
    expect((await page('/console', 'viewer')).text).toContain('so nothing waits for you');
  });

  it('names where each verb leads and marks the destructive ones secondary', async () => {
    const res = await page('/console/integrations/eleme/wechat-pay', 'admin').expect(200);
    expect(res.text).toMatch(
      /data-verb="suspend" data-tone="destructive"[\s\S]*?→ Suspended[\s\S]*?<button type="submit" class="secondary">Suspend/,
    );
    expect(res.text).toMatch(/data-verb="adjust" data-tone="primary"[\s\S]*?→ Live[\s\S]*?<button type="submit">Adjust/);
    expect(res.text).toMatch(/<label for="suspend-reason">Reason \(required\)/);
  });

  it('ties a bad filter to its own select with aria-describedby, status 400', async () => {
    const res = await page('/console/integrations?state=bogus', 'viewer').expect(400);
    expect(res.text).toMatch(/<select id="filter-state" name="state" aria-invalid="true" aria-describedby="filter-state-error">/);
    expect(res.text).toMatch(/<small id="filter-state-error" class="field-error">one of: /);
  });

  it('marks the current page in every breadcrumb', async () => {
    const res = await page('/console/integrations/eleme/wechat-pay', 'viewer').expect(200);
    expect(res.text).toContain(
      '<li><a href="/console/integrations">Integrations</a></li><li><span aria-current="page">Ele.me × WeChat Pay</span></li>',
    );
  });
});
