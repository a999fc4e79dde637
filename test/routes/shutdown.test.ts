import { existsSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, startServer, tempDatabase } from '../support/server-process.ts';

const database = tempDatabase();
afterAll(() => database.remove());

function walBytes(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

/** A GET on a new connection (no keep-alive pool): its status, or the connection error's code. */
function newConnection(baseUrl: string): Promise<string> {
  return new Promise((resolve) => {
    get(`${baseUrl}/`, { agent: false }, (res) => {
      res.resume();
      resolve(`answered ${res.statusCode}`);
    }).on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('graceful shutdown on SIGTERM', () => {
  it('stops accepting, finishes the request in flight, checkpoints the WAL and exits 0', async () => {
    const server = await startServer(database.path);
    const signIn = { username: 'viewer', password: 'hutong-demo-2021', label: 'shutdown' };
    // Warm-up: the first sign-in of a process also prepares its unknown-user hash (synchronously).
    expect((await postJson(server.baseUrl, '/api/tokens', signIn)).status).toBe(201);
    // Issuing a token runs scrypt off the event loop (about half a second): a request in flight when SIGTERM arrives.
    let settled = false;
    const inFlight = postJson(server.baseUrl, '/api/tokens', signIn).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGTERM');
    let answer = await newConnection(server.baseUrl);
    for (let tries = 0; answer !== 'ECONNREFUSED' && tries < 100; tries++) answer = await newConnection(server.baseUrl);
    expect(answer).toBe('ECONNREFUSED');
    expect(settled).toBe(false);

    const token = await inFlight;
    expect(token.status).toBe(201);
    expect(token.body.token).toMatch(/\S{32,}/);
    expect(await server.exited).toBe(0);
    expect(walBytes(database.path)).toBe(0);

    // The token issued during shutdown was committed: it works after a restart.
    const again = await startServer(database.path);
    const me = await fetch(`${again.baseUrl}/api/integrations/eleme/alipay`, { headers: { authorization: `Bearer ${token.body.token}` } });
    expect(me.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 60_000);
});
