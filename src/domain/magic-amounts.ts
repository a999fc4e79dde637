import { declineReason } from './decline-reasons.ts';

/**
 * Magic amounts, for automation (as a card network's test numbers choose an outcome): an order
 * whose total ends in one of these numbers of fen makes its first payment attempt end as the table
 * says, or every refund of it fail, whatever the form or the API asks. Catalog prices end in 0 fen,
 * so no ordinary order is magic; a test reaches these totals with the API's `addFen`. Only where
 * magic amounts are on: a sandbox, or HUTONG_MAGIC_AMOUNTS=1.
 */
export type MagicEffect =
  | { kind: 'attempt'; outcome: 'declined' | 'cancelled'; reason: string }
  | { kind: 'scan_then_expire'; outcome: 'expired'; reason: 'QR_CODE_EXPIRED' }
  | { kind: 'refund_fails'; failure: typeof REFUND_FAILED_MAGIC };

export const REFUND_FAILED_MAGIC = 'WALLET_REFUND_FAILED';

export const MAGIC_AMOUNTS: ReadonlyArray<{ fen: number; effect: MagicEffect; meaning: string }> = [
  { fen: 1, effect: { kind: 'attempt', outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH' }, meaning: 'declined: balance not enough' },
  { fen: 2, effect: { kind: 'attempt', outcome: 'declined', reason: 'PAYMENT_PASSWORD_FAILED' }, meaning: 'declined: payment password' },
  { fen: 3, effect: { kind: 'attempt', outcome: 'declined', reason: 'RISK_CONTROL' }, meaning: 'declined: risk control' },
  { fen: 4, effect: { kind: 'attempt', outcome: 'declined', reason: 'ACCOUNT_FROZEN' }, meaning: 'declined: account or card frozen' },
  { fen: 5, effect: { kind: 'attempt', outcome: 'declined', reason: 'DAILY_LIMIT_EXCEEDED' }, meaning: 'declined: daily limit' },
  { fen: 6, effect: { kind: 'attempt', outcome: 'declined', reason: 'GENERIC_DECLINE' }, meaning: 'declined, no reason given' },
  { fen: 7, effect: { kind: 'attempt', outcome: 'cancelled', reason: 'SHOPPER_CANCELLED' }, meaning: 'cancelled by the shopper' },
  {
    fen: 8,
    effect: { kind: 'scan_then_expire', outcome: 'expired', reason: 'QR_CODE_EXPIRED' },
    meaning: 'scanned, never confirmed, then expired',
  },
  { fen: 9, effect: { kind: 'refund_fails', failure: REFUND_FAILED_MAGIC }, meaning: 'every refund fails' },
];

/** The effect of an order's total, or null (not magic, or magic amounts off). */
export function magicEffectOf(totalFen: number, magicOn: boolean): MagicEffect | null {
  if (!magicOn) return null;
  const ending = totalFen % 100;
  return MAGIC_AMOUNTS.find((m) => m.fen === ending)?.effect ?? null;
}

/**
 * What a payment attempt ends in: the magic effect for the order's first attempt, else what was
 * asked. A refund-failing amount pays as asked.
 */
export function attemptOutcome<O extends string>(
  asked: { outcome: O; reason: string | null },
  effect: MagicEffect | null,
  firstAttempt: boolean,
): { outcome: O | 'declined' | 'cancelled' | 'expired'; reason: string | null; scannedFirst: boolean } {
  if (!effect || !firstAttempt || effect.kind === 'refund_fails') return { ...asked, scannedFirst: false };
  return { outcome: effect.outcome, reason: effect.reason, scannedFirst: effect.kind === 'scan_then_expire' };
}

/** Every magic reason is one of the decline reasons (checked by the tests). */
export function magicReasonsKnown(): boolean {
  return MAGIC_AMOUNTS.every((m) => m.effect.kind === 'refund_fails' || declineReason(m.effect.reason) !== undefined);
}
