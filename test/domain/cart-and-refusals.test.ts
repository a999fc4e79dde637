import { describe, expect, it } from 'vitest';
import { cartTotals } from '../../src/domain/cart.ts';
import { invalidFields, Refusal } from '../../src/domain/errors.ts';

describe('a cart adds up', () => {
  it('counts the items and sums the line totals', () => {
    expect(
      cartTotals([
        { quantity: 2, lineTotalFen: 5600 },
        { quantity: 1, lineTotalFen: 990 },
      ]),
    ).toEqual({ items: 3, totalFen: 6590 });
  });

  it('is nothing when empty', () => {
    expect(cartTotals([])).toEqual({ items: 0, totalFen: 0 });
  });
});

describe('a refusal naming the fields to fix', () => {
  it('is a bad request that lists each field, and says them in one sentence', () => {
    const refusal = invalidFields([
      { path: 'rolloutPercent', message: 'a whole number from 0 to 100' },
      { path: 'reason', message: 'give a reason' },
    ]);
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal.name).toBe('Refusal');
    expect(refusal.kind).toBe('bad_request');
    expect(refusal.details.errors).toHaveLength(2);
    expect(refusal.message).toBe('Please fix: rolloutPercent — a whole number from 0 to 100; reason — give a reason');
  });
});
