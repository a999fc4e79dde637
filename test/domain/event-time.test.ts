import { describe, expect, it } from 'vitest';
import { formatEventTime, isKnownAt, noLaterThan } from '../../src/domain/time.ts';

const loaded = '2026-12-06T12:30:00.000Z';

describe('when an event happened, as a page says it', () => {
  it('a record event at its precision, never the instant the record was loaded', () => {
    expect(formatEventTime({ recordedAt: loaded, effectiveAt: '2021-09-30T23:59:59.999Z', datePrecision: 'month' })).toBe('≈ Sept 2021');
    expect(formatEventTime({ recordedAt: loaded, effectiveAt: '2021-09-14T00:00:00.000Z', datePrecision: 'day' })).toBe('14 Sept 2021');
  });

  it('a change made here at the instant it was recorded', () => {
    expect(formatEventTime({ recordedAt: loaded, effectiveAt: '2026-12-07T00:00:00.000Z', datePrecision: 'exact' })).toBe(
      '6 Dec 2026, 12:30 UTC',
    );
  });

  it('a world knows a record event once it happened, and a change made here once it was recorded', () => {
    const record = { recordedAt: loaded, effectiveAt: '2021-11-29T00:00:00.000Z', datePrecision: 'day' };
    expect(isKnownAt(record, '2021-10-01T00:00:00.000Z')).toBe(false);
    expect(isKnownAt(record, '2021-12-01T00:00:00.000Z')).toBe(true);
    const scheduled = { recordedAt: '2021-10-01T00:00:00.000Z', effectiveAt: '2021-10-20T00:00:00.000Z', datePrecision: 'exact' };
    expect(isKnownAt(scheduled, '2021-10-01T00:00:00.000Z')).toBe(true);
    expect(noLaterThan('2021-12-31T23:59:59.999Z', '2021-10-01T00:00:00.000Z')).toBe('2021-10-01T00:00:00.000Z');
  });
});
