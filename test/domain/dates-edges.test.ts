import { describe, expect, it } from 'vitest';
import { parseDay, parseInstant } from '../../src/domain/dates.ts';

describe('days people type', () => {
  it('takes a real day and refuses each component that rolls over', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    expect(parseDay('2021-02-29')).toBeNull();
    expect(parseDay('2021-13-01')).toBeNull();
    expect(parseDay('2021-04-31')).toBeNull();
    expect(parseDay('2021-00-10')).toBeNull();
    expect(parseDay('2021-01-00')).toBeNull();
  });

  it('refuses anything around the day', () => {
    expect(parseDay(' 2021-10-15')).toBeNull();
    expect(parseDay('2021-10-15 ')).toBeNull();
    expect(parseDay('x2021-10-15')).toBeNull();
    expect(parseDay('2021-10-15x')).toBeNull();
    expect(parseDay('21-10-15')).toBeNull();
  });
});

describe('instants people type', () => {
  it('reads a zone-less time as UTC and a zone as an offset from it', () => {
    expect(parseInstant('2026-12-01T08:00')).toBe('2026-12-01T08:00:00.000Z');
    expect(parseInstant('2026-12-01T08:00:30.5Z')).toBe('2026-12-01T08:00:30.500Z');
    expect(parseInstant('2026-12-01T08:00+08:00')).toBe('2026-12-01T00:00:00.000Z');
    expect(parseInstant('2026-12-01T08:00-05:30')).toBe('2026-12-01T13:30:00.000Z');
  });

  it('refuses each time component that rolls over, and impossible offsets', () => {
    expect(parseInstant('2026-12-01T24:00')).toBeNull();
    expect(parseInstant('2026-12-01T23:60')).toBeNull();
    expect(parseInstant('2026-12-01T23:59:60Z')).toBeNull();
    expect(parseInstant('2026-12-31T23:59:59Z')).toBe('2026-12-31T23:59:59.000Z');
    expect(parseInstant('2026-12-01T08:00+24:00')).toBeNull();
    expect(parseInstant('2026-12-01T08:00+23:60')).toBeNull();
    expect(parseInstant('2026-12-01T08:00+23:59')).toBe('2026-11-30T08:01:00.000Z');
  });
});
