import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { transition } from '../../src/actions/transitions.ts';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { actorOf } from '../../src/db/users.ts';
import { visitor } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ now: '2026-11-22T09:00:00.000Z' });
  return () => world.close();
});
const app = () => supertest(world.app);

/** Payloads that break out of text, attributes, URLs and templates when not escaped. */
const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  '<%= process.env %>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">',
];

/** What EJS's `<%=` makes of a string. */
function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

function expectEscaped(html: string, payload: string, where: string): void {
  expect(html, `${where}: raw ${payload}`).not.toContain(payload);
  expect(html, `${where}: escaped ${payload}`).toContain(escaped(payload));
}

function actor(username: string) {
  return actorOf(createPeopleRepositories(world.db).users.byUsername(username)!);
}

describe('free text is rendered escaped everywhere it is shown', () => {
  it('transition reasons: in the console history, the review timeline and at checkout', async () => {
    const admin = visitor(world, 'admin');
    for (const payload of XSS) {
      const row = world.repos.integrations.find('tmall', 'wechat-pay')!;
      const verb = row.state === 'requested' ? 'reject' : 'request';
      transition(world.repos, world.clock, {
        storefront: 'tmall',
        wallet: 'wechat-pay',
        verb,
        actor: actor(verb === 'request' ? 'ali.ops' : 'tencent.reviewer'),
        reason: payload,
        expectedVersion: row.version,
      });
      const history = await app().get('/console/integrations/tmall/wechat-pay').set('Cookie', admin.cookie).expect(200);
      expectEscaped(history.text, payload, 'console history');
      const timeline = await app().get('/review/timeline?storefront=tmall').set('Cookie', admin.cookie).expect(200);
      expectEscaped(timeline.text, payload, 'review timeline');
      if (verb === 'reject') {
        const checkout = await app().get('/review/preview?storefront=tmall').expect(200);
        expectEscaped(checkout.text, payload, 'checkout preview');
      }
      world.clock.advance(60_000);
    }
  });

  it('filters and search fields echoed back into forms, token labels and the sign-in form', async () => {
    const admin = visitor(world, 'admin');
    for (const payload of XSS) {
      const q = encodeURIComponent(payload);
      expectEscaped((await app().get(`/review/timeline?actor=${q}`).set('Cookie', admin.cookie)).text, payload, 'timeline actor filter');
      expectEscaped((await app().get(`/review/preview?storefront=eleme&shopper=${q}`)).text, payload, 'preview shopper');
      const label = await app()
        .post('/account/tokens')
        .set('Cookie', admin.cookie)
        .type('form')
        .send({ _csrf: admin.csrf, label: payload.slice(0, 80) });
      expect(label.status).toBe(201);
      expectEscaped(label.text, payload.slice(0, 80), 'token label');
      const signIn = await app()
        .post('/sign-in')
        .set('Cookie', admin.cookie)
        .type('form')
        .send({ _csrf: admin.csrf, username: payload, password: '' });
      expect(signIn.status).toBe(400);
      expectEscaped(signIn.text, payload, 'sign-in username');
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('templates and headers', () => {
  it('no view writes raw output with <%- except include()', () => {
    const views = join(import.meta.dirname, '..', '..', 'views');
    const raw = filesUnder(views)
      .filter((f) => f.endsWith('.ejs'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/<%-(.*?)%>/gs)]
          .filter(([, code]) => !/^\s*include\(/.test(code!))
          .map(([tag]) => `${relative(views, file)}: ${tag}`),
      );
    expect(raw).toEqual([]);
  });

  it.each(['/', '/sign-in', '/api/storefronts', '/no-such-page'])(
    '%s carries helmet’s headers and a CSP without unsafe-inline',
    async (path) => {
      const res = await app().get(path);
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );
});

describe('four-eyes holds for every role', () => {
  const PERSONAS = ['ali.ops', 'tencent.reviewer', 'ant.reviewer', 'unionpay.reviewer', 'admin', 'viewer'];

  it.each(PERSONAS)('%s can never approve a request they made', (username) => {
    const who = actor(username);
    const row = world.repos.integrations.find('taobao', 'wechat-pay')!;
    expect(row.state).toBe('not_requested');
    const request = () =>
      transition(world.repos, world.clock, {
        storefront: 'taobao',
        wallet: 'wechat-pay',
        verb: 'request',
        actor: who,
        reason: 'four-eyes',
        expectedVersion: row.version,
      });
    const mayRequest = ['operator', 'admin'].includes(who.role);
    if (!mayRequest) {
      expect(request).toThrow(/may|can|acts for|Viewers/);
      return;
    }
    request();
    const requested = world.repos.integrations.find('taobao', 'wechat-pay')!;
    const approve = () =>
      transition(world.repos, world.clock, {
        storefront: 'taobao',
        wallet: 'wechat-pay',
        verb: 'approve',
        actor: who,
        reason: '',
        expectedVersion: requested.version,
      });
    expect(approve).toThrow(who.role === 'admin' ? /Four-eyes/ : /reviewer/);
    expect(world.repos.integrations.find('taobao', 'wechat-pay')!.version).toBe(requested.version);
    transition(world.repos, world.clock, {
      storefront: 'taobao',
      wallet: 'wechat-pay',
      verb: 'withdraw',
      actor: who,
      reason: 'reset',
      expectedVersion: requested.version,
    });
  });
});
