import express from 'express';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/route-table-api.ts';
import { contractViolation } from '../support/contract.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld({ sandboxes: {} });
  return () => world.close();
});

/** What the check below reads of an error answer: the codes its problem+json names. */
interface ProblemResponse {
  content: Record<string, { schema: { allOf: [unknown, { properties: { code: { enum: string[] } } }] } }>;
}

/** A documented path with its parameters filled in from the document's examples. */
function exampleUrl(template: string, operation: { parameters?: { name: string; in: string; example?: unknown }[] }): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) =>
    String(operation.parameters?.find((p) => p.in === 'path' && p.name === name)?.example ?? 'x'),
  );
}

describe('the OpenAPI document covers the API', () => {
  const document = openApiDocument();
  const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
  );

  it('every documented operation is served: its path and method reach a route, not the 404 or 405 of an unknown one', async () => {
    expect(documented.length).toBeGreaterThanOrEqual(30);
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(
        methods as Record<string, { parameters?: { name: string; in: string; example?: unknown }[] }>,
      )) {
        const res = await supertest(world.app)[method as 'get'](exampleUrl(template, operation));
        const where = `${method.toUpperCase()} ${template} → ${res.status} ${res.body?.detail ?? ''}`;
        expect(res.status, where).not.toBe(405);
        expect(String(res.body?.detail ?? ''), where).not.toMatch(/^There is nothing at/);
      }
    }
  });

  it('a path the document does not have is 404; a documented path with another method is 405 naming the methods it takes', async () => {
    await supertest(world.app).get('/api/nowhere').expect(404);
    const trace = await supertest(world.app).trace('/api/storefronts').expect(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    const put = await supertest(world.app).put('/api/webhooks/wh_AbC123xyz').send({}).expect(405);
    expect(put.headers.allow).toBe('GET, HEAD, PATCH, DELETE');
    expect(put.body.code).toBe('method_not_allowed');
  });

  it('gives every operation an id, a summary, a 2xx answer and problem+json errors that name their codes', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(
        methods as Record<string, { operationId?: string; summary?: string; responses: Record<string, ProblemResponse> }>,
      )) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.operationId, where).toBeTruthy();
        expect(operation.summary, where).toBeTruthy();
        expect(
          Object.keys(operation.responses).some((s) => s.startsWith('2')),
          where,
        ).toBe(true);
        for (const [status, response] of Object.entries(operation.responses).filter(([s]) => Number(s) >= 400)) {
          const codes = response.content['application/problem+json']?.schema.allOf[1].properties.code.enum ?? [];
          expect(codes.length, `${where} ${status}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the contract check catches an undocumented status, a wrong content type and a body off the schema', () => {
    const ok = {
      method: 'GET',
      url: '/api/storefronts/eleme',
      status: 200,
      contentType: 'application/json',
      body: { slug: 'eleme', name: 'Ele.me', group: 'alibaba', category: 'food', currency: 'CNY', products: [] },
    };
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
    await expect(supertest(offContract).get('/api/storefronts/eleme')).rejects.toThrow(
      /OpenAPI contract: GET \/api\/storefronts\/eleme → 200: the body does not match/,
    );
    await supertest(world.app).get('/api/storefronts/eleme').expect(200);
  });
});
