import { describe, expect, it } from 'vitest';
import { describeDuration, parseDuration } from '../../src/domain/durations.ts';
import { Refusal } from '../../src/domain/errors.ts';
import { expiresAt, movedClock } from '../../src/domain/sandbox-clock.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it('reads weeks, days, hours, minutes and seconds, alone or together', () => {
    expect(parseDuration('PT2H')).toBe(2 * HOUR);
    expect(parseDuration('P1D')).toBe(DAY);
    expect(parseDuration('P1W')).toBe(7 * DAY);
    expect(parseDuration('P1DT12H30M')).toBe(DAY + 12 * HOUR + 30 * 60_000);
    expect(parseDuration('PT90M')).toBe(90 * 60_000);
    expect(parseDuration('PT1.5S')).toBe(1500);
    expect(parseDuration('PT0S')).toBe(0);
    expect(parseDuration('P2W3D')).toBe(17 * DAY);
    expect(parseDuration('P1W2DT3H4M5.5S')).toBe(9 * DAY + 3 * HOUR + 4 * 60_000 + 5500);
  });

  it('reads numbers of more than one digit in every part, and up to three decimals of a second', () => {
    expect(parseDuration('P12W')).toBe(84 * DAY);
    expect(parseDuration('P30D')).toBe(30 * DAY);
    expect(parseDuration('PT48H')).toBe(48 * HOUR);
    expect(parseDuration('PT45S')).toBe(45_000);
    expect(parseDuration('PT10.25S')).toBe(10_250);
    expect(parseDuration('PT0.125S')).toBe(125);
  });

  it('refuses years and months (their length depends on where they start), empty parts and anything else', () => {
    for (const text of [
      'P1M',
      'P1Y',
      'P',
      'PT',
      'P1DT',
      '1D',
      'PT-1H',
      'P1.5D',
      'pt2h',
      ' PT2H',
      'PT2H ',
      'P1H',
      'PT1D',
      '',
      'PT1.2345S',
    ]) {
      expect(parseDuration(text), text).toBeNull();
    }
  });

  it('refuses a duration too long to add to a date exactly', () => {
    expect(parseDuration('P99999999999999999D')).toBeNull();
  });
});

describe('describeDuration', () => {
  it('says how far a clock moved in words', () => {
    expect(describeDuration(DAY + 2 * HOUR)).toBe('1 day 2 hours');
    expect(describeDuration(3 * DAY)).toBe('3 days');
    expect(describeDuration(61_000)).toBe('1 minute 1 second');
    expect(describeDuration(500)).toBe('500 ms');
  });
});

describe('movedClock', () => {
  const now = '2026-12-01T08:00:00.000Z';

  it('moves forward by a duration or to a later instant', () => {
    expect(movedClock(now, { advanceMs: DAY })).toBe('2026-12-02T08:00:00.000Z');
    expect(movedClock(now, { to: '2027-01-01T00:00:00.000Z' })).toBe('2027-01-01T00:00:00.000Z');
  });

  it('allows standing still, and refuses going back with clock_backwards, saying where the clock is', () => {
    expect(movedClock(now, { to: now })).toBe(now);
    expect(movedClock(now, { advanceMs: 0 })).toBe(now);
    let refusal: unknown;
    try {
      movedClock(now, { to: '2026-11-30T08:00:00.000Z' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ kind: 'clock_backwards', details: { now } });
    expect((refusal as Refusal).message).toBe(
      'The sandbox clock only moves forward: it is 1 Dec 2026, 08:00 UTC, and 30 Nov 2026, 08:00 UTC is 1 day earlier. Create a new sandbox to start earlier.',
    );
    expect(() => movedClock(now, { to: '2026-12-01T07:59:59.999Z' })).toThrow(/only moves forward/);
  });
});

describe('expiresAt', () => {
  it('is the last use plus the time to live', () => {
    expect(expiresAt('2026-11-22T09:00:00.000Z', DAY)).toBe('2026-11-23T09:00:00.000Z');
  });
});
