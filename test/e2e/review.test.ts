import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPage } from './support/checks.ts';
import { e2eSession } from './support/session.ts';

const session = e2eSession('record');

describe('reviewing the rollout', () => {
  it('travels back in time on the matrix: WeChat Pay at Ele.me is live now and was not requested in August 2021', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/review');
    const elemeWechat = page.locator('tr[data-storefront="eleme"] td[data-wallet="wechat-pay"]');
    expect(await elemeWechat.getAttribute('data-state')).toBe('live');
    expect(await page.locator('tr[data-storefront="taobao-deals"] td[data-wallet="wechat-pay"]').getAttribute('data-state')).toBe(
      'requested',
    );
    await checkPage(page, 'review-matrix');

    await page.getByLabel('As of').fill('2021-08-01');
    await Promise.all([page.waitForURL(/asOf=2021-08-01/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await page.locator('hgroup').textContent()).toMatch(/1 Aug(ust)? 2021/);
    expect(await elemeWechat.getAttribute('data-state')).toBe('not_requested');
    expect(await page.locator('tr[data-storefront="eleme"] td[data-wallet="alipay"]').getAttribute('data-state')).toBe('live');
    await checkPage(page, 'review-matrix-2021-08');

    await page.getByLabel('As of').fill('2021-10-15');
    await Promise.all([page.waitForURL(/asOf=2021-10-15/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await elemeWechat.getAttribute('data-state')).toBe('live');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('downloads the matrix as a CSV file for the chosen date', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/review?asOf=2021-08-01');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(10);
    const header = (lines[0] ?? '').split(',');
    const eleme = lines.filter((l) => l.includes('eleme'));
    expect(eleme.length).toBeGreaterThan(0);
    expect(header.length).toBeGreaterThan(2);
    // On 1 Aug 2021 Ele.me had Alipay live and had not asked for WeChat Pay.
    expect(eleme.join('\n')).toContain('live');
    expect(eleme.join('\n')).toContain('not_requested');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the timeline and what changed between two dates', async () => {
    const { page, context, problems } = await session.visitor();
    await page.goto('/review/timeline?storefront=eleme&wallet=wechat-pay');
    expect(await page.locator('table.timeline tbody').textContent()).toContain('Ele.me');
    await checkPage(page, 'review-timeline');

    await page.goto('/review/diff');
    const row = page.locator('tr[data-storefront="eleme"][data-wallet="wechat-pay"]');
    expect(await row.textContent()).toMatch(/Live/);
    await checkPage(page, 'review-diff');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows coverage, metrics, a shopper preview and the API page, each passing the checks', async () => {
    const { page, context, problems } = await session.visitor();
    for (const [path, name, heading] of [
      ['/review/coverage', 'review-coverage', /./],
      ['/review/metrics', 'review-metrics', /./],
      ['/review/preview?storefront=taobao-deals', 'review-preview', /./],
      ['/api/docs', 'api-docs', /API/],
    ] as const) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent(), path).toMatch(heading);
      await checkPage(page, name);
    }
    expect(await page.goto('/review/preview?storefront=taobao-deals').then(() => page.locator('main').textContent())).toContain(
      'PENDING_PROVIDER_APPROVAL',
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});
