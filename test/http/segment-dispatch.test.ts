import express, { Router } from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { bySegmentOfTable } from '../../src/http/segment-dispatch.ts';

describe('bySegmentOfTable', () => {
  /** A table of GET routes, answered by routers that record which routes each was built with. */
  function tableApp(paths: string[]) {
    const built: string[][] = [];
    const app = express();
    app.use(
      bySegmentOfTable(
        paths.map((path) => ({ path })),
        (routes) => {
          built.push(routes.map((r) => r.path));
          const r = Router();
          for (const { path } of routes) r.get(path, (_req, res) => res.send(path));
          return r;
        },
      ),
    );
    app.use((_req, res) => res.status(404).send('not found'));
    return { http: supertest(app), built };
  }

  it('builds one router per first segment the table names, from the table itself, in table order', async () => {
    const { http, built } = tableApp(['/storefronts', '/orders/:id', '/storefronts/:slug', '/orders']);
    expect(built).toEqual([
      ['/storefronts', '/storefronts/:slug'],
      ['/orders/:id', '/orders'],
    ]);
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
