import fc from 'fast-check';
import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/domain/durations.ts';
import { IdempotencyKeyHeader } from '../../src/http/inputs/orders.ts';
import { apiTokenFor as apiToken } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

type Operation = {
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string; schema?: { pattern?: string } }[];
  requestBody?: { content: { 'application/json': { schema: { required?: string[]; properties: Record<string, unknown> } } } };
  responses: Record<string, unknown>;
};

describe('the OpenAPI document says what the server does', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    return () => world.close();
  });
  const documentOf = async () =>
    (await supertest(world.app).get('/api/openapi.json').expect(200)).body as {
      servers: { url: string }[];
      paths: Record<string, Record<string, Operation>>;
    };

  it('names the servers, so a client knows where the paths start: this one, and any sandbox under it, except for sandbox management', async () => {
    const document = await documentOf();
    expect(document.servers).toEqual([
      expect.objectContaining({ url: '/' }),
      expect.objectContaining({ url: '{origin}/sandboxes/{sandbox}' }),
    ]);
    expect((document.paths['/api/sandboxes']!.post as { servers?: unknown }).servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect((document.paths['/api/storefronts']!.get as { servers?: unknown }).servers).toBeUndefined();
  });

  it('lets POST /api/tokens be called without a token, and lists expiresInDays', async () => {
    const { paths } = await documentOf();
    const tokens = paths['/api/tokens']!.post!;
    expect(tokens.security).toEqual([]);
    expect(Object.keys(tokens.requestBody!.content['application/json'].schema.properties)).toContain('expiresInDays');
    expect(Object.keys(tokens.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '429']));
    expect(paths['/api/integrations']!.get!.security).toEqual([{ bearer: [] }]);
  });

  it('documents the 400 for a slug that is not lowercase, which is what the server answers', async () => {
    const { paths } = await documentOf();
    for (const path of ['/api/integrations/{storefront}/{wallet}', '/api/integrations/{storefront}/{wallet}/events']) {
      const get = paths[path]!.get!;
      expect(Object.keys(get.responses), path).toContain('400');
      expect(get.parameters!.find((p) => p.name === 'storefront')!.schema!.pattern).toBeDefined();
    }
    const token = apiToken(world, 'viewer');
    for (const url of ['/api/integrations/Eleme/alipay', '/api/integrations/Eleme/alipay/events']) {
      const res = await supertest(world.app).get(url).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['storefront']);
    }
  });

  it('does not require expectedVersion in the transition body, and says If-Match may carry it', async () => {
    const post = (await documentOf()).paths['/api/integrations/{storefront}/{wallet}/{verb}']!.post!;
    const body = post.requestBody!.content['application/json'].schema;
    expect(body.required ?? []).not.toContain('expectedVersion');
    expect(body.properties.expectedVersion).toMatchObject({ description: expect.stringContaining('If-Match') });
    const ifMatch = post.parameters!.find((p) => p.name === 'If-Match')!;
    expect(ifMatch).toMatchObject({ in: 'header', description: expect.stringContaining('expectedVersion') });
  });

  it('shows on /api/docs that POST /api/tokens needs no token', async () => {
    const page = await supertest(world.app).get('/api/docs').expect(200);
    // A path may break after a slash (<wbr>) at phone width.
    const tokens = /<code>POST \/api\/tokens<\/code>[\s\S]*?<\/article>/.exec(page.text.replaceAll('<wbr>', ''))![0];
    expect(tokens).not.toContain('needs a token');
  });

  it('shows no literal backtick outside a code sample, and its problem codes as cards on a phone', async () => {
    const page = await supertest(world.app).get('/api/docs').expect(200);
    const prose = page.text.replace(/<pre>[\s\S]*?<\/pre>/g, '');
    expect(prose).not.toContain('`');
    expect(prose).toContain('<code>errors</code> lists each field path');
    expect(page.text).toContain('<table class="stack problem-codes">');
  });

  it('says what the server takes for a duration and an Idempotency-Key: what the patterns allow, the server accepts (the key: exactly)', async () => {
    const { paths } = await documentOf();
    const clock = paths['/api/sandboxes/{id}/clock']!.post!.requestBody!.content['application/json'].schema as unknown as {
      anyOf: { properties: Record<string, { pattern?: string }> }[];
    };
    const duration = new RegExp(clock.anyOf.find((branch) => branch.properties.advance)!.properties.advance!.pattern!);
    // The pattern may be stricter than the server (it caps the digits), never looser.
    fc.assert(
      fc.property(fc.stringMatching(/^P[0-9WDTHMS.]{0,12}$/), (text) => {
        if (duration.test(text)) expect(parseDuration(text), text).not.toBeNull();
      }),
      { numRuns: 500 },
    );
    expect(['P1D', 'PT2H', 'P1W', 'P1DT12H', 'PT0.5S'].every((text) => duration.test(text))).toBe(true);
    expect(['P', 'PT', 'P1DT', 'P1Y', 'P1M', '1D'].some((text) => duration.test(text))).toBe(false);
    const key = new RegExp(
      paths['/api/orders/{id}/payments']!.post!.parameters!.find((p) => p.name === 'Idempotency-Key')!.schema!.pattern!,
    );
    fc.assert(
      fc.property(fc.stringMatching(/^"?[A-Za-z0-9_"-]{6,12}"?$/), (text) => {
        expect(key.test(text), text).toBe(IdempotencyKeyHeader.safeParse({ 'idempotency-key': text }).success);
      }),
      { numRuns: 500 },
    );
    expect(key.test('"8e03978e-40d5')).toBe(false);
  });
});
