import { inInstantRange } from './time.ts';

/**
 * Parsers for the days and instants people type. Date.parse rolls 2021-02-30 over to
 * 2 March and reads hour 24 as the next day; these refuse anything whose year, month,
 * day, hour, minute or second does not come back out of the Date they make, and anything
 * outside 1970-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z (see src/domain/time.ts: instants
 * in that range compare as strings).
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Milliseconds for these UTC components, or null unless every component survives the round trip. */
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millis = 0): number | null {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date.getTime() : null;
}

/** "2021-10-15" if it is a real calendar day from 1970-01-01 to 9999-12-31, else null. */
export function parseDay(text: string): string | null {
  const m = DAY.exec(text);
  const ms = m && utcMillis(Number(m[1]), Number(m[2]), Number(m[3]));
  return typeof ms === 'number' && inInstantRange(ms) ? text : null;
}

/** Minutes east of UTC for "Z", "+08:00", "-05:30"; null for an impossible offset. */
function offsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * "2026-12-01T08:00" (no zone: UTC, as a datetime-local field sends it), with optional
 * seconds and milliseconds, or with Z / ±HH:MM -> the ISO-8601 UTC instant; null if impossible
 * or outside 1970–9999 once in UTC.
 */
export function parseInstant(text: string): string | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const local = utcMillis(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), millis);
  const offset = offsetMinutes(m[8]);
  if (local === null || offset === null) return null;
  const utc = local - offset * 60_000;
  return inInstantRange(utc) ? new Date(utc).toISOString() : null;
}
