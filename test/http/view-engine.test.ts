import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ejs from 'ejs';
import fc from 'fast-check';
import supertest from 'supertest';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/open.ts';
import { generateSyntheticWorld } from '../../src/db/synthetic-world.ts';
import { ejsEngine, escapeHtml, namesIn } from '../../src/http/view-engine.ts';
import { TestClock } from '../support/clock.ts';
import { HOME_PAGE_SIZE } from '../../src/routes/home.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hutong-views-'));
  dirs.push(dir);
  return dir;
}

function render(file: string, locals: object): Promise<string> {
  const engine = ejsEngine();
  return new Promise((resolve, reject) => engine(file, locals, (error, html) => (error ? reject(error) : resolve(html ?? ''))));
}

describe('the view engine', () => {
  it('gives a partial its caller’s locals and its own, escaped, without changing the caller’s', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'page.ejs'),
      '<% for (const item of items) { %><%- include("parts/item", { item }) %><% } %>|<%= typeof item %>|<%= title %>',
    );
    fs.mkdirSync(join(dir, 'parts'));
    writeFileSync(join(dir, 'parts', 'item.ejs'), '<li><%= title %>: <%= item %><% title = "changed" %></li>');
    const html = await render(join(dir, 'page.ejs'), { title: 'Shop', items: ['<b>1</b>', '2'] });
    expect(html).toBe('<li>Shop: &lt;b&gt;1&lt;/b&gt;</li><li>Shop: 2</li>|undefined|Shop');
  });

  it('reads names as `with (locals)` did: a local before a global of the same name, globals, spreads, the template’s own variables', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'page.ejs'),
      [
        '<%= Math.max(...numbers) %>',
        '<%= typeof URL %>',
        '<% const title = heading.toUpperCase(); %><%= title %>',
        '<%= locals.missing === undefined %>',
        '<%= typeof notGiven %>',
      ].join('|'),
    );
    expect(await render(join(dir, 'page.ejs'), { numbers: [3, 9, 4], heading: 'shop', title: 'ignored' })).toBe(
      '9|function|SHOP|true|undefined',
    );
    expect(await render(join(dir, 'page.ejs'), { numbers: [1], heading: 'a', URL: 'a local' })).toBe('1|string|A|true|undefined');
  });

  it('finds the names a template reads: not properties, keywords or words of the markup', () => {
    expect(namesIn('<p class="x"><%= user.name %> <% if (items.length) { %><%- include("row", { ...row, rest }) %><% } %></p>')).toEqual(
      ['items', 'row', 'rest', 'user'].sort(),
    );
  });

  it('escapes exactly as EJS does, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom('<a href="x">it\'s & more</a>', '&amp;', ''),
          fc.integer(),
          fc.constant(null),
          fc.constant(undefined),
        ),
        (value) => escapeHtml(value) === ejs.escapeXML(value as string),
      ),
    );
  });

  it('names the template when an include cannot be found', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'page.ejs'), '<%- include("missing") %>');
    await expect(render(join(dir, 'page.ejs'), {})).rejects.toThrow(/missing\.ejs/);
  });

  it('serves the home page’s page of storefront cards, a storefront page and the 404 page without touching a file once compiled', async () => {
    const db = openDatabase(join(tempDir(), 'world.sqlite'));
    generateSyntheticWorld(db, { storefronts: 100, events: 1200, orders: 0, seed: 3 });
    const app = createApp({ db, clock: new TestClock('2026-11-22T09:00:00.000Z') });
    const paths = ['/', '/shop/shop-00002', '/no-such-page'];
    for (const path of paths) await supertest(app).get(path);
    const calls = ['existsSync', 'statSync', 'readFileSync'] as const;
    const spies = calls.map((name) => vi.spyOn(fs, name));
    try {
      const home = await supertest(app).get('/').expect(200);
      expect(home.text.match(/class="storefront-card"/g)).toHaveLength(HOME_PAGE_SIZE);
      await supertest(app).get('/shop/shop-00002').expect(200);
      await supertest(app).get('/no-such-page').expect(404);
      expect(Object.fromEntries(spies.map((spy, i) => [calls[i], spy.mock.calls.length]))).toEqual({
        existsSync: 0,
        statSync: 0,
        readFileSync: 0,
      });
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      db.close();
    }
  }, 60_000);
});
