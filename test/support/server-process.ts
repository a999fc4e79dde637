import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A free TCP port on localhost (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything the server wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  exited: Promise<number | string>;
}

/** A temporary directory holding one database file for a run of server processes. */
export function tempDatabase(): { path: string; dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-proc-'));
  return { dir, path: join(dir, 'hutong.sqlite'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `src/server.ts` as a child process on `databasePath` and resolves once it answers HTTP. */
export async function startServer(databasePath: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), LOG_LEVEL: 'warn', HUTONG_SCENARIO: 'record', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const server = { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
  await waitUntilAnswering(server);
  return server;
}

async function waitUntilAnswering(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void server.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the server exited while starting:\n${server.output()}`);
    try {
      const res = await fetch(`${server.baseUrl}/api/storefronts`);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  server.child.kill('SIGKILL');
  throw new Error(`the server did not answer within ${timeoutMs} ms:\n${server.output()}`);
}

/** SIGKILL: no shutdown handler runs, as in a power cut. */
export async function killHard(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A cookie jar and CSRF token for talking to a child server with fetch, like a browser would. */
export class HttpShopper {
  private cookies = new Map<string, string>();
  csrf = '';

  /** `baseUrl` may be pointed at a restarted server: the shopper keeps their cookies. */
  constructor(public baseUrl: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.remember(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text, location: res.headers.get('location') };
  }

  async form(path: string, fields: Record<string, string | number>): Promise<{ status: number; text: string; location: string | null }> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])) });
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }
}

/** POSTs JSON with a bearer token; resolves with the status and parsed body (a caller reads it through a zod schema of the fields it uses). */
export async function postJson(baseUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
