import fc from 'fast-check';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiTable, openApiDocument } from '../../src/http/route-table-api.ts';
import { z } from 'zod';
import { apiRoute, type AnyApiRoute } from '../../src/http/route-table.ts';
import { operationsOf, requestsFor, type BuiltRequest, type Json, type Operation } from '../support/contract-requests.ts';
import { apiTokenFor } from '../support/sessions.ts';
import { seedFromEnv } from '../support/shuffle-seed.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/**
 * The generative contract: for every operation of /api/openapi.json, requests made from the
 * document's own schemas are accepted — 2xx, or a refusal the document names for that operation
 * (404 for an id that does not exist, 409 for a state), and 400 only where the operation lists a rule
 * the schemas cannot say — and every response keeps to the document (test/support/contract-setup.ts
 * checks each one). Requests the schemas forbid are refused with 4xx. HUTONG_TEST_SEED replays the inputs.
 */

const document = openApiDocument();
const operations = operationsOf(document.paths);
const seed = seedFromEnv();
// HUTONG_CONTRACT_RUNS=n multiplies the runs, for a deeper search than npm test makes.
const depth = Number(process.env.HUTONG_CONTRACT_RUNS ?? 1);
const runs = (numRuns: number) => ({ numRuns: numRuns * depth, ...(seed !== undefined && { seed }), endOnFailure: true });

function send(world: TestWorld, request: BuiltRequest, token: string | null) {
  let test = supertest(world.app)[request.method as 'get'](request.url);
  for (const [name, value] of Object.entries(request.headers)) test = test.set(name, value);
  if (token) test = test.set('Authorization', `Bearer ${token}`);
  return request.body === undefined ? test : test.send(request.body as object);
}

/** Operations slow on purpose: each attempt hashes a password (scrypt). */
const SLOW = new Set(['createToken']);

const needsToken = (operation: Operation) =>
  (operation.security ?? []).every((requirement) => Object.keys(requirement).length > 0) && (operation.security ?? []).length > 0;

/** Every object in a schema says what it holds: properties, or what its values are. */
function bareObjects(schema: unknown, where: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  const node = schema as Json;
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties !== 'object') found.push(where);
  for (const [key, value] of Object.entries(node)) found.push(...bareObjects(value, `${where}/${key}`));
  return found;
}

describe('the API keeps to its document, for requests made from the document', () => {
  it('declares every route with the schemas of its inputs and answers (a route added without them fails here)', () => {
    expect(gapsIn(apiTable)).toEqual([]);
    expect(bareObjects(document.paths, '#/paths')).toEqual([]);
    expect(bareObjects(document.webhooks, '#/webhooks')).toEqual([]);
  });

  it('the declaration check catches a route without schemas, and the bare-object check an undescribed body', () => {
    const bare = apiRoute({
      method: 'post',
      path: '/orders/:id/notes',
      operationId: 'addNote',
      tags: ['orders'],
      summary: 'A route declared in a hurry',
      responses: { 201: { description: 'the note' } },
      problems: [],
      handler: () => ({}),
    });
    expect(gapsIn([bare])).toEqual([
      'POST /orders/:id/notes: path parameters id have no params schema',
      'POST /orders/:id/notes: takes no body schema',
      'POST /orders/:id/notes: answer 201 has no schema',
    ]);
    expect(bareObjects({ content: { schema: { type: 'object' } } }, '#')).toEqual(['#/content/schema']);
  });

  for (const { template, method, operation } of operations) {
    const where = `${method.toUpperCase()} ${template}`;
    const documented = Object.keys(operation.responses).map(Number);
    const allowed = documented.filter((status) => status < 500 && (status !== 400 || (operation['x-rules'] ?? []).length > 0));

    it(`${where} (${operation.operationId}): what its schemas allow is answered as documented; what they forbid is a 4xx`, async () => {
      const world = newWorld({ sandboxes: {} });
      try {
        const token = needsToken(operation) ? apiTokenFor(world, 'admin') : null;
        const statuses = new Set<number>();
        await fc.assert(
          fc.asyncProperty(requestsFor(template, method, operation), async (request) => {
            const res = await send(world, request, token);
            statuses.add(res.status);
            // The body was checked against the document as it arrived (contract-setup); here, the status.
            expect(
              allowed,
              `${request.method.toUpperCase()} ${request.url} ${JSON.stringify(request.body) ?? ''} → ${res.status} ${res.text.slice(0, 300)}`,
            ).toContain(res.status);
          }),
          runs(SLOW.has(operation.operationId) ? 2 : 6),
        );
        // A read that names nothing that may not exist (no 404) and has no rule beyond its schemas succeeds: the property is not all refusals.
        if (method === 'get' && !('404' in operation.responses) && !operation['x-rules'])
          expect(
            [...statuses].some((status) => status < 300),
            `${where}: ${[...statuses]}`,
          ).toBe(true);

        await fc.assert(
          fc.asyncProperty(
            requestsFor(template, method, operation),
            fc.constantFrom('zz', 'bogus', 'asof', 'Shopper'),
            async (request, name) => {
              const unknown = { ...request, url: `${request.url}${request.url.includes('?') ? '&' : '?'}${name}=1` };
              const res = await send(world, unknown, token);
              expect(res.status, `${unknown.url} → ${res.status}`).toBe(400);
              expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(name);
            },
          ),
          runs(2),
        );

        for (const forbidden of forbiddenVariants(template, method, operation)) {
          const res = await send(world, forbidden, token);
          expect(res.status, `${forbidden.url} ${JSON.stringify(forbidden.body) ?? ''} → ${res.status}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${forbidden.url} → ${res.status}`).toBeLessThan(500);
        }
      } finally {
        world.close();
      }
    });
  }
});

