import { describe, expect, it } from 'vitest';
import { formatAsOf, formatRecordedDate } from '../../src/domain/time.ts';

describe('a dated fact shown at its precision, never finer', () => {
  it.each([
    ['2021-09-14T00:00:00.000Z', 'day', '14 Sept 2021'],
    ['2021-09-30T00:00:00.000Z', 'month', '≈ Sept 2021'],
    ['2021-09-01T00:00:00.000Z', 'approximate', '≈ early Sept 2021'],
    ['2021-10-15T00:00:00.000Z', 'approximate', '≈ mid-Oct 2021'],
    ['2021-11-29T00:00:00.000Z', 'approximate', '≈ late Nov 2021'],
    ['2021-09-10T00:00:00.000Z', 'approximate', '≈ early Sept 2021'],
    ['2021-09-11T00:00:00.000Z', 'approximate', '≈ mid-Sept 2021'],
    ['2021-09-20T00:00:00.000Z', 'approximate', '≈ mid-Sept 2021'],
    ['2021-09-21T00:00:00.000Z', 'approximate', '≈ late Sept 2021'],
    ['2021-02-01T00:00:00.000Z', 'before', 'before Feb 2021'],
    ['2021-01-02T00:00:00.000Z', 'before', 'before 2 Jan 2021'],
    ['2021-01-01T00:00:00.000Z', 'before', 'before 2021'],
    ['2021-09-01T00:00:00.000Z', 'before', 'before Sept 2021'],
    ['2021-11-11T00:00:00.000Z', 'before', 'before 11 Nov 2021'],
    ['2021-10-27T00:00:00.000Z', 'expected', '27 Oct 2021 (expected)'],
    ['2021-09-22T08:30:00.000Z', 'exact', '22 Sept 2021, 08:30 UTC'],
    // A coarse fact at the latest instant of its range reads as the range.
    ['2021-11-10T23:59:59.999Z', 'expected', 'before 11 Nov 2021 (expected)'],
    ['2021-09-30T23:59:59.999Z', 'before', 'by ≈ late Sept 2021'],
    ['2021-12-05T23:59:59.999Z', 'approximate', '≈ 29 Nov – 5 Dec 2021'],
    ['2021-10-31T23:59:59.999Z', 'approximate', '≈ 25 – 31 Oct 2021'],
    ['2021-11-29T23:59:59.999Z', 'day', '29 Nov 2021'],
    ['2021-01-01T00:00:00.001Z', 'before', 'undated'],
  ])('%s at precision %s reads "%s"', (iso, precision, shown) => {
    expect(formatRecordedDate(iso, precision)).toBe(shown);
  });

  it('reads an asOf day as that day, and an instant as the instant', () => {
    expect(formatAsOf('2021-10-15T23:59:59.999Z')).toBe('15 Oct 2021');
    expect(formatAsOf('2021-10-15T08:00:00.000Z')).toBe('15 Oct 2021, 08:00 UTC');
  });
});
