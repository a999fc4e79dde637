import express from 'express';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { newShopperCookie, SHOPPER_COOKIE, shopperCookieOptions } from '../../src/http/shopper.ts';
import { newWorld } from '../support/world.ts';

describe('a new visitor’s shopper cookie', () => {
  it('gives each of 300 new visitors their own id (past one draw of 256 from the CSPRNG), HttpOnly, SameSite=Lax, for a year', async () => {
    const world = newWorld();
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 300; i++) {
        const [cookie] = (await supertest(world.app).get('/no-such-page').expect(404)).headers['set-cookie'] ?? [];
        const id = new RegExp(
          `^${SHOPPER_COOKIE}=([A-Za-z0-9_-]{22}); Max-Age=31536000; Path=/; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax$`,
        ).exec(cookie ?? '')?.[1];
        expect(id, cookie).toBeDefined();
        ids.add(id ?? '');
      }
      expect(ids.size).toBe(300);
    } finally {
      world.close();
    }
  });

  it('writes what Express’s res.cookie writes, Secure behind HTTPS and scoped to a sandbox’s path', async () => {
    for (const [secure, path] of [
      [true, '/'],
      [false, '/sandboxes/sb-1'],
    ] as const) {
      const app = express();
      const setNew = newShopperCookie(secure, path);
      app.get('/ours', (_req, res) => res.json(setNew(res)));
      app.get('/express', (_req, res) => res.cookie(SHOPPER_COOKIE, 'x', shopperCookieOptions(secure, path)).end());
      const ours = await supertest(app).get('/ours');
      const theirs = await supertest(app).get('/express');
      const attributes = (cookie: string | undefined) => cookie?.replace(/^[^;]*;/, '').replace(/Expires=[^;]+/, 'Expires=…');
      expect(attributes(ours.headers['set-cookie']?.[0])).toBe(attributes(theirs.headers['set-cookie']?.[0]));
      expect(ours.headers['set-cookie']?.[0]).toContain(`${SHOPPER_COOKIE}=${ours.body}`);
    }
  });
});
