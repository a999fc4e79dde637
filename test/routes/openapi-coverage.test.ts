import express from 'express';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi.ts';
import { contractViolation } from '../support/contract.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
  return () => world.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the /api routers declare, read from Express itself (METHOD /api/path/{param}). */
function apiRoutes(): string[] {
  const top = (world.app as unknown as { router: { stack: Layer[] } }).router.stack;
  // The default world's router holds the /api router (the one with /docs) and the pages.
  const isApi = (layer: Layer) => layer.handle?.stack?.some((l) => l.route?.path === '/docs') === true;
  const api = top.flatMap((layer) => [layer, ...(layer.handle?.stack ?? [])]).find(isApi);
  if (!api) throw new Error('the /api router was not found');
  const routes: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all')) {
          routes.push(`${method.toUpperCase()} /api${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack); // the /api routers are all mounted at its root
      }
    }
  };
  walk(api.handle!.stack!);
  // GET /api/docs is handed on to the pages app: a page for people, not an API operation.
  return routes.filter((route) => route !== 'GET /api/docs');
}

describe('the OpenAPI document covers the API', () => {
  const document = openApiDocument();
  const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));

  it('lists every route the /api routers declare, and nothing they do not', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('gives every operation an id, a summary, a 2xx answer and problem+json errors that name their codes', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods as Record<string, { operationId?: string; summary?: string; responses: Record<string, any> }>)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.operationId, where).toBeTruthy();
        expect(operation.summary, where).toBeTruthy();
        expect(Object.keys(operation.responses).some((s) => s.startsWith('2')), where).toBe(true);
        for (const [status, response] of Object.entries(operation.responses).filter(([s]) => Number(s) >= 400)) {
          const codes = response.content['application/problem+json'].schema.allOf[1].properties.code.enum as string[];
          expect(codes.length, `${where} ${status}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the contract check catches an undocumented status, a wrong content type and a body off the schema', () => {
    const ok = { method: 'GET', url: '/api/storefronts/eleme', status: 200, contentType: 'application/json', body: { slug: 'eleme', name: 'Ele.me', group: 'alibaba', category: 'food', currency: 'CNY', products: [] } };
    expect(contractViolation(ok)).toBeNull();
    expect(contractViolation({ ...ok, status: 418 })).toMatch(/status 418 is not documented/);
    expect(contractViolation({ ...ok, contentType: 'text/html' })).toMatch(/content type text\/html/);
    expect(contractViolation({ ...ok, body: { ...ok.body, products: [{ id: 'one' }] } })).toMatch(/does not match/);
    expect(contractViolation({ ...ok, body: { ...ok.body, extra: 1 } })).toMatch(/additional properties/);
    expect(contractViolation({ ...ok, url: '/api/nowhere', status: 200 })).toMatch(/no operation/);
    expect(contractViolation({ method: 'GET', url: '/shop/eleme', status: 200, contentType: 'text/html', body: '' })).toBeNull();
  });

  it('is wired into supertest: an /api answer off the document fails the request that received it', async () => {
    const offContract = express().get('/api/storefronts/:slug', (_req, res) => res.json({ slug: 'eleme' }));
    await expect(supertest(offContract).get('/api/storefronts/eleme')).rejects.toThrow(/OpenAPI contract: GET \/api\/storefronts\/eleme → 200: the body does not match/);
    await supertest(world.app).get('/api/storefronts/eleme').expect(200);
  });
});
