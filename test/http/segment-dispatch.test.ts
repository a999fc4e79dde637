import express, { Router, type RequestHandler } from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { bySegment, bySegmentOfTable } from '../../src/http/segment-dispatch.ts';

/** Routers that record which of them a request went through, behind bySegment, then a 404. */
function appOver(build: (seen: string[]) => Router[]) {
  const seen: string[] = [];
  const app = express();
  app.use((_req, _res, next) => {
    seen.length = 0;
    next();
  });
  app.use(bySegment(build(seen)));
  app.use((_req, res) => res.status(404).send('not found'));
  app.use(((error, _req, res, _next) => res.status(500).send(String(error))) as express.ErrorRequestHandler);
  return { http: supertest(app), seen };
}

/** A router named `name` with the given GET routes, noting each request they see; `?pass=name` makes it pass the request on. */
function router(name: string, seen: string[], paths: string[], extra?: (r: Router) => void): Router {
  const r = Router();
  // Counted from a route handler on purpose: a middleware for every path would make the router "any path".
  for (const path of paths) {
    r.get(path, (req, res, next) => {
      seen.push(`${name} ${path}`);
      if (req.query.pass === name) return next();
      res.send(`${name}: ${path}`);
    });
  }
  extra?.(r);
  return r;
}

describe('bySegment', () => {
  it('hands a request only to the routers with a route under its first segment', async () => {
    let entered: string[] = [];
    const counting = (name: string, r: Router): RequestHandler => {
      const wrapped = ((req, res, next) => {
        entered.push(name);
        r(req, res, next);
      }) as RequestHandler & { stack: unknown };
      wrapped.stack = r.stack;
      return wrapped;
    };
    const { http } = appOver((seen) => [
      counting('shop', router('shop', seen, ['/shop/:slug', '/shop/:slug/cart'])) as unknown as Router,
      counting('orders', router('orders', seen, ['/orders', '/orders/:id'])) as unknown as Router,
      counting('home', router('home', seen, ['/'])) as unknown as Router,
    ]);
    entered = [];
    expect((await http.get('/orders/42')).text).toBe('orders: /orders/:id');
    expect(entered).toEqual(['orders']);
    entered = [];
    expect((await http.get('/')).text).toBe('home: /');
    expect(entered).toEqual(['home']);
    entered = [];
    expect((await http.get('/no-such-page')).status).toBe(404);
    expect(entered).toEqual([]);
  });

  it('keeps the order routers were given in when two answer the same segment', async () => {
    const { http, seen } = appOver((s) => [router('first', s, ['/shop/:slug']), router('second', s, ['/shop/:slug', '/shop/:slug/share'])]);
    expect((await http.get('/shop/eleme')).text).toBe('first: /shop/:slug');
    expect((await http.get('/shop/eleme?pass=first')).text).toBe('second: /shop/:slug');
    expect(seen).toEqual(['first /shop/:slug', 'second /shop/:slug']);
    expect((await http.get('/shop/eleme/share')).text).toBe('second: /shop/:slug/share');
  });

  it('matches the first segment as Express does: any case, a trailing slash', async () => {
    const { http } = appOver((s) => [router('console', s, ['/console'])]);
    expect((await http.get('/Console')).text).toBe('console: /console');
    expect((await http.get('/console/')).text).toBe('console: /console');
    expect((await http.get('/consoles')).status).toBe(404);
  });

  it('tries a router with a middleware for every path, or a route starting with a parameter, for every request, in its place', async () => {
    const { http, seen } = appOver((s) => [
      router('first', s, ['/shop/:slug']),
      router('banner', s, [], (r) => r.use((_req, _res, next) => {
        s.push('banner');
        next();
      })),
      router('param', s, ['/:anything/details']),
    ]);
    expect((await http.get('/shop/eleme?pass=first')).status).toBe(404);
    expect(seen).toEqual(['first /shop/:slug', 'banner']);
    expect((await http.get('/whatever/details')).text).toBe('param: /:anything/details');
    expect((await http.get('/nothing')).status).toBe(404);
  });

  it('hands an error on to the error handlers, past the routers left', async () => {
    const { http, seen } = appOver((s) => [
      router('failing', s, [], (r) => r.get('/shop/:slug', () => {
        throw new Error('broken');
      })),
      router('later', s, ['/shop/:slug']),
    ]);
    const res = await http.get('/shop/eleme');
    expect(res.status).toBe(500);
    expect(res.text).toContain('broken');
    expect(seen).toEqual([]);
  });

  it('lets a router step aside with next("router")', async () => {
    const { http, seen } = appOver((s) => [
      router('aside', s, [], (r) => r.get('/shop/:slug', (_req, _res, next) => next('router'))),
      router('taker', s, ['/shop/:slug']),
    ]);
    expect((await http.get('/shop/eleme')).text).toBe('taker: /shop/:slug');
    expect(seen).toEqual(['taker /shop/:slug']);
  });
});

describe('bySegmentOfTable', () => {
  /** A table of GET routes, answered by routers that record which routes each was built with. */
  function tableApp(paths: string[]) {
    const built: string[][] = [];
    const app = express();
    app.use(bySegmentOfTable(paths.map((path) => ({ path })), (routes) => {
      built.push(routes.map((r) => r.path));
      const r = Router();
      for (const { path } of routes) r.get(path, (_req, res) => res.send(path));
      return r;
    }));
    app.use((_req, res) => res.status(404).send('not found'));
    return { http: supertest(app), built };
  }

  it('builds one router per first segment the table names, from the table itself, in table order', async () => {
    const { http, built } = tableApp(['/storefronts', '/orders/:id', '/storefronts/:slug', '/orders']);
    expect(built).toEqual([['/storefronts', '/storefronts/:slug'], ['/orders/:id', '/orders']]);
    expect((await http.get('/storefronts/eleme')).text).toBe('/storefronts/:slug');
    expect((await http.get('/Orders')).text).toBe('/orders');
    expect((await http.get('/nowhere')).status).toBe(404);
  });

  it('gives a route that starts with a parameter to every segment, and alone to the segments no route names', async () => {
    const { http, built } = tableApp(['/shop/:slug', '/:anything/details']);
    expect(built).toEqual([['/shop/:slug', '/:anything/details'], ['/:anything/details']]);
    expect((await http.get('/shop/details')).text).toBe('/shop/:slug');
    expect((await http.get('/else/details')).text).toBe('/:anything/details');
  });
});
