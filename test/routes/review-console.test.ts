import { beforeEach, describe, expect, it } from 'vitest';
import { signedInAs } from '../support/sessions.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});

describe('an approval made in the console', () => {
  it('appears at once in the review timeline, matrix and diff', async () => {
    const before = world.repos.integrations.find('idle-fish', 'wechat-pay');
    if (!before) throw new Error('no idle-fish/wechat-pay');
    const reviewer = await signedInAs(world, 'tencent.reviewer');
    const approved = await reviewer.form('/console/integrations/idle-fish/wechat-pay/approve', {
      expectedVersion: before.version,
      reason: 'Second-hand checkout reviewed; approved.',
    });
    expect(approved.status).toBe(303);
    expect(
      count(
        world.db,
        'integration_events e JOIN integrations i ON i.id = e.integration_id',
        "i.storefront_slug = 'idle-fish' AND i.wallet_slug = 'wechat-pay' AND e.verb = 'approve'",
      ),
    ).toBe(1);

    const timeline = await reviewer.agent.get('/review/timeline?storefront=idle-fish&wallet=wechat-pay').expect(200);
    expect(timeline.text).toContain('Second-hand checkout reviewed; approved.');
    const newest = /<tbody>\s*<tr data-event="\d+"[^>]*>([\s\S]*?)<\/tr>/.exec(timeline.text)?.[1] ?? '';
    expect(newest).toContain('<code class="verb">approve</code>');

    const matrix = await reviewer.agent.get('/review').expect(200);
    const row = /<tr data-storefront="idle-fish">([\s\S]*?)<\/tr>/.exec(matrix.text)?.[1] ?? '';
    expect(row).toContain('data-wallet="wechat-pay" data-state="approved"');

    const diff = await reviewer.agent.get('/review/diff?from=2021-10-15&to=2026-11-22').expect(200);
    expect(diff.text).toContain('1 change.');
    expect(diff.text).toContain('data-storefront="idle-fish" data-wallet="wechat-pay"');
  });
});
