import { describe, expect, it } from 'vitest';
import {
  DECLINE_REASONS,
  DEFAULT_REASON,
  PAYMENT_WALLETS,
  reasonForOutcome,
  reasonShown,
  reasonsFor,
} from '../../src/domain/decline-reasons.ts';
import { attemptOutcome, MAGIC_AMOUNTS, magicEffectOf, magicReasonsKnown } from '../../src/domain/magic-amounts.ts';
import { mayRefund, REFUND_WINDOW_DAYS, refundRefusal, refundScopeOf, refundStatusOf, shownOrderStatus } from '../../src/domain/refunds.ts';
import { attemptsPerWallet, countAttempts, type Attempt } from '../../src/domain/review/attempts.ts';

describe('the decline reasons table', () => {
  it('has the reasons the issue names, each SCREAMING_CASE with a sentence, unique', () => {
    const codes = DECLINE_REASONS.map((r) => r.code);
    for (const code of [
      'BALANCE_NOT_ENOUGH',
      'PAYMENT_PASSWORD_FAILED',
      'RISK_CONTROL',
      'ACCOUNT_FROZEN',
      'SHOPPER_CANCELLED',
      'QR_CODE_EXPIRED',
    ])
      expect(codes).toContain(code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const r of DECLINE_REASONS) {
      expect(r.code).toMatch(/^[A-Z][A-Z_]+[A-Z]$/);
      expect(r.sentence).toMatch(/^[A-Z].*\.$/);
      expect(r.label).toMatch(/^[A-Z][a-z]/);
      for (const [wallet, own] of Object.entries(r.walletCodes)) {
        expect(PAYMENT_WALLETS).toContain(wallet);
        expect(own.code).not.toBe('');
        // Every wallet code says where it is documented.
        expect(own.source).toMatch(/https:\/\/|github\.com|PyPI/);
      }
    }
  });

  it('each outcome’s default reason is one of that outcome', () => {
    for (const outcome of ['declined', 'cancelled', 'expired'] as const) {
      expect(reasonsFor(outcome).map((r) => r.code)).toContain(DEFAULT_REASON[outcome]);
    }
  });

  it('takes a reason of the outcome, the default for none, nothing for a success, and null for one of another outcome', () => {
    expect(reasonForOutcome('succeeded', null)).toBeNull();
    expect(reasonForOutcome('succeeded', 'RISK_CONTROL')).toBeNull();
    expect(reasonForOutcome('declined', null)).toBe('GENERIC_DECLINE');
    expect(reasonForOutcome('cancelled', null)).toBe('SHOPPER_CANCELLED');
    expect(reasonForOutcome('expired', null)).toBe('QR_CODE_EXPIRED');
    expect(reasonForOutcome('declined', 'RISK_CONTROL')).toBe('RISK_CONTROL');
    expect(reasonForOutcome('declined', 'QR_CODE_EXPIRED')).toBeNull();
    expect(reasonForOutcome('declined', 'NO_SUCH_REASON')).toBeNull();
  });

  it('shows the wallet’s own code only for that wallet, with its source', () => {
    expect(reasonShown('BALANCE_NOT_ENOUGH', 'wechat-pay')).toMatchObject({ code: 'BALANCE_NOT_ENOUGH', walletCode: 'NOTENOUGH' });
    expect(reasonShown('BALANCE_NOT_ENOUGH', 'unionpay-qr')).toEqual({
      code: 'BALANCE_NOT_ENOUGH',
      message: DECLINE_REASONS[0]!.sentence,
    });
    expect(reasonShown('RISK_CONTROL', 'no-such-wallet').walletCode).toBeUndefined();
    expect(reasonShown('GONE', 'alipay')).toEqual({ code: 'GONE', message: 'GONE' });
  });
});

describe('magic amounts', () => {
  it('are off unless on, and key on the last two digits of the total in fen', () => {
    expect(magicEffectOf(2801, false)).toBeNull();
    expect(magicEffectOf(2801, true)).toEqual({ kind: 'attempt', outcome: 'declined', reason: 'BALANCE_NOT_ENOUGH' });
    expect(magicEffectOf(101, true)?.kind).toBe('attempt');
    expect(magicEffectOf(2800, true)).toBeNull();
    expect(magicEffectOf(2810, true)).toBeNull();
    expect(magicEffectOf(2808, true)).toEqual({ kind: 'scan_then_expire', outcome: 'expired', reason: 'QR_CODE_EXPIRED' });
    expect(magicEffectOf(2809, true)?.kind).toBe('refund_fails');
  });

  it('name only known reasons, one amount each', () => {
    expect(magicReasonsKnown()).toBe(true);
    const fens = MAGIC_AMOUNTS.map((m) => m.fen);
    expect(new Set(fens).size).toBe(fens.length);
    for (const fen of fens) expect(fen % 10).not.toBe(0); // catalogue prices end in 0 fen: no ordinary order is magic
  });

  it('choose the first attempt whatever was asked, and leave later attempts and refund amounts alone', () => {
    const asked = { outcome: 'succeeded' as const, reason: null };
    const declined = magicEffectOf(2803, true);
    expect(attemptOutcome(asked, declined, true)).toEqual({ outcome: 'declined', reason: 'RISK_CONTROL', scannedFirst: false });
    expect(attemptOutcome(asked, declined, false)).toEqual({ ...asked, scannedFirst: false });
    expect(attemptOutcome(asked, null, true)).toEqual({ ...asked, scannedFirst: false });
    expect(attemptOutcome(asked, magicEffectOf(2809, true), true)).toEqual({ ...asked, scannedFirst: false });
    expect(attemptOutcome(asked, magicEffectOf(2808, true), true)).toEqual({
      outcome: 'expired',
      reason: 'QR_CODE_EXPIRED',
      scannedFirst: true,
    });
  });
});

