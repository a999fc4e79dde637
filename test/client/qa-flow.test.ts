import { EVERY_SANDBOX } from '../support/sessions.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qaFlow } from '../../examples/client/qa-flow.ts';
import { count, newWorld, type TestWorld } from '../support/world.ts';

describe('examples/client/qa-flow.ts: a QA team’s flow with hutong/client, against a listening Hutong', () => {
  let world: TestWorld;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    world = newWorld({ sandboxes: {} });
    server = world.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    world.close();
  });

  it('sees Kaola offer Alipay only on 1 Sept 2021, WeChat Pay once the clock is on 15 Oct, orders a cart once with a replayed key, and pays it', async () => {
    const seen = await qaFlow(baseUrl);
    expect(seen.slice(1)).toEqual([
      '1 Sept 2021: Kaola offers alipay',
      '15 Oct 2021: Kaola offers alipay, wechat-pay',
      expect.stringMatching(/^cart \d+: 2 things, \d+\.\d\d yuan$/),
      expect.stringMatching(/^order ord_\S+: \d+\.\d\d yuan, awaiting_payment$/),
      'ordered again with the same key: the same order',
      'paid with wechat-pay: paid',
    ]);
    // Everything happened in the sandbox, which the flow deleted: the default world has no order, and no sandbox is left.
    expect(count(world.db, 'orders')).toBe(0);
    expect(world.sandboxes?.list(EVERY_SANDBOX)).toEqual([]);
  });
});
