import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { csrfFrom, DEMO_PASSWORD, newWorld, signIn, type TestWorld } from '../support/world.ts';

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  June: 5,
  July: 6,
  Aug: 7,
  Sept: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&#34;').replaceAll("'", '&#39;');

/**
 * Every date a page shows that is later than `limit`: days ("6 Dec 2026"), ISO days ("2026-12-06")
 * and the record's coarser labels ("≈ late Nov 2021", "before Dec 2021"), each with what surrounds it.
 */
function datesAfter(html: string, limit: string): string[] {
  const later: string[] = [];
  const around = (index: number) => html.slice(Math.max(0, index - 60), index + 30).replace(/\s+/g, ' ');
  for (const m of html.matchAll(/(?:(\d{1,2}) )?(Jan|Feb|Mar|Apr|May|June|July|Aug|Sept|Oct|Nov|Dec) (\d{4})/g)) {
    const at = new Date(Date.UTC(Number(m[3]), MONTHS[m[2]!]!, Number(m[1] ?? 1))).toISOString();
    if (at > limit) later.push(around(m.index));
  }
  for (const m of html.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    if (`${m[0]}T00:00:00.000Z` > limit) later.push(around(m.index));
  }
  return later;
}

/** The record's notes quote the articles, whose own words may name a later week ("as of Nov 2021"): not a date the page shows. */
function withoutNotes(world: TestWorld, sandboxId: string, html: string): string {
  const db = world.sandboxes!.world(sandboxId).db;
  const notes = db
    .prepare(
      `SELECT date_note FROM integration_events WHERE date_note IS NOT NULL
       UNION SELECT date_note FROM link_policy_events WHERE date_note IS NOT NULL
       UNION SELECT date_note FROM milestones WHERE date_note IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
  return notes.reduce((text, note) => text.replaceAll(escapeHtml(note), '').replaceAll(note, ''), html);
}

const NAV = [
  '/',
  '/console',
  '/console/integrations',
  '/console/links',
  '/console/policies',
  '/review',
  '/review/timeline',
  '/review/links',
  '/review/diff',
  '/review/coverage',
  '/review/metrics',
  '/hosts',
  '/hosts/wechat',
  '/hosts/wechat/one_to_one',
  '/shop/eleme',
  '/orders',
];

describe('dates at the source’s precision', () => {
  it('the inbox shows the record’s requests at the record’s precision, not the instant the record was loaded', async () => {
    const world = newWorld({ now: '2026-12-06T12:30:00.000Z' });
    try {
      const reviewer = await signIn(world, 'tencent.reviewer');
      const inbox = await reviewer.page('/console');
      const latest = [...inbox.text.matchAll(/<td class="reason-cell" data-latest>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
      expect(latest).toHaveLength(3);
      for (const cell of latest) expect(cell).toContain('by Alibaba Group, by ≈ late Sept 2021');
      expect(inbox.text).not.toContain('6 Dec 2026');
      const history = await reviewer.page('/console/integrations/idle-fish/wechat-pay');
      expect(history.text).toMatch(/data-event-version="1"[\s\S]*?<td>by ≈ late Sept 2021<\/td>/);
      expect(history.text).not.toContain('6 Dec 2026');
    } finally {
      world.close();
    }
  });

  it('a 409 for a stale version names a record event at its precision', async () => {
    const world = newWorld({ now: '2026-12-06T12:30:00.000Z' });
    try {
      const reviewer = await signIn(world, 'tencent.reviewer');
      const stale = await reviewer.form('/console/integrations/idle-fish/wechat-pay/approve', { expectedVersion: 0, reason: '' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('changed by Alibaba Group (in the record, by ≈ late Sept 2021) while you were editing');
      expect(stale.text).not.toContain('6 Dec 2026');
    } finally {
      world.close();
    }
  });

  it.each(['ali.ops', 'tencent.reviewer', 'viewer'])(
    'in a sandbox at 1 Oct 2021, %s sees no date after that day on any page of its nav or a link from them',
    async (username) => {
      const world = newWorld({ now: '2026-12-06T12:30:00.000Z', sandboxes: {} });
      try {
        // The browser that makes the sandbox owns it (its owner cookie), whoever it signs in as.
        const agent = supertest.agent(world.app);
        const made = await agent.post('/api/sandboxes').send({ scenario: 'record', clock: '2021-10-01T00:00:00Z' }).expect(201);
        const base = made.body.baseUrl as string;
        let csrf = csrfFrom((await agent.get(`${base}/sign-in`)).text);
        await agent.post(`${base}/sign-in`).type('form').send({ _csrf: csrf, username, password: DEMO_PASSWORD }).expect(303);
        // A cart and an order, so the checkout, the receipt and the orders list have something to date.
        const product = world
          .sandboxes!.world(made.body.id)
          .db.prepare("SELECT id FROM products WHERE storefront_slug = 'eleme' LIMIT 1")
          .pluck()
          .get();
        csrf = csrfFrom((await agent.get(`${base}/shop/eleme`)).text);
        await agent.post(`${base}/shop/eleme/cart`).type('form').send({ _csrf: csrf, productId: product, quantity: 1 }).expect(303);
        const checkout = await agent.get(`${base}/shop/eleme/checkout`).expect(200);
        const placed = await agent
          .post(`${base}/shop/eleme/orders`)
          .type('form')
          .send({ _csrf: csrfFrom(checkout.text), channel: 'app', wallet: 'alipay' });
        expect(placed.status).toBe(303);

        const start = [...NAV.map((path) => base + path), `${base}/shop/eleme/checkout`, placed.headers.location!];
        const seen = new Set<string>();
        const found: string[] = [];
        const queue = start.map((path) => ({ path, depth: 0 }));
        while (queue.length > 0) {
          const { path, depth } = queue.shift()!;
          if (seen.has(path)) continue;
          seen.add(path);
          const res = await agent.get(path);
          if (!String(res.headers['content-type']).includes('text/html')) continue;
          for (const date of datesAfter(withoutNotes(world, made.body.id, res.text), '2021-10-01T23:59:59.999Z'))
            found.push(`${path}: ${date}`);
          if (depth > 0) continue;
          for (const m of res.text.matchAll(/href="([^"#]+)"/g)) {
            const href = m[1]!.replaceAll('&amp;', '&');
            if (href.startsWith(`${base}/`) && !/\/api\b|\.csv|\/sources|sign-out|\/export/.test(href))
              queue.push({ path: href, depth: 1 });
          }
        }
        expect(seen.size).toBeGreaterThan(40);
        expect(found).toEqual([]);
      } finally {
        world.close();
      }
    },
  );
});
