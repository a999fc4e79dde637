import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

describe('what every page carries', () => {
  it('a meta description, and a wordmark drawn as an image (no CJK font needed)', async () => {
    for (const path of ['/', '/shop/eleme', '/reasons', '/sources', '/review/timeline', '/sign-in']) {
      const page = await supertest(world.app).get(path).expect(200);
      expect(page.text, path).toMatch(/<meta name="description" content="[^"]{40,}">/);
      expect(page.text, path).toContain('src="/assets/marks/hutong.svg"');
    }
    await supertest(world.app).get('/assets/marks/hutong.svg').expect(200).expect('content-type', /svg/);
  });

  it('the API page gives curl examples for the host it was asked on', async () => {
    const page = await supertest(world.app).get('/api/docs').set('Host', 'hutong.test:8080').expect(200);
    expect(page.text).toContain('curl -s http://hutong.test:8080/api/integrations/idle-fish/wechat-pay');
    expect(page.text).not.toContain('localhost:3000');
  });
});
