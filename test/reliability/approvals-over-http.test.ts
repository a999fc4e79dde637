import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemAnswer, TokenAnswer } from '../support/answers.ts';
import { postJson, startServer, tempDatabase, type ServerProcess } from '../support/server-process.ts';

const database = tempDatabase();
let server: ServerProcess;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer(database.path);
  const baseUrl = server.baseUrl;
  await Promise.all(
    ['ali.ops', 'tencent.reviewer'].map(async (username) => {
      tokens[username] = TokenAnswer.parse((await postJson(baseUrl, '/api/tokens', { username, password: 'hutong-demo-2021' })).body).token;
    }),
  );
}, 60_000);
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  database.remove();
});

function integration(): { state: string; version: number; events: number } {
  const db = new Database(database.path, { readonly: true });
  try {
    return db
      .prepare(`SELECT i.state, i.version, (SELECT count(*) FROM integration_events e WHERE e.integration_id = i.id) AS events
      FROM integrations i WHERE storefront_slug = 'taobao' AND wallet_slug = 'wechat-pay'`)
      .get() as { state: string; version: number; events: number };
  } finally {
    db.close();
  }
}

describe('no lost updates against a real server process', () => {
  it('20 concurrent approvals of one request at one version: one 200, nineteen 409, version +1, one event', async () => {
    const requested = await postJson(
      server.baseUrl,
      '/api/integrations/taobao/wechat-pay/request',
      { expectedVersion: 0, reason: 'Taobao asks for WeChat Pay' },
      tokens['ali.ops'],
    );
    expect(requested.status).toBe(200);
    const before = integration();
    expect(before).toMatchObject({ state: 'requested', version: 1 });

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        postJson(
          server.baseUrl,
          '/api/integrations/taobao/wechat-pay/approve',
          { expectedVersion: before.version, reason: `approval ${i}` },
          tokens['tencent.reviewer'],
        ),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(ProblemAnswer.parse(refused.body).code).toBe('stale_version');
    expect(integration()).toEqual({ state: 'approved', version: before.version + 1, events: before.events + 1 });
  }, 60_000);
});
