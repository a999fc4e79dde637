import { createHash } from 'node:crypto';

/**
 * The shopper's rollout bucket (0-99) for one integration. Stable across restarts
 * and processes: a shopper in the first 10 % stays in when the rollout rises to 50 %.
 */
export function bucketFor(shopperId: string, storefrontSlug: string, walletSlug: string): number {
  const digest = createHash('sha256').update(`${storefrontSlug}\u0000${walletSlug}\u0000${shopperId}`).digest();
  return digest.readUInt32BE(0) % 100;
}

export function isInRollout(bucket: number, rolloutPercent: number): boolean {
  return bucket < rolloutPercent;
}