/** What a route leaves undeclared: path parameters without a schema, a write without a body schema, an answer without one. */
function gapsIn(table: readonly AnyApiRoute[]): string[] {
  return table.flatMap((route) => {
    const where = `${route.method.toUpperCase()} ${route.path}`;
    const gaps: string[] = [];
    const inPath = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const declared = route.params instanceof z.ZodObject ? Object.keys(route.params.shape) : [];
    const missing = inPath.filter((name) => !declared.includes(name));
    if (missing.length > 0) gaps.push(`${where}: path parameters ${missing.join(', ')} have no params schema`);
    // POST …/approve is the one write whose whole input is its path.
    if (['post', 'put', 'patch'].includes(route.method) && !route.body && !route.path.endsWith('/approve'))
      gaps.push(`${where}: takes no body schema`);
    for (const [status, answer] of Object.entries(route.responses)) {
      if (status !== '204' && !answer.schema && !answer.csv) gaps.push(`${where}: answer ${status} has no schema`);
    }
    return gaps;
  });
}

/** Requests the schemas forbid, one flaw each: a path parameter off its pattern, a required input left out, a body of the wrong type. */
function forbiddenVariants(template: string, method: string, operation: Operation): BuiltRequest[] {
  const sample = fc.sample(requestsFor(template, method, operation), { numRuns: 1, ...(seed !== undefined && { seed }) })[0]!;
  const variants: BuiltRequest[] = [];
  for (const p of operation.parameters ?? []) {
    if (p.in === 'path') {
      const url = template.replace(/\{(\w+)\}/g, (_m, name: string) =>
        name === p.name
          ? 'Not%20Valid'
          : encodeURIComponent(String((operation.parameters ?? []).find((q) => q.name === name)?.example ?? 'x')),
      );
      variants.push({ ...sample, url });
    }
    if (p.in === 'query' && p.required) {
      const url = new URL(sample.url, 'http://x');
      url.searchParams.delete(p.name);
      variants.push({ ...sample, url: `${url.pathname}${url.search}` });
    }
    if (p.in === 'header' && p.required)
      variants.push({ ...sample, headers: Object.fromEntries(Object.entries(sample.headers).filter(([name]) => name !== p.name)) });
  }
  if (operation.requestBody) {
    variants.push({ ...sample, body: ['not', 'an', 'object'] });
    const required = (operation.requestBody.content['application/json'].schema.required ?? []) as string[];
    for (const name of required) {
      const body = Object.fromEntries(Object.entries(sample.body as Json).filter(([key]) => key !== name));
      variants.push({ ...sample, body });
    }
  }
  return variants;
}
