import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { hashPassword } from '../../src/domain/passwords.ts';
import { browserAgent, count, createTestWorld, type TestWorld } from '../support/world.ts';

/** A user with a cheap hash (the parameters travel with it), so a burst of checks stays fast. */
function addUser(world: ReturnType<typeof createTestWorld>, username: string): void {
  createPeopleRepositories(world.db).users.insertIfAbsent(
    { username, displayName: username, role: 'viewer', passwordHash: hashPassword('right-password', { N: 1024, r: 8, p: 1 }) },
    world.clock.now().toISOString(),
  );
}

const statuses = (responses: { status: number }[]) => responses.map((r) => r.status);

describe('a burst of wrong passwords', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = createTestWorld({ now: '2026-11-22T09:00:00.000Z' });
    addUser(world, 'burst.api');
    addUser(world, 'burst.form');
  });
  afterEach(() => world.close());
  const wrongBurst = () =>
    Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        supertest(world.app)
          .post('/api/tokens')
          .send({ username: 'burst.api', password: `wrong-${i}` }),
      ),
    );

  it('on POST /api/tokens: at most ten are checked, the rest are 429, and then the right password is refused too', async () => {
    const burst = await wrongBurst();
    const checked = statuses(burst).filter((s) => s !== 429);
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(checked.every((s) => s === 401)).toBe(true);
    expect(statuses(burst).filter((s) => s === 429).length).toBeGreaterThanOrEqual(30);

    const right = await supertest(world.app).post('/api/tokens').send({ username: 'burst.api', password: 'right-password' });
    expect(right.status).toBe(429);
    expect(right.type).toBe('application/problem+json');
    expect(right.body.code).toBe('rate_limited');
    expect(count(world.db, 'api_tokens')).toBe(0);
  });

  it('on the sign-in form: at most ten are checked, and the right password sent in the same burst or after it gets no session', async () => {
    const browser = await browserAgent(world);
    const burst = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => browser.form('/sign-in', { username: 'burst.form', password: `wrong-${i}` })),
      browser.form('/sign-in', { username: 'burst.form', password: 'right-password' }),
    ]);
    expect(statuses(burst).filter((s) => s !== 429).length).toBeLessThanOrEqual(10);
    // The right password may be among the first ten checked; it must not be once ten wrong ones are counted.
    const after = await browser.form('/sign-in', { username: 'burst.form', password: 'right-password' });
    expect(after.status).toBe(429);
    expect(after.text).toContain('Too many failed sign-ins for burst.form');
    expect(([] as string[]).concat(after.headers['set-cookie'] ?? []).some((c) => c.startsWith('hutong_session='))).toBe(false);
  });

  it('lets the pair in again once the window has passed', async () => {
    await wrongBurst();
    expect((await supertest(world.app).post('/api/tokens').send({ username: 'burst.api', password: 'right-password' })).status).toBe(429);
    world.clock.advance(15 * 60_000 + 1000);
    const res = await supertest(world.app).post('/api/tokens').send({ username: 'burst.api', password: 'right-password' });
    expect(res.status).toBe(201);
    expect(count(world.db, 'sign_in_throttle', "username = 'burst.api'")).toBe(0);
  });
});
