import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { signIn } from './support/console.ts';
import { e2eSession } from './support/session.ts';

const session = e2eSession('record');

const GROUP_TAOBAO = "host_slug = 'wechat' AND surface_slug = 'group_chat' AND platform_slug = 'taobao'";

describe('reviewing how shared links open', () => {
  it('travels back in time on the link matrix: a Taobao link in a WeChat one-to-one chat opens directly on 1 Dec 2021 and was blocked on 1 Aug', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/review/links?asOf=2021-12-01');
    const chatTaobao = page.locator('td[data-link="wechat/one_to_one/taobao"]');
    expect(await chatTaobao.getAttribute('data-behaviour')).toBe('direct');
    expect(await chatTaobao.textContent()).toContain('29 Nov 2021');
    expect(await page.locator('td[data-link="wechat/moments/taobao"] [data-announced]').textContent()).toContain(
      'Announced, not reported done',
    );
    await checkPage(page, 'review-links');

    await page.getByLabel('As of').fill('2021-08-01');
    await Promise.all([page.waitForURL(/asOf=2021-08-01/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await chatTaobao.getAttribute('data-behaviour')).toBe('blocked');
    await checkPage(page, 'review-links-2021-08');

    await page.goto('/review/coverage');
    expect(await page.locator('[data-section="link-coverage"] svg title').textContent()).toContain(
      'Surfaces where Taobao links open directly',
    );
    await checkPage(page, 'review-coverage-links');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('changing a link policy in the console', () => {
  it('tencent.ops lets Taobao links open directly in group chats for half of the people; the matrix shows it', async () => {
    const { page, context, problems } = await session.visitor();
    const eventsBefore = session.app.count('link_policy_events', `policy_id = (SELECT id FROM link_policies WHERE ${GROUP_TAOBAO})`);
    await signIn(page, 'tencent.ops');
    await page.goto('/console/links');
    await Promise.all([
      page.waitForURL(/\/console\/links\/wechat\/group_chat\/taobao$/),
      page.locator('tr[data-link="wechat/group_chat/taobao"] a').click(),
    ]);
    await checkPage(page, 'console-link');
    const form = page.locator('form[data-verb="set"]');
    await form.getByLabel('When tapped').selectOption('direct');
    await form.getByLabel(/^Rollout/).fill('50');
    await form.getByLabel(/^Reason/).fill('Group chats, first half');
    await Promise.all([page.waitForURL(/done=set/), form.getByRole('button', { name: 'Change how links open' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('Changed.');
    expect(await page.locator('[data-behaviour]').first().textContent()).toContain('for 50 % of people');
    await checkPage(page, 'console-link-changed');
    expect(session.app.count('link_policy_events', `policy_id = (SELECT id FROM link_policies WHERE ${GROUP_TAOBAO})`)).toBe(
      eventsBefore + 1,
    );
    expect(session.app.count('link_policies', `${GROUP_TAOBAO} AND behaviour = 'direct' AND rollout_percent = 50`)).toBe(1);

    await page.goto('/review/links?host=wechat&platform=taobao');
    expect(await page.locator('td[data-link="wechat/group_chat/taobao"]').textContent()).toContain('for 50 %');
    expect(problems).toEqual([]);
    await context.close();
  });
});
