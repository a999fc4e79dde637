import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDay, parseInstant } from '../../src/domain/dates.ts';
import { parseDuration } from '../../src/domain/durations.ts';
import { Refusal } from '../../src/domain/errors.ts';
import { expiresAt, movedClock } from '../../src/domain/sandbox-clock.ts';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../../src/domain/time.ts';

describe('every instant Hutong takes is within 1970–9999', () => {
  it('parses the first and last days and instants, and refuses the ones just outside', () => {
    expect(parseDay('1970-01-01')).toBe('1970-01-01');
    expect(parseDay('9999-12-31')).toBe('9999-12-31');
    expect(parseDay('1969-12-31')).toBeNull();
    expect(parseDay('0000-01-01')).toBeNull();
    expect(parseInstant('1970-01-01T00:00:00Z')).toBe(EARLIEST_INSTANT);
    expect(parseInstant('9999-12-31T23:59:59.999Z')).toBe(LATEST_INSTANT);
    expect(parseInstant('1969-12-31T23:59:59.999Z')).toBeNull();
    // In range as written, outside once in UTC.
    expect(parseInstant('1970-01-01T00:30:00+01:00')).toBeNull();
    expect(parseInstant('9999-12-31T23:30:00-01:00')).toBeNull();
    expect(parseInstant('10000-01-01T00:00:00Z')).toBeNull();
    expect(parseInstant('+010240-01-01T00:00:00Z')).toBeNull();
  });

  it('writes every instant it accepts in the one fixed-width form, so string order is time order', () => {
    const instant = fc.date({ min: new Date(EARLIEST_INSTANT), max: new Date(LATEST_INSTANT), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [x, y] = [parseInstant(a.toISOString()), parseInstant(b.toISOString())];
        expect(x).toHaveLength(24);
        expect(y).toHaveLength(24);
        expect(Math.sign(x!.localeCompare(y!, 'en'))).toBe(Math.sign(a.getTime() - b.getTime()));
        expect(x! < y!).toBe(a.getTime() < b.getTime());
      }),
    );
  });

  it('refuses a duration longer than the whole range, which no clock could move by', () => {
    expect(parseDuration('P99999999D')).toBeNull();
    expect(parseDuration('P3000000D')).toBeNull();
    expect(parseDuration('P2900000D')).toBe(2_900_000 * 86_400_000);
  });

  it('refuses to move a clock past 9999, naming the field that would take it there', () => {
    const now = '2026-12-01T08:00:00.000Z';
    const refusal = (move: Parameters<typeof movedClock>[1]) => {
      try {
        movedClock(now, move);
      } catch (error) {
        return error;
      }
      return null;
    };
    const byAdvance = refusal({ advanceMs: 2_930_000 * 86_400_000 });
    expect(byAdvance).toBeInstanceOf(Refusal);
    expect(byAdvance).toMatchObject({ kind: 'bad_request', details: { errors: [{ path: 'advance' }] } });
    expect(refusal({ to: '+010000-01-01T00:00:00.000Z' })).toMatchObject({ kind: 'bad_request', details: { errors: [{ path: 'to' }] } });
    expect(movedClock(now, { to: LATEST_INSTANT })).toBe(LATEST_INSTANT);
  });

  it('lets a sandbox expire no later than the last instant', () => {
    expect(expiresAt('9999-12-31T00:00:00.000Z', 2 * 86_400_000)).toBe(LATEST_INSTANT);
  });
});
