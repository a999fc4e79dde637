import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { freePort } from '../support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hutong-listen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command to its end (or kills it after `ms`); resolves with its exit code and output. */
function run(command: string, args: string[], env: Record<string, string>, ms = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('where the server listens', () => {
  it('refuses to start on 0.0.0.0 with the demo personas on, in one line naming HUTONG_DEMO_PUBLIC', async () => {
    const { code, output } = await run(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      HOST: '0.0.0.0',
      PORT: String(await freePort()),
      DATABASE_PATH: join(dir, 'refused.sqlite'),
      HUTONG_DEMO: '1',
      HUTONG_DEMO_PUBLIC: '0',
    });
    expect(code).not.toBe(0);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('HOST=0.0.0.0');
    expect(lines[0]).toContain('HUTONG_DEMO_PUBLIC=1');
  }, 60_000);

  it('npm start listens on 127.0.0.1 only, in production mode: a malformed path is the app’s 400, no stack', async () => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const port = await freePort();
    const { HOST: _host, ...withoutHost } = process.env;
    // Its own process group: npm runs the server through a shell, and the whole group is stopped at the end.
    const server = spawn('npm', ['start', '--silent'], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...withoutHost, PORT: String(port), DATABASE_PATH: join(dir, 'start.sqlite'), LOG_LEVEL: 'info' },
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      for (let tries = 0; tries < 300 && !output.includes('Hutong is listening'); tries++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`Hutong is listening on http://127.0.0.1:${port}`);
      const listening = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(listening).toHaveLength(1);
      expect(listening[0]).toMatch(new RegExp(`\\s127\\.0\\.0\\.1:${port}\\s`));

      const bad = await fetch(`http://127.0.0.1:${port}/orders/%zz/pay`);
      const body = await bad.text();
      expect(bad.status).toBe(400);
      expect(body).toContain('Bad request');
      expect(body).not.toMatch(/URIError|at \w+ \(|node_modules|\/src\//);
    } finally {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    }
  }, 120_000);
});
