import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiTokenFor } from '../support/sessions.ts';
import { newWorld } from '../support/world.ts';

/** The badge classes of one storefront's card on the home page. */
async function badgesOn(app: Parameters<typeof supertest>[0], storefront: string, query = ''): Promise<string[]> {
  const { text } = await supertest(app).get(`/${query}`).expect(200);
  const card = new RegExp(`aria-label="Wallets at ${storefront}">([\\s\\S]*?)</p>`).exec(text)?.[1] ?? '';
  return [...card.matchAll(/class="wallet-badge wallet-([a-z-]+) state-([a-z_]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe('the home page’s badges (kept between requests) follow every change at once', () => {
  it('an approval, a launch scheduled for later, its hour, and a day in the past', async () => {
    const world = newWorld({ now: '2026-12-01T08:00:00.000Z' });
    try {
      const admin = apiTokenFor(world, 'admin');
      const reviewer = apiTokenFor(world, 'tencent.reviewer');
      const before = await badgesOn(world.app, 'Idle Fish');
      expect(before).not.toContain('wechat-pay approved');
      expect(await badgesOn(world.app, 'Idle Fish')).toEqual(before); // asked twice, answered alike

      const { body } = await supertest(world.app)
        .get('/api/integrations/idle-fish/wechat-pay')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      const approved = await supertest(world.app)
        .post('/api/integrations/idle-fish/wechat-pay/approve')
        .set('Authorization', `Bearer ${reviewer}`)
        .send({ expectedVersion: body.version, reason: 'ok' })
        .expect(200);
      expect(await badgesOn(world.app, 'Idle Fish')).toContain('wechat-pay approved');

      await supertest(world.app)
        .post('/api/integrations/idle-fish/wechat-pay/launch')
        .set('Authorization', `Bearer ${admin}`)
        .send({ expectedVersion: approved.body.integration.version, effectiveAt: '2026-12-02T08:00:00Z' })
        .expect(200);
      expect(await badgesOn(world.app, 'Idle Fish')).not.toContain('wechat-pay live');
      world.clock.set('2026-12-02T07:59:59.000Z');
      expect(await badgesOn(world.app, 'Idle Fish')).not.toContain('wechat-pay live');
      world.clock.set('2026-12-02T08:00:00.000Z');
      expect(await badgesOn(world.app, 'Idle Fish')).toContain('wechat-pay live');
      // A day before any of it still shows the day's badges, and today's are still kept after it.
      expect(await badgesOn(world.app, 'Idle Fish', '?asOf=2026-11-30')).toEqual(before);
      expect(await badgesOn(world.app, 'Idle Fish')).toContain('wechat-pay live');
      expect(
        world.db
          .prepare(
            "SELECT count(*) FROM integration_events e JOIN integrations i ON i.id = e.integration_id WHERE i.storefront_slug = 'idle-fish' AND i.wallet_slug = 'wechat-pay' AND e.effective_at = '2026-12-02T08:00:00.000Z'",
          )
          .pluck()
          .get(),
      ).toBe(1);
    } finally {
      world.close();
    }
  });
});
