import { describe, expect, it } from 'vitest';
import { endOfDayIso, formatDay, formatInstant, formatMonth, formatRecordedDate, systemClock } from '../../src/domain/time.ts';

describe('dates as people read them', () => {
  it('writes an instant as day, month, year and UTC time, with two-digit hours and minutes', () => {
    expect(formatInstant('2021-09-22T00:00:00.000Z')).toBe('22 Sept 2021, 00:00 UTC');
    expect(formatInstant('2021-11-29T17:05:59.999Z')).toBe('29 Nov 2021, 17:05 UTC');
  });

  it('names every month the way the record does', () => {
    const months = Array.from({ length: 12 }, (_, m) => formatMonth(`2021-${String(m + 1).padStart(2, '0')}-15T00:00:00.000Z`));
    expect(months).toEqual([
      'Jan 2021',
      'Feb 2021',
      'Mar 2021',
      'Apr 2021',
      'May 2021',
      'June 2021',
      'July 2021',
      'Aug 2021',
      'Sept 2021',
      'Oct 2021',
      'Nov 2021',
      'Dec 2021',
    ]);
    expect(formatDay('2021-07-01T23:59:00.000Z')).toBe('1 July 2021');
  });

  it('shows a recorded date at the precision the article gives, never finer', () => {
    const iso = '2021-09-14T08:30:00.000Z';
    expect(formatRecordedDate(iso, 'day')).toBe('14 Sept 2021');
    expect(formatRecordedDate(iso, 'month')).toBe('≈ Sept 2021');
    expect(formatRecordedDate(iso, 'approximate')).toBe('≈ mid-Sept 2021');
    expect(formatRecordedDate(iso, 'exact')).toBe('14 Sept 2021, 08:30 UTC');
  });

  it('reads "as of a day" as the end of that day', () => {
    expect(endOfDayIso('2021-10-15')).toBe('2021-10-15T23:59:59.999Z');
  });

  it('has a system clock that tells the current time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
