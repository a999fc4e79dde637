import express from 'express';
import pino from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { lastErrorHandler } from '../../src/http/errors.ts';

/** An app whose only route fails: what would otherwise reach Express's default error page. */
function failingApp(error: unknown) {
  const app = express();
  app.set('env', 'development');
  app.use((_req, _res, next) => next(error));
  app.use(lastErrorHandler(pino({ level: 'silent' })));
  return app;
}

describe('the last error handler', () => {
  it('answers a bug as a 500 page with no stack, and the API as problem+json', async () => {
    const app = failingApp(new Error('boom at /work/src/secret.ts:1'));
    const page = await supertest(app).get('/orders');
    expect(page.status).toBe(500);
    expect(page.text).not.toMatch(/boom|secret\.ts|\n\s+at /);
    const api = await supertest(app).get('/sandboxes/sb_x/api/orders');
    expect(api.status).toBe(500);
    expect(api.type).toBe('application/problem+json');
    expect(api.body).toMatchObject({ code: 'internal_error' });
  });

  it('answers a URIError as 400 bad_request, naming neither the escape nor a file', async () => {
    const error = new URIError("Failed to decode param '%zz'");
    const api = await supertest(failingApp(error)).get('/api/%zz');
    expect(api.status).toBe(400);
    expect(api.body).toMatchObject({ code: 'bad_request' });
    expect(api.text).not.toContain('Failed to decode');
  });
});
