import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { count, newWorld } from '../support/world.ts';

/** Issue 21: a page may preview a day that has not come, labelled as such, worded for what the page shows. */
const world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
const http = supertest(world.app);
afterAll(() => world.close());

const label = (html: string) => /<p class="notice time-travel ahead"[^>]*data-future-day="(\w+)">([\s\S]*?)<\/p>/.exec(html);
const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('a future day is labelled as not yet happened on every page that takes one', () => {
  const pages: Array<[string, string, string]> = [
    ['/review?asOf=2031-01-01', 'wallets', 'a preview of the wallets offered and their reasons'],
    ['/review/links?asOf=2031-01-01', 'links', 'a preview of how shared links open, their preview and how they are shared'],
    ['/review/preview?storefront=taobao&date=2031-01-01', 'wallets', 'a preview of the wallets offered and their reasons'],
    ['/review/diff?to=2031-01-01', 'changes', 'a preview of what is recorded so far, scheduled changes included'],
    ['/review/coverage?to=2031-01-01', 'changes', 'a preview of what is recorded so far, scheduled changes included'],
    ['/hosts/wechat?asOf=2031-01-01', 'links', 'a preview of how shared links open, their preview and how they are shared'],
    ['/hosts/wechat/one_to_one?asOf=2031-01-01', 'links', 'a preview of how shared links open, their preview and how they are shared'],
    ['/shop/taobao?asOf=2031-01-01', 'wallets', 'a preview of the wallets offered and their reasons'],
  ];
  for (const [path, subject, preview] of pages) {
    it(`${path}: "has not happened yet", about ${subject}`, async () => {
      const events = count(world.db, 'integration_events');
      const res = await http.get(path).expect(200);
      const found = label(res.text);
      expect(found?.[1]).toBe(subject);
      expect(text(found![2]!)).toContain(`As it would stand on 1 Jan 2031, which has not happened yet: ${preview}.`);
      expect(found![2]).toMatch(/<a href="\/[^"?]*">Back to today<\/a>/);
      if (subject === 'links') expect(found![2]).not.toContain('wallets');
      expect(count(world.db, 'integration_events')).toBe(events);
    });
  }

  it('the same pages on a day that has happened carry no such label', async () => {
    for (const path of [
      '/review?asOf=2021-10-01',
      '/review/links?asOf=2021-10-01',
      '/review/preview?storefront=taobao&date=2021-10-01',
      '/review/diff?to=2021-10-01',
      '/hosts/wechat/one_to_one?asOf=2021-10-01',
    ]) {
      const res = await http.get(path).expect(200);
      expect(label(res.text), path).toBeNull();
      expect(res.text, path).not.toContain('has not happened yet');
    }
  });

  it('the matrix heading says "would stand", not "stood", for a future day', async () => {
    expect((await http.get('/review?asOf=2031-01-01').expect(200)).text).toContain('As it would stand on <strong>1 Jan 2031</strong>');
    expect((await http.get('/review/links?asOf=2031-01-01').expect(200)).text).toContain('what tapping the link would do');
  });

  it('a chat on a past day says links, not wallets, are decided for that time', async () => {
    const chat = (await http.get('/hosts/wechat/one_to_one?asOf=2021-10-01').expect(200)).text;
    expect(chat).toContain('how links open and are shared is decided for that time');
    expect(chat).not.toContain('the wallets offered, the reasons and the payment');
  });
});
