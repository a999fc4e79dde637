import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { createSandbox, sandboxApi, sandboxOwnerApi } from '../support/sandboxes.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { verifiedWith, webhookReceiver } from '../support/webhook-receiver.ts';
import { newWorld } from '../support/world.ts';

const receiver = await webhookReceiver();
afterAll(() => receiver.close());

it('moving a sandbox from 2 Sept to 15 Oct 2021 reports the record’s go-lives and sends their messages, each verifying with the endpoint’s secret', async () => {
  const world = newWorld({
    scenario: 'record',
    now: new Date().toISOString(),
    sandboxes: { webhooks: { logger: pino({ level: 'silent' }), allow: ['loopback'], random: () => 0.5 } },
  });
  try {
    const sandbox = await createSandbox(world, { scenario: 'record', clock: '2021-09-02T00:00:00Z' });
    const api = sandboxApi(world, sandbox, apiToken(world, 'admin'));
    const hook = (
      await api
        .post('/api/webhooks')
        .send({ url: receiver.url, events: ['integration.*'] })
        .expect(201)
    ).body as {
      id: string;
      secret: string;
    };

    const moved = (await sandboxOwnerApi(world, sandbox).moveClock({ to: '2021-10-15T00:00:00Z' }).expect(200)).body;

    const kaola = moved.moved.changes.find(
      (c: { storefront: string; wallet: string }) => c.storefront === 'kaola' && c.wallet === 'wechat-pay',
    );
    expect(kaola).toMatchObject({ state: 'live', type: 'integration.reported' });
    expect(kaola.sourceFile).toEqual(expect.stringMatching(/^\d{3}_\w+\.txt$/));
    // Every change on the way was sent during the move, once, and delivered.
    expect(moved.moved.webhooks).toEqual({
      attempted: moved.moved.changes.length,
      delivered: moved.moved.changes.length,
      retried: 0,
      failed: 0,
    });
    expect(receiver.received).toHaveLength(moved.moved.changes.length);
    const bodies = receiver.received.map(
      (r) => verifiedWith(hook.secret, r) as { type: string; data: { integration: { storefront: string; wallet: string } } },
    );
    expect(bodies.map((b) => `${b.data.integration.storefront}/${b.data.integration.wallet}`)).toContain('kaola/wechat-pay');
    expect(new Set(bodies.map((b) => b.type.split('.')[0]))).toEqual(new Set(['integration']));

    const log = (await api.get(`/api/webhooks/${hook.id}/deliveries?status=delivered`).expect(200)).body;
    expect(log.deliveries ?? log.data ?? log).toHaveLength(moved.moved.changes.length);
  } finally {
    await world.sandboxes?.closeAll();
    world.close();
  }
});
