import supertest from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { count, newWorld, type TestWorld } from '../support/world.ts';

/** What must never reach a visitor: Express's own error page, a stack, the server's files. */
const LEAKS = /URIError|Failed to decode|<pre>|\n\s+at |node_modules|\.ts:\d|\/src\//;

const PAGES = [
  '/orders/%zz/pay',
  '/sandboxes/%zz',
  '/shop/%E0%A4%A',
  '/shop/eleme/%zz',
  '/%zz',
  '/console/%C0',
  '/sandboxes/sb_AbCdEfGh12345678/orders/%zz/pay',
  '/sandboxes/%zz/shop/eleme',
];
const API = [
  '/api/storefronts/%zz',
  '/api/%zz',
  '/api/orders/%zz/payments',
  '/sandboxes/%zz/api/storefronts',
  '/sandboxes/sb_AbCdEfGh12345678/api/storefronts/%E0%A4%A',
];

describe.each(['development', 'production'])('an address with a malformed percent-escape (NODE_ENV=%s)', (env) => {
  let world: TestWorld;
  const previous = process.env.NODE_ENV;
  const build = () => {
    // Express reads NODE_ENV when the app is made: its default error page shows the stack outside production.
    process.env.NODE_ENV = env;
    try {
      world = newWorld({ sandboxes: {} });
    } finally {
      process.env.NODE_ENV = previous;
    }
    return world;
  };
  afterEach(() => world.close());

  it('is the app’s own 400 page, in its layout, with no stack or file path', async () => {
    build();
    for (const path of PAGES) {
      for (const method of ['get', 'post'] as const) {
        const res = await supertest(world.app)[method](path).set('sec-fetch-site', 'same-origin');
        // A form sent without its CSRF token is refused first (403); the address is a 400 either way.
        expect(res.status, `${method} ${path}`).toBe(method === 'get' ? 400 : 403);
        expect(res.type, path).toBe('text/html');
        expect(res.text, path).toContain('<nav');
        expect(res.text, path).not.toMatch(LEAKS);
        if (method === 'get') expect(res.text, path).toContain('malformed percent-escape');
      }
    }
    expect(count(world.db, 'orders')).toBe(0);
  });

  it('is problem+json bad_request on the API, in the default world and a sandbox’s', async () => {
    build();
    for (const path of API) {
      for (const method of ['get', 'post', 'delete'] as const) {
        const res = await supertest(world.app)[method](path).send({});
        expect(res.status, `${method} ${path}`).toBe(400);
        expect(res.type).toBe('application/problem+json');
        expect(res.body).toMatchObject({ code: 'bad_request', status: 400 });
        expect(typeof res.body.requestId).toBe('string');
        expect(res.text).not.toMatch(LEAKS);
      }
    }
  });
});
