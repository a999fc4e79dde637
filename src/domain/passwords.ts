import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP's scrypt parameters: N = 2^17, r = 8, p = 1 (128 MiB per hash). */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function maxmemFor(N: number, r: number, p: number): number {
  // scrypt needs 128 * N * r * p bytes; leave headroom for the rest.
  return 128 * N * r * p + 32 * 1024 * 1024;
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** "scrypt$N$r$p$salt$hash" with base64url salt and hash. */
export function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): string {
  const salt = randomBytes(16);
  const { N, r, p } = params;
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r, p, maxmem: maxmemFor(N, r, p) });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** A stored hash's fields: scheme, N, r, p, salt and hash. */
const isSixFields = (parts: string[]): parts is [string, string, string, string, string, string] => parts.length === 6;

/** Checks a password against a stored hash, off the event loop; false for any malformed or truncated hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (!isSixFields(parts) || parts[0] !== 'scrypt') return false;
  const [, cost, blockSize, parallel, salt, hash] = parts;
  const [N, r, p] = [Number(cost), Number(blockSize), Number(parallel)];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const expected = Buffer.from(hash, 'base64url');
  // Every hash Hutong writes is KEY_LENGTH bytes: a shorter one (an empty one matches any password) is not a hash.
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r,
    p,
    maxmem: maxmemFor(N, r, p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A fresh random secret (session id, API token) of 256 bits. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What we store instead of a session id or token. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
