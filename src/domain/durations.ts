import { LONGEST_SPAN_MS } from './time.ts';

/**
 * ISO-8601 durations as a clock is moved by them: "PT2H", "P1D", "P1W", "P1DT12H30M", "PT0.5S" (and,
 * typed in a form, the same in words: "2 hours").
 * Days are 24 hours and weeks 7 days (a UTC clock has no daylight-saving days); years and
 * months are refused, because their length depends on where they start.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS: Record<string, number> = { w: 7 * DAY, d: DAY, h: HOUR, m: MINUTE, s: SECOND };
/** "3 days", "2 hours 30 minutes", "1 week, 2 days": whole numbers of weeks, days, hours, minutes or seconds. */
const WORDS = /^(?:\d+\s*(?:weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?:\s*,\s*|\s+and\s+|\s+|$))+$/i;
const WORD = /(\d+)\s*([a-z]+)/gi;

function iso(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text.endsWith('T') || text === 'P') return null;
  const [, weeks, days, hours, minutes, seconds] = m;
  if ([weeks, days, hours, minutes, seconds].every((part) => part === undefined)) return null;
  return (
    Number(weeks ?? 0) * 7 * DAY +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number(seconds ?? 0) * SECOND)
  );
}

function words(text: string): number | null {
  if (!WORDS.test(text)) return null;
  let ms = 0;
  for (const [, count, unit] of text.matchAll(WORD)) {
    const lower = (unit ?? '').toLowerCase();
    // "m", "min", "minutes": minutes; "mo…" never gets here (months are not read).
    const key = lower.startsWith('mi') || lower === 'm' ? 'm' : lower.startsWith('h') ? 'h' : lower[0];
    ms += Number(count) * (UNIT_MS[key ?? ''] ?? Number.NaN);
  }
  return ms;
}

const fits = (ms: number | null): number | null =>
  ms !== null && Number.isSafeInteger(ms) && ms >= 0 && ms <= LONGEST_SPAN_MS ? ms : null;

/**
 * Milliseconds in `text`, an ISO-8601 duration ("P1D"), or null if it is not one, names no time at
 * all, or is longer than 1970–9999 (no clock could move by it).
 */
export function parseDuration(text: string): number | null {
  return fits(iso(text));
}

/** The same, or in words ("1 day", "2 hours 30 minutes", "1 week, 2 days"), as a person types it in a form. */
export function parseDurationOrWords(text: string): number | null {
  const trimmed = text.trim();
  return fits(iso(trimmed) ?? words(trimmed));
}

/**
 * Why `text` is not a duration a clock can move by, as a sentence with an example that is; null
 * if it is one. `words`: the form's field, which also reads "3 days".
 */
export function durationProblem(text: string, accepts: 'iso' | 'iso-or-words' = 'iso'): string | null {
  const words = accepts === 'iso-or-words';
  if ((words ? parseDurationOrWords(text) : parseDuration(text)) !== null) return null;
  if (/^P[^T]*\d[YM]|\d\s*(?:months?|mo|years?|yrs?|y)\b/i.test(text.trim()))
    return `Months and years have no fixed length: give days instead, such as P60D${words ? ' or "60 days"' : ''}.`;
  const example = words
    ? 'P1D, PT2H, P1W or P1DT12H (ISO-8601), or in words: "3 days", "2 hours 30 minutes"'
    : 'P1D, PT2H, P1W or P1DT12H (ISO-8601)';
  return `Not a duration the clock can move by: give one such as ${example}, short enough that the clock stays within 1970–9999.`;
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
