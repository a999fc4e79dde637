import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInAs } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
});
afterEach(() => world.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the console history of a reported fact that changes no state', () => {
  it('says the state was reported and unchanged, not "Not requested → Not requested"', async () => {
    const agent = await signedInAs(world, 'ali.ops');
    const page = await agent.page('/console/integrations/taobao/wechat-pay');
    expect(page.status).toBe(200);
    const rows = [...page.text.matchAll(/<tr[^>]*data-event-version[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]!));
    const reported = rows.filter((row) => row.includes('reported_not_offered'));
    expect(reported).toHaveLength(2);
    for (const row of reported) {
      expect(row).toContain('Not requested (reported, unchanged)');
      expect(row).not.toContain('Not requested → Not requested');
    }
  });
});
