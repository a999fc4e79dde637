import type { Request } from 'express';
import { cookieValues } from './auth.ts';

/**
 * The key that makes an anonymous visitor (demo mode only) the owner of the sandboxes they make:
 * random, in its own cookie at '/', stored only as its hash in the registry. Not the shopper
 * cookie: each sandbox sets a shopper cookie of its own under its path, so two of that name arrive.
 */
export const OWNER_COOKIE = 'hutong_sandbox_owner';
const OWNER_KEY = /^[A-Za-z0-9_-]{43}$/;
export const OWNER_KEY_DAYS = 365;

/** The owner key this browser holds, if any. */
export function ownerKeyOf(req: Pick<Request, 'get'>): string | null {
  return cookieValues(req, OWNER_COOKIE).find((value) => OWNER_KEY.test(value)) ?? null;
}
