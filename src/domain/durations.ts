import { LONGEST_SPAN_MS } from './time.ts';

/**
 * ISO-8601 durations as a clock is moved by them: "PT2H", "P1D", "P1W", "P1DT12H30M", "PT0.5S".
 * Days are 24 hours and weeks 7 days (a UTC clock has no daylight-saving days); years and
 * months are refused, because their length depends on where they start.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Milliseconds in `text`, or null if it is not such a duration, names no time at all, or is
 * longer than 1970–9999 (no clock could move by it).
 */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text.endsWith('T') || text === 'P') return null;
  const [, weeks, days, hours, minutes, seconds] = m;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return null;
  const ms =
    Number(weeks ?? 0) * 7 * DAY +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number(seconds ?? 0) * SECOND);
  return Number.isSafeInteger(ms) && ms <= LONGEST_SPAN_MS ? ms : null;
}

/** "1 day 2 hours", for a person reading how far a clock moved. */
export function describeDuration(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['day', DAY],
    ['hour', HOUR],
    ['minute', MINUTE],
    ['second', SECOND],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return parts.length > 0 ? parts.join(' ') : `${ms} ms`;
}
