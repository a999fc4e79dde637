import { describe, expect, it } from 'vitest';
import { isChannel, isPrecision, isState } from '../../src/domain/model.ts';
import { isOneOf } from '../../src/domain/one-of.ts';

describe('isOneOf: a form field or a column narrowed to a union without a cast', () => {
  it('accepts exactly the listed values', () => {
    const statuses = ['active', 'deleted'] as const;
    expect(isOneOf(statuses, 'active')).toBe(true);
    expect(isOneOf(statuses, 'deleted')).toBe(true);
    expect(isOneOf(statuses, 'Active')).toBe(false);
    expect(isOneOf(statuses, '')).toBe(false);
    expect(isOneOf(statuses, null)).toBe(false);
    expect(isOneOf([], 'active')).toBe(false);
  });

  it('compares numbers by value and never a number with its text', () => {
    expect(isOneOf([1, 2], 2)).toBe(true);
    expect(isOneOf([1, 2], '2')).toBe(false);
  });

  it('is what the model guards use', () => {
    expect(isState('live')).toBe(true);
    expect(isState('launched')).toBe(false);
    expect(isChannel('mini_program')).toBe(true);
    expect(isChannel('in_app_browser')).toBe(false);
    expect(isPrecision('month')).toBe(true);
    expect(isPrecision('week')).toBe(false);
  });
});
