import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, newShopper, type ShopperPage } from './browser.ts';
import { startApp, type RunningApp } from './server.ts';

export interface E2eSession {
  /** The running server (valid inside tests). */
  readonly app: RunningApp;
  /** A new visitor: its own cookies, one desktop-sized page. */
  visitor(): Promise<ShopperPage>;
}

/** For one test file: the real server on a fresh database, and Chromium, started before and stopped after. */
export function e2eSession(scenario: 'record' | 'open'): E2eSession {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ scenario }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = () => {
    if (!app || !browser) throw new Error('the server and browser start in beforeAll');
    return { app, browser };
  };
  return {
    get app() {
      return started().app;
    },
    visitor() {
      const { app: running, browser: chromium } = started();
      return newShopper(chromium, running.baseUrl);
    },
  };
}
