import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDay, parseInstant } from '../../src/domain/dates.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] as number;

// The range Hutong takes (src/domain/time.ts); what lies outside it is refused (instant-range.test.ts).
const year = fc.integer({ min: 1970, max: 9999 });
const month = fc.integer({ min: 1, max: 12 });
const instantMs = fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') });

describe('parseDay and parseInstant', () => {
  it('give back every real instant, written with Z, with no zone, and with an offset', () => {
    fc.assert(
      fc.property(instantMs, fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }), (ms, offset) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstant(iso)).toBe(iso);
        expect(parseInstant(iso.slice(0, -1))).toBe(iso);
        expect(parseDay(iso.slice(0, 10))).toBe(iso.slice(0, 10));
        // The same instant as local time at `offset` minutes east of UTC.
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
        const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
        if (local.startsWith('+') || local.startsWith('-')) return;
        expect(parseInstant(`${local}${zone}`)).toBe(iso);
      }),
      { numRuns: 500 },
    );
  });

  it('accept day 29, 30 and 31 exactly when the month has it, as a day and inside an instant', () => {
    fc.assert(
      fc.property(year, month, fc.integer({ min: 29, max: 31 }), (y, m, d) => {
        const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
        const exists = d <= daysIn(y, m);
        expect(parseDay(text) === text).toBe(exists);
        expect(parseInstant(`${text}T08:00`) !== null).toBe(exists);
        expect(parseInstant(`${text}T08:00:00Z`) !== null).toBe(exists);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse hour 24, minute 60, second 60, month 0 or 13 and day 0 or 32', () => {
    fc.assert(
      fc.property(year, month, fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
        for (const time of ['24:00', '24:00:00Z', '00:60', '12:60:00Z', '23:59:60Z', '25:00'])
          expect(parseInstant(`${date}T${time}`)).toBeNull();
        for (const bad of [
          `${pad(y, 4)}-00-${pad(d)}`,
          `${pad(y, 4)}-13-${pad(d)}`,
          `${pad(y, 4)}-${pad(m)}-00`,
          `${pad(y, 4)}-${pad(m)}-32`,
        ]) {
          expect(parseDay(bad)).toBeNull();
          expect(parseInstant(`${bad}T08:00Z`)).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuse the dates an outside probe sent, and impossible offsets', () => {
    for (const text of ['2021-02-30', '2021-04-31', '2021-02-29', '2031-02-30']) expect(parseDay(text)).toBeNull();
    for (const text of [
      '2021-02-30T00:00:00Z',
      '2021-04-31T00:00:00Z',
      '2021-01-01T24:00:00Z',
      '2021-01-01T23:60:00Z',
      '2031-02-30T08:00',
      '2021-01-01T08:00+24:00',
      '2021-01-01T08:00+05:60',
      '2021-10-15',
      ' 2021-10-15T08:00Z',
      '2021-10-15T08:00z',
    ]) {
      expect(parseInstant(text), text).toBeNull();
    }
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseInstant('2021-10-15T08:00:00+08:00')).toBe('2021-10-15T00:00:00.000Z');
  });
});
