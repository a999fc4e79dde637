import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { get, request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/domain/passwords.ts';
import { TokenAnswer } from '../support/answers.ts';
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

/**
 * A JSON POST on its own connection (Connection: close), so the server need not wait for an idle keep-alive
 * socket. It asks `Expect: 100-continue` and sends its body once the server has answered 100 Continue:
 * `accepted` resolves then, when the server is certainly handling the request.
 */
function postOnNewConnection(
  baseUrl: string,
  path: string,
  body: unknown,
): { accepted: Promise<void>; answer: Promise<{ status: number; body: unknown }> } {
  let accepted!: () => void;
  const acceptedPromise = new Promise<void>((resolve) => (accepted = resolve));
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const headers = { 'content-type': 'application/json', expect: '100-continue' };
    const req = request(`${baseUrl}${path}`, { method: 'POST', agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('continue', () => {
      req.end(JSON.stringify(body));
      accepted();
    });
    req.on('error', reject);
  });
  return { accepted: acceptedPromise, answer };
}

describe('graceful shutdown on SIGTERM', () => {
  it('stops accepting, finishes the request in flight, checkpoints the WAL and exits 0', async () => {
    const server = await startServer(database.path);
    const signIn = { username: 'viewer', password: 'hutong-demo-2021', label: 'shutdown' };
    // Warm-up: the first sign-in of a process also prepares its unknown-user hash (synchronously).
    expect((await postJson(server.baseUrl, '/api/tokens', signIn)).status).toBe(201);
    // Issuing a token runs scrypt off the event loop (about half a second): a request in flight when SIGTERM
    // arrives, sent once the server has begun it (100 Continue), not after a guessed delay.
    const inFlight = postOnNewConnection(server.baseUrl, '/api/tokens', signIn);
    await inFlight.accepted;
    server.child.kill('SIGTERM');
    let answer = await newConnection(server.baseUrl);
    for (let tries = 0; answer !== 'ECONNREFUSED' && tries < 100; tries++) answer = await newConnection(server.baseUrl);
    expect(answer).toBe('ECONNREFUSED');

    const issued = await inFlight.answer;
    expect(issued.status).toBe(201);
    const { token } = TokenAnswer.parse(issued.body);
    expect(token).toMatch(/\S{32,}/);
    expect(await server.exited).toBe(0);
    expect(walBytes(database.path)).toBe(0);

    // The token issued during shutdown was committed.
    const db = new Database(database.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM api_tokens WHERE token_hash = ?').pluck().get(sha256(token))).toBe(1);
    db.close();
  }, 60_000);
});
