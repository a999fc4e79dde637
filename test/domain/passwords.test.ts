import { describe, expect, it } from 'vitest';
import { hashPassword, newSecret, SCRYPT_PARAMS, sha256, verifyPassword } from '../../src/domain/passwords.ts';

// The production cost (N = 2^17, 128 MiB) is for real sign-ins; a small N keeps each test (and each mutant) fast.
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('passwords', () => {
  it('uses OWASP scrypt parameters by default', () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
  });

  it('stores scrypt, its cost and a fresh salt with the hash, never the password', () => {
    const stored = hashPassword('correct horse', CHEAP);
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
    expect(hashPassword('correct horse', CHEAP)).not.toBe(stored);
  });

  it('verifies a password stored at a cost that needs more memory than scrypt allows by default', async () => {
    // N = 2^16 needs 64 MiB, past scrypt's default limit of 32 MiB (the production cost, N = 2^17, needs 128 MiB).
    const stored = hashPassword('correct horse', { N: 2 ** 16, r: 8, p: 1 });
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = hashPassword('correct horse', CHEAP);
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsf', stored)).resolves.toBe(false);
  });

  it('refuses, without throwing, a stored hash that is malformed or asks for absurd cost', async () => {
    const [, , , , salt, hash] = hashPassword('pw', CHEAP).split('$');
    for (const stored of [
      '',
      'plain-text',
      `bcrypt$1024$8$1$${salt}$${hash}`,
      `scrypt$1024$8$1$${salt}`,
      `scrypt$1024$8$1$${salt}$${hash}$extra`,
      `scrypt$0$8$1$${salt}$${hash}`,
      `scrypt$1024$-8$1$${salt}$${hash}`,
      `scrypt$1024$8$1.5$${salt}$${hash}`,
      `scrypt$x$8$1$${salt}$${hash}`,
      `scrypt$${2 ** 40}$8$1$${salt}$${hash}`,
      `scrypt$${2 ** 21}$8$1$${salt}$${hash}`,
    ]) {
      await expect(verifyPassword('pw', stored)).resolves.toBe(false);
    }
  });

  it("refuses a stored hash whose cost is zero, though Node's scrypt would read a zero as its own default cost", async () => {
    // Made at Node's defaults (N = 2^14, r = 8, p = 1), so each zero below would verify if it reached scrypt.
    const [, , , , salt, hash] = hashPassword('pw', { N: 2 ** 14, r: 8, p: 1 }).split('$');
    await expect(verifyPassword('pw', `scrypt$16384$8$1$${salt}$${hash}`)).resolves.toBe(true);
    for (const cost of ['0$8$1', '16384$0$1', '16384$8$0']) {
      await expect(verifyPassword('pw', `scrypt$${cost}$${salt}$${hash}`), cost).resolves.toBe(false);
    }
  });

  it('refuses every password against a stored hash that is empty or cut short, instead of letting any password in', async () => {
    const [, n, r, p, salt, hash] = hashPassword('pw', CHEAP).split('$');
    const prefix = `scrypt$${n}$${r}$${p}$${salt}$`;
    const full = Buffer.from(hash ?? '', 'base64url');
    // An empty hash: scrypt derives an empty key, and two empty keys are equal.
    await expect(verifyPassword('anything', prefix)).resolves.toBe(false);
    // One byte of the right hash: the right password's first byte matches it, as 1 wrong password in 256 would.
    await expect(verifyPassword('pw', prefix + full.subarray(0, 1).toString('base64url'))).resolves.toBe(false);
    await expect(verifyPassword('pw', prefix + full.subarray(0, 31).toString('base64url'))).resolves.toBe(false);
    await expect(verifyPassword('pw', prefix + hash)).resolves.toBe(true);
  });
});

describe('secrets', () => {
  it('are 256 random bits after an optional prefix', () => {
    const token = newSecret('hut_');
    expect(token).toMatch(/^hut_[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(newSecret());
  });

  it('are stored as their SHA-256 in hex', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
