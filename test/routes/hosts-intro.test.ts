import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../support/sandboxes.ts';
import { newWorld } from '../support/world.ts';

const lede = (html: string) =>
  /<p class="lede">([\s\S]*?)<\/p>/
    .exec(html)![1]!
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');

describe('the /hosts intro is worded by the world’s time', () => {
  it('in a sandbox at 1 Oct 2021: September has happened; the rest is named, undated, as not yet happened there', async () => {
    const world = newWorld({ now: '2026-12-06T12:30:00.000Z', sandboxes: {} });
    try {
      const agent = supertest.agent(world.app);
      const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-10-01T00:00:00Z' }, agent);
      const res = await agent.get(`${sandbox.baseUrl}/hosts`).expect(200);
      const text = lede(res.text);
      expect(text).toContain(
        'In 2021 a Taobao link shared in WeChat could not be opened; from September it could be shared and opened in one-to-one chats only.',
      );
      expect(text).toContain('has not happened yet here (a second confirmation, then a risk warning, then direct opening for everyone)');
      expect(text).not.toMatch(/29 November|mid-October|opened directly/);
      expect(res.text).toContain('data-not-yet-happened');
    } finally {
      world.close();
    }
  });

  it('in a world past December 2021: the whole story, and nothing marked as ahead', async () => {
    const world = newWorld({ scenario: 'record', now: '2026-11-22T09:00:00.000Z' });
    try {
      const res = await supertest(world.app).get('/hosts').expect(200);
      expect(lede(res.text)).toContain(
        'from September it could be shared and opened in one-to-one chats only, by mid-October behind a second confirmation, later behind a risk warning, from the night of 29 November it opened directly, for everyone within two days.',
      );
      expect(res.text).not.toContain('data-not-yet-happened');
    } finally {
      world.close();
    }
  });
});
