import supertest from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPeopleRepositories } from '../../src/db/people.ts';
import { hashPassword } from '../../src/domain/passwords.ts';
import { HOSTILE_RETURN_PATHS } from '../support/hostile-paths.ts';
import { browserAgent, newWorld, type TestWorld, signIn } from '../support/world.ts';

describe('next and return parameters stay on this site', () => {
  let world: TestWorld;
  beforeEach(() => {
    world = newWorld();
    // A cheap hash (its parameters travel with it) keeps one sign-in per hostile path fast.
    createPeopleRepositories(world.db).users.insertIfAbsent(
      {
        username: 'return.me',
        displayName: 'Return me',
        role: 'viewer',
        passwordHash: hashPassword('right-password', { N: 1024, r: 8, p: 1 }),
      },
      world.clock.now().toISOString(),
    );
    return () => world.close();
  });

  it('GET /sign-in?next= sends a signed-in person to the console, not to another site', async () => {
    const browser = await signIn(world, 'viewer');
    const probe = await browser.agent.get('/sign-in?next=/%5Cevil.example/');
    expect(probe.status).toBe(303);
    expect(probe.headers.location).toBe('/console');
    for (const next of HOSTILE_RETURN_PATHS) {
      const res = await browser.agent.get('/sign-in').query({ next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe('/console');
    }
    const fine = await browser.agent.get('/sign-in').query({ next: '/review?asOf=2021-10-15' });
    expect(fine.headers.location).toBe('/review?asOf=2021-10-15');
  });

  it('GET /sign-in?next= does not carry a hostile path into the form', async () => {
    for (const next of HOSTILE_RETURN_PATHS) {
      const res = await supertest(world.app).get('/sign-in').query({ next });
      expect(res.status).toBe(200);
      // Only the footer's "new shopper" form names a next, and it is this page.
      expect(
        [...res.text.matchAll(/name="next" value="([^"]*)"/g)].map((m) => m[1]),
        JSON.stringify(next),
      ).toEqual(['/sign-in']);
    }
  });

  it('POST /sign-in with a hostile next signs in and lands on the console', async () => {
    for (const next of HOSTILE_RETURN_PATHS) {
      const browser = await browserAgent(world);
      const res = await browser.form('/sign-in', { username: 'return.me', password: 'right-password', next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe('/console');
    }
    const browser = await browserAgent(world);
    const fine = await browser.form('/sign-in', { username: 'return.me', password: 'right-password', next: '/account' });
    expect(fine.headers.location).toBe('/account');
  });

  it('POST /shopper/new with a hostile next lands on the home page', async () => {
    for (const next of HOSTILE_RETURN_PATHS) {
      // A new shopper gets a new cookie, and with it a new CSRF token: one visitor per try.
      const browser = await browserAgent(world);
      const res = await browser.form('/shopper/new', { next });
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.location, JSON.stringify(next)).toBe('/');
    }
    const fine = await (await browserAgent(world)).form('/shopper/new', { next: '/shop/eleme/checkout' });
    expect(fine.headers.location).toBe('/shop/eleme/checkout');
  });
});
