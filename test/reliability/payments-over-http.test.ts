import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/db/consistency.ts';
import { orderReadyToPay } from '../support/http-flows.ts';
import { startServer, tempDatabase, type ServerProcess } from '../support/server-process.ts';

const database = tempDatabase();
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(database.path);
}, 60_000);
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  database.remove();
});

function rows(sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(database.path, { readonly: true });
  try {
    return db.prepare(sql).all(...params);
  } finally {
    db.close();
  }
}

describe('idempotent payments against a real server process', () => {
  it('50 concurrent submissions of one key make one payment; each answer is the receipt redirect or 409; a restart replays it; db:check passes', async () => {
    const { shopper, orderId, key } = await orderReadyToPay(server.baseUrl);
    const body = { wallet: 'alipay', outcome: 'succeeded', idempotencyKey: key };
    const answers = await Promise.all(Array.from({ length: 50 }, () => shopper.form(`/orders/${orderId}/payments`, body)));
    for (const answer of answers) {
      if (answer.status === 303) expect(answer.location).toBe(`/orders/${orderId}`);
      else expect(answer.status).toBe(409);
    }
    expect(answers.filter((a) => a.status === 303).length).toBeGreaterThanOrEqual(1);
    expect(rows('SELECT outcome FROM payments WHERE order_id = ?', orderId)).toEqual([{ outcome: 'succeeded' }]);

    const different = await shopper.form(`/orders/${orderId}/payments`, { ...body, outcome: 'declined' });
    expect(different.status).toBe(422);
    expect(rows('SELECT count(*) AS n FROM payments WHERE order_id = ?', orderId)).toEqual([{ n: 1 }]);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = await startServer(database.path);
    shopper.baseUrl = server.baseUrl;
    const replay = await shopper.form(`/orders/${orderId}/payments`, body);
    expect(replay.status).toBe(303);
    expect(replay.location).toBe(`/orders/${orderId}`);
    expect((await shopper.form(`/orders/${orderId}/payments`, { ...body, outcome: 'declined' })).status).toBe(422);
    expect(rows('SELECT count(*) AS n FROM payments WHERE order_id = ?', orderId)).toEqual([{ n: 1 }]);

    // The database the storm and the restart leave behind passes db:check (checked here, not in a
    // test of its own, so that it never runs before the writes it is about).
    const db = new Database(database.path, { readonly: true });
    try {
      expect(checkDatabase(db).filter((check) => !check.ok)).toEqual([]);
    } finally {
      db.close();
    }
  }, 60_000);
});