describe('refund arithmetic', () => {
  const paid = { status: 'paid', totalFen: 10_000, refundedFen: 0, paidAt: '2026-01-01T00:00:00.000Z' };
  const now = '2026-01-02T00:00:00.000Z';

  it('allows up to what is left, and refuses one cent more', () => {
    expect(refundRefusal(paid, 3_000, now)).toBeNull();
    expect(refundRefusal({ ...paid, refundedFen: 3_000 }, 7_000, now)).toBeNull();
    expect(refundRefusal({ ...paid, refundedFen: 3_000 }, 7_001, now)?.code).toBe('refund_exceeds_paid');
    expect(refundRefusal({ ...paid, refundedFen: 10_000 }, 1, now)?.code).toBe('refund_exceeds_paid');
  });

  it('refuses an order not paid', () => {
    expect(refundRefusal({ ...paid, status: 'failed' }, 1, now)?.code).toBe('order_not_paid');
    expect(refundRefusal({ ...paid, paidAt: null }, 1, now)?.code).toBe('order_not_paid');
  });

  it('refuses after the window, to the millisecond', () => {
    const edge = new Date(Date.parse(paid.paidAt) + REFUND_WINDOW_DAYS * 86_400_000).toISOString();
    expect(refundRefusal(paid, 1, edge)).toBeNull();
    const after = new Date(Date.parse(edge) + 1).toISOString();
    expect(refundRefusal(paid, 1, after)?.code).toBe('refund_window_passed');
  });

  it('lets operators refund their group’s orders and admins every order, nobody else', () => {
    expect(['operator', 'admin', 'reviewer', 'viewer'].map((role) => mayRefund({ role }))).toEqual([true, true, false, false]);
    expect(refundScopeOf({ role: 'admin', groupSlug: null })).toEqual({ group: null });
    expect(refundScopeOf({ role: 'operator', groupSlug: 'alibaba' })).toEqual({ group: 'alibaba' });
    expect(refundScopeOf({ role: 'operator', groupSlug: null })).toEqual({ group: '' });
  });

  it('reads the shown status from what is stored', () => {
    expect(refundStatusOf(10_000, 0)).toBe('paid');
    expect(refundStatusOf(10_000, 1)).toBe('partially_refunded');
    expect(refundStatusOf(10_000, 9_999)).toBe('partially_refunded');
    expect(refundStatusOf(10_000, 10_000)).toBe('refunded');
    expect(shownOrderStatus('awaiting_payment', true, 100, 0)).toBe('awaiting_confirmation');
    expect(shownOrderStatus('awaiting_payment', false, 100, 0)).toBe('awaiting_payment');
    expect(shownOrderStatus('expired', true, 100, 0)).toBe('expired');
    expect(shownOrderStatus('paid', true, 100, 100)).toBe('refunded');
    expect(shownOrderStatus('failed', false, 100, 0)).toBe('failed');
  });
});

describe('counting attempts and switches', () => {
  const a = (wallet: string, outcome: Attempt['outcome'], reason = ''): Attempt => ({ wallet, outcome, reason });

  it('counts every attempt for its own wallet, a switch between two wallets, and the first choice', () => {
    const { counts, switches, firstChoices } = countAttempts([
      [a('alipay', 'declined', 'BALANCE_NOT_ENOUGH'), a('wechat-pay', 'succeeded')],
      [a('alipay', 'declined', 'RISK_CONTROL'), a('alipay', 'succeeded')],
      [a('wechat-pay', 'cancelled', 'SHOPPER_CANCELLED')],
      [],
    ]);
    expect(switches).toEqual([{ fromWallet: 'alipay', toWallet: 'wechat-pay', switches: 1 }]);
    expect(firstChoices).toEqual([
      { walletSlug: 'alipay', orders: 2, paidWithIt: 1, paidWithAnother: 1 },
      { walletSlug: 'wechat-pay', orders: 1, paidWithIt: 0, paidWithAnother: 0 },
    ]);
    const [alipay, wechat, unionpay] = attemptsPerWallet(counts, firstChoices, ['alipay', 'wechat-pay', 'unionpay-qr']);
    expect(alipay).toMatchObject({
      tried: 3,
      succeeded: 1,
      declined: 2,
      declinedByReason: [
        { reason: 'BALANCE_NOT_ENOUGH', attempts: 1 },
        { reason: 'RISK_CONTROL', attempts: 1 },
      ],
      firstChosen: 2,
      paidWithFirstChoice: 1,
      paidWithAnother: 1,
      firstChoiceConversion: 0.5,
    });
    expect(alipay!.successRate).toBeCloseTo(1 / 3);
    expect(wechat).toMatchObject({ tried: 2, succeeded: 1, abandoned: 1, expired: 0, firstChosen: 1, firstChoiceConversion: 0 });
    expect(unionpay).toMatchObject({ tried: 0, successRate: null, firstChoiceConversion: null, declinedByReason: [] });
  });

  it('sorts reasons by count, and names a decline kept without a reason', () => {
    const { counts, firstChoices } = countAttempts([
      [
        a('alipay', 'declined'),
        a('alipay', 'declined', 'RISK_CONTROL'),
        a('alipay', 'declined', 'RISK_CONTROL'),
        a('alipay', 'expired', 'QR_CODE_EXPIRED'),
      ],
    ]);
    const [alipay] = attemptsPerWallet(counts, firstChoices, ['alipay']);
    expect(alipay!.declinedByReason).toEqual([
      { reason: 'RISK_CONTROL', attempts: 2 },
      { reason: 'NOT_RECORDED', attempts: 1 },
    ]);
    expect(alipay!.expired).toBe(1);
  });
});
