import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
let api: ReturnType<typeof supertest>;
beforeEach(() => {
  world = newWorld({ scenario: 'record' });
  api = supertest(world.app);
  return () => world.close();
});

describe('a request id a tester can quote', () => {
  it('names every answer, and a refusal repeats it so it can be found in the log', async () => {
    const ok = await api.get('/api/storefronts').expect(200);
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const refused = await api.get('/api/storefronts?bogus=1').expect(400);
    expect(refused.body).toMatchObject({ code: 'bad_request', requestId: refused.headers['x-request-id'] });
    expect(refused.headers['x-request-id']).not.toBe(ok.headers['x-request-id']);
  });

  it("keeps the caller's own plain id, and replaces one that could not be logged as it is", async () => {
    const kept = await api.get('/api/storefronts/nowhere').set('x-request-id', 'qa-run-42.step:7').expect(404);
    expect(kept.headers['x-request-id']).toBe('qa-run-42.step:7');
    expect(kept.body).toMatchObject({ code: 'not_found', requestId: 'qa-run-42.step:7' });

    const replaced = await api.get('/api/storefronts/nowhere').set('x-request-id', '<script>alert(1)</script>').expect(404);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.body.requestId).toBe(replaced.headers['x-request-id']);
  });

  it('names pages too', async () => {
    const page = await api.get('/').expect(200);
    expect(page.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
