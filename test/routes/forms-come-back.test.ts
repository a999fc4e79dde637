import { beforeEach, describe, expect, it } from 'vitest';
import { browserAgent, count, newWorld, type TestWorld } from '../support/world.ts';

let world: TestWorld;
beforeEach(() => {
  world = newWorld();
  return () => world.close();
});

describe('a form that cannot be read comes back with the message', () => {
  it('an oversize sign-in form re-renders the sign-in form (413) with a fresh token, and signs nobody in', async () => {
    const visitor = await browserAgent(world);
    const sessionsBefore = count(world.db, 'sessions');
    const res = await visitor.form('/sign-in', { username: 'ali.ops', password: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('<form method="post" action="/sign-in"');
    expect(res.text).toContain('too large');
    expect(res.text).toMatch(/name="_csrf" value="[\w-]+"/);
    expect(res.text).toContain('id="username" name="username" type="text"');
    expect(count(world.db, 'sessions')).toBe(sessionsBefore);
  });

  it('an oversize form elsewhere still gets the error page', async () => {
    const visitor = await browserAgent(world);
    const res = await visitor.form('/shopper/new', { next: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.text).not.toContain('action="/sign-in"');
  });
});
