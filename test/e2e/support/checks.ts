import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DESKTOP, PHONE } from './browser.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
// pa11y's default runner: HTML_CodeSniffer, the build pa11y ships, run the way pa11y runs it (WCAG2AA).
const HTMLCS_SOURCE = readFileSync(join(ROOT, 'node_modules/@pa11y/html_codesniffer/build/HTMLCS.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page. The app's CSP refuses inline scripts, so a <script> tag cannot carry axe;
 * evaluating its source through the DevTools protocol is not subject to the page's CSP.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

interface HtmlcsMessage {
  type: number;
  code: string;
  msg: string;
  selector: string;
}

/**
 * HTML_CodeSniffer's errors (pa11y's "error" type) on the page, WCAG 2 AA. Like axe, it is
 * evaluated through the DevTools protocol, out of reach of the page's CSP.
 */
export async function pa11yErrors(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { HTMLCS?: unknown }).HTMLCS !== 'undefined');
  if (!loaded) await page.evaluate(HTMLCS_SOURCE);
  const messages = await page.evaluate(
    () =>
      new Promise<HtmlcsMessage[]>((resolve, reject) => {
        type Htmlcs = {
          process(standard: string, doc: Document, done: (error?: unknown) => void): void;
          getMessages(): Array<{ type: number; code: string; msg: string; element: Element }>;
        };
        const htmlcs = (globalThis as unknown as { HTMLCS: Htmlcs }).HTMLCS;
        htmlcs.process('WCAG2AA', document, (error) => {
          if (error) return reject(error);
          resolve(
            htmlcs.getMessages().map((m) => ({
              type: m.type,
              code: m.code,
              msg: m.msg,
              selector: m.element?.tagName ? `${m.element.tagName.toLowerCase()}${m.element.id ? `#${m.element.id}` : ''}` : '',
            })),
          );
        });
      }),
  );
  return messages.filter((m) => m.type === 1).map((m) => `${m.code.split('.').slice(3, 5).join('.')} ${m.selector}: ${m.msg}`);
}

/** How far the page scrolls sideways (0 when it fits). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The outermost elements that stick out past the right edge, to name in a failure. */
function elementsPastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth;
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > edge + 0.5);
    return past
      .filter((el) => !past.includes(el.parentElement as Element))
      .slice(0, 5)
      .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
  });
}

/**
 * What every page visited must pass: no serious or critical axe violation (desktop and phone),
 * no pa11y (HTML_CodeSniffer) error, no sideways scroll at 390×844. Writes desktop and phone screenshots named `name`.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize(DESKTOP);
  expect(await seriousA11yViolations(page), `axe on ${name} (desktop)`).toEqual([]);
  expect(await pa11yErrors(page), `pa11y (HTML_CodeSniffer) on ${name}`).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });

  await page.setViewportSize(PHONE);
  const overflow = await sidewaysOverflow(page);
  if (overflow > 0) expect.fail(`${name} scrolls sideways by ${overflow}px at 390×844: ${(await elementsPastTheEdge(page)).join('; ')}`);
  expect(await seriousA11yViolations(page), `axe on ${name} (phone)`).toEqual([]);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}
