import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/project-root.ts';
import { freePort } from '../support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'hutong-root-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundled server', () => {
  it('(what npm start runs) finds its migrations, scenario, views and assets from dist/', async () => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const port = await freePort();
    const server = spawn(process.execPath, ['dist/server.js'], {
      cwd: PROJECT_ROOT,
      stdio: 'ignore',
      env: { ...process.env, PORT: String(port), DATABASE_PATH: join(dir, 'bundled.sqlite'), LOG_LEVEL: 'silent', HUTONG_DEMO: '0' },
    });
    try {
      let home: Response | undefined;
      for (let tries = 0; tries < 300 && !home?.ok; tries++) {
        home = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        if (!home?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      expect(await home?.text()).toContain('Ele.me');
      expect((await fetch(`http://127.0.0.1:${port}/assets/pico.min.css`)).status).toBe(200);
    } finally {
      server.kill('SIGTERM');
    }
  }, 60_000);
});
