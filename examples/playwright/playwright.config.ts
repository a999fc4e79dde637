import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import type { HutongTestOptions, HutongWorkerOptions } from 'hutong/playwright';

// Chosen once by the runner; its workers load this file again and inherit these from its environment.
process.env.HUTONG_EXAMPLES_PORT ??= execFileSync(process.execPath, [
  '-e',
  "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })",
])
  .toString()
  .trim();
process.env.HUTONG_EXAMPLES_DATA ??= mkdtempSync(join(tmpdir(), 'hutong-examples-'));
const url = `http://127.0.0.1:${process.env.HUTONG_EXAMPLES_PORT}`;

export default defineConfig<HutongTestOptions, HutongWorkerOptions>({
  testDir: '.',
  timeout: 60_000,
  forbidOnly: !!process.env.CI,
  workers: 2,
  globalTeardown: './global-teardown.ts',
  use: {
    hutongUrl: url,
    browserName: 'chromium',
    headless: true,
    // Debian's Chromium, not a downloaded browser.
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
  },
  // In your project: npx hutong serve --port … --data … (here, the same CLI from this checkout's source).
  webServer: {
    command: `node --import tsx ../../src/cli/hutong.ts serve --port ${process.env.HUTONG_EXAMPLES_PORT} --data ${process.env.HUTONG_EXAMPLES_DATA}`,
    url: `${url}/api/openapi.json`,
    env: { LOG_LEVEL: 'warn' },
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
