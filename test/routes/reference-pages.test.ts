import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../src/domain/reasons.ts';
import { actors, putInState } from '../support/integrations.ts';
import { shopperWithCart } from '../support/shopping.ts';
import { newWorld, type TestWorld, signIn } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

describe('the reason-code page', () => {
  it('lists every code with its sentence and how to reach it, and checkout links to it', async () => {
    const page = await supertest(world.app).get('/reasons').expect(200);
    for (const code of REASON_CODES) expect(page.text).toContain(`id="${code}"`);
    expect(page.text).toContain('How to reach it:');
    const shopper = await shopperWithCart(world, 'taobao-deals');
    const checkout = await shopper.page('/shop/taobao-deals/checkout');
    expect(checkout.text).toContain('href="/reasons#PENDING_PROVIDER_APPROVAL"');
  });
});

describe('the Sources page', () => {
  it('lists the five articles by what each file says, and the Source column links to it', async () => {
    const page = await supertest(world.app).get('/sources').expect(200);
    expect(page.text.match(/<li id="source-00\d">/g)).toHaveLength(5);
    expect(page.text).toContain('KrASIA');
    expect(page.text).toContain('Week in China');
    expect(page.text).toContain('WeChat allows more direct links from rivals, including Taobao &amp; Douyin');
    const timeline = await supertest(world.app).get('/review/timeline?storefront=eleme').expect(200);
    expect(timeline.text).toContain('href="/sources#source-002"');
  });
});

describe('inbox rows say who asked, when and why', () => {
  it('a request awaiting review shows its requester, time and reason', async () => {
    putInState(world, 'tmall', 'wechat-pay', 'requested', actors.aliOps);
    const reviewer = await signIn(world, 'tencent.reviewer');
    const inbox = await reviewer.page('/console');
    const row = inbox.text.slice(inbox.text.indexOf('data-integration="tmall/wechat-pay"'));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/data-latest><span class="verb">request<\/span> by [\w.]+, \d+ \w+ 2026/);
  });
});
