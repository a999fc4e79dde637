import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { TokenAnswer, WebhookAnswer } from '../support/answers.ts';
import { killHard, postJson, startServer, tempDatabase, type ServerProcess } from '../support/server-process.ts';
import { waitUntil } from '../support/wait.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';

const database = tempDatabase();
const receiver = await webhookReceiver();
const ENV = { HUTONG_WEBHOOK_SCHEDULE: Array.from({ length: 49 }, () => '200ms').join(','), HUTONG_WEBHOOK_JITTER: '0' };
let server: ServerProcess | undefined;
afterAll(async () => {
  if (server) await killHard(server);
  await receiver.close();
  database.remove();
});

function deliveries(): { id: string; event_type: string; status: string; attempts: number }[] {
  const db = new Database(database.path, { readonly: true });
  try {
    return db.prepare('SELECT id, event_type, status, attempts FROM webhook_deliveries ORDER BY rowid').all() as never;
  } finally {
    db.close();
  }
}

async function token(username: string): Promise<string> {
  const res = await postJson(server!.baseUrl, '/api/tokens', { username, password: 'hutong-demo-2021' });
  return TokenAnswer.parse(res.body).token;
}

describe('webhooks survive a crash', () => {
  it('kills the server with deliveries pending; after a restart each is delivered, under the same webhook-id, and verifies', async () => {
    receiver.status = 503;
    server = await startServer(database.path, ENV);
    const admin = await token('admin');
    const reviewer = await token('tencent.reviewer');
    const hook = await postJson(server.baseUrl, '/api/webhooks', { url: receiver.url, events: ['integration.*', 'order.placed'] }, admin);
    expect(hook.status).toBe(201);

    const integration = await (
      await fetch(`${server.baseUrl}/api/integrations/idle-fish/wechat-pay`, { headers: { authorization: `Bearer ${reviewer}` } })
    ).json();
    const approved = await postJson(
      server.baseUrl,
      '/api/integrations/idle-fish/wechat-pay/approve',
      { expectedVersion: integration.version, reason: 'ok' },
      reviewer,
    );
    expect(approved.status).toBe(200);
    const catalogue = await (await fetch(`${server.baseUrl}/api/storefronts/eleme`)).json();
    const order = await postJson(server.baseUrl, '/api/orders', {
      storefront: 'eleme',
      shopper: 'crash-1',
      channel: 'app',
      items: [{ product: catalogue.products[0].id, quantity: 1 }],
      wallet: 'alipay',
    });
    expect(order.status).toBe(201);

    // Both attempted at least once (and refused 503) before the crash. The receiver answers before the
    // server records the attempt, so wait for the rows, not for the requests.
    await waitUntil('both deliveries to be attempted', () => {
      const rows = deliveries();
      return rows.length === 2 && rows.every((d) => d.attempts >= 1);
    });
    await killHard(server);
    server = undefined;
    const pending = deliveries();
    expect(pending.map((d) => [d.event_type, d.status])).toEqual([
      ['integration.approved', 'pending'],
      ['order.placed', 'pending'],
    ]);
    expect(pending.every((d) => d.attempts >= 1)).toBe(true);

    receiver.status = 200;
    const before = receiver.received.length;
    server = await startServer(database.path, ENV);
    await waitUntil('both deliveries to be delivered after the restart', () => deliveries().every((d) => d.status === 'delivered'));
    expect(deliveries().map((d) => d.status)).toEqual(['delivered', 'delivered']);

    const afterRestart = receiver.received.slice(before);
    const ids = new Set(pending.map((d) => d.id));
    // Every attempt, before and after the crash, carried one of the two ids: a retry is never a new message.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(ids);
    const wh = new Webhook(WebhookAnswer.parse(hook.body).secret);
    const verified = afterRestart.map((r) => wh.verify(r.body, r.headers as Record<string, string>) as { type: string });
    expect(verified.map((p) => p.type).sort()).toEqual(['integration.approved', 'order.placed']);
  }, 90_000);
});
