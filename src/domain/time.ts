/**
 * Time helpers for ISO-8601 UTC strings, the only time format stored or compared.
 *
 * The invariant that lets instants be compared as strings (in TypeScript and in SQL): every
 * instant stored or compared is `Date#toISOString()` of a time from 1970-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z — 24 characters, four-digit years, milliseconds and `Z` always — so
 * string order is time order. Past year 9999 toISOString writes `+010000-…`, which sorts before
 * `2021-…`; so every instant that comes in (a clock, `asOf`, `effectiveAt`, an advance) is parsed
 * into this range (src/domain/dates.ts, movedClock) and refused outside it, never stored.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The first and last instants Hutong takes (see the invariant above). */
export const EARLIEST_INSTANT = '1970-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);
/** The span from the first to the last instant: no move of a clock is longer. */
export const LONGEST_SPAN_MS = LATEST_MS - EARLIEST_MS;

/** Whether milliseconds since the epoch fall from EARLIEST_INSTANT to LATEST_INSTANT. */
export function inInstantRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** "2021-09-22T00:00:00.000Z" -> "22 Sept 2021, 00:00 UTC" */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  const time = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${formatDay(iso)}, ${time} UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

export function formatDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export function formatMonth(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "early", "mid-" or "late" part of a month, for a date the article gives only roughly. */
function partOfMonth(iso: string): string {
  const day = new Date(iso).getUTCDate();
  if (day <= 10) return `early ${formatMonth(iso)}`;
  if (day <= 20) return `mid-${formatMonth(iso)}`;
  return `late ${formatMonth(iso)}`;
}

/** "before 2021" for a bound on 1 Jan, "before Sept 2021" on the 1st of a month, else "before 11 Nov 2021". */
function beforeBound(iso: string): string {
  const d = new Date(iso);
  if (d.getUTCDate() === 1 && d.getUTCMonth() === 0) return `before ${d.getUTCFullYear()}`;
  if (d.getUTCDate() === 1) return `before ${formatMonth(iso)}`;
  return `before ${formatDay(iso)}`;
}

/**
 * Where the record places a fact no article dates (001's present tense about JD and Pinduoduo's
 * previews): in force from the start of the simulated year, and labelled "undated", never a date.
 */
export const UNDATED_AT = '2021-01-01T00:00:00.001Z';

const END_OF_DAY = 'T23:59:59.999Z';
const DAY_MS = 86_400_000;

/**
 * A coarse fact placed at the latest instant of a range (the very end of a day) reads as that range:
 * an expected fact "right before" a day (before 11 Nov 2021 (expected)), a bound known only roughly
 * (by ≈ late Sept 2021), a week known only as "last week" (≈ 29 Nov – 5 Dec 2021).
 */
function rangeLabel(iso: string, precision: string): string | null {
  if (!iso.endsWith(END_OF_DAY)) return null;
  const next = new Date(Date.parse(iso) + 1).toISOString();
  switch (precision) {
    case 'expected':
      return `before ${formatDay(next)} (expected)`;
    case 'before':
      return `by ≈ ${partOfMonth(iso)}`;
    case 'approximate': {
      const first = new Date(Date.parse(next) - 7 * DAY_MS).toISOString();
      const sameMonth = first.slice(0, 7) === iso.slice(0, 7);
      return `≈ ${sameMonth ? new Date(first).getUTCDate() : formatDay(first).replace(/ \d{4}$/, '')} – ${formatDay(iso)}`;
    }
    default:
      return null;
  }
}

/**
 * A date at the precision it is known, never finer: the one way pages, the API, CSV and JSON
 * label a dated fact. `iso` is where the simulation places the fact in time (for `month`, the
 * end of the month; for `before`, the bound; for a range, its latest instant), which is never
 * shown as a day of its own.
 */
export function formatRecordedDate(iso: string, precision: string): string {
  if (iso === UNDATED_AT && precision !== 'exact') return 'undated';
  const range = rangeLabel(iso, precision);
  if (range) return range;
  switch (precision) {
    case 'day':
      return formatDay(iso);
    case 'month':
      return `≈ ${formatMonth(iso)}`;
    case 'approximate':
      return `≈ ${partOfMonth(iso)}`;
    case 'before':
      return beforeBound(iso);
    case 'expected':
      return `${formatDay(iso)} (expected)`;
    default:
      return formatInstant(iso);
  }
}

/** An `asOf` as people read it: a day ("15 Oct 2021") when it is the end of one, else the instant. */
export function formatAsOf(iso: string): string {
  return iso.endsWith('T23:59:59.999Z') ? formatDay(iso) : formatInstant(iso);
}

/** An `asOf` as it goes back into a URL: the day ("2021-10-15") when it is the end of one, else the instant. */
export function asOfParam(iso: string): string {
  return iso.endsWith('T23:59:59.999Z') ? iso.slice(0, 10) : iso;
}

/** "2021-10-15" (a day) -> the end of that day in UTC, so "as of" a day includes it. */
export function endOfDayIso(day: string): string {
  return `${day}T23:59:59.999Z`;
}

/** What an event needs to say when it happened. */
export interface EventTime {
  recordedAt: string;
  effectiveAt: string;
  /** `exact` for a change made in Hutong; the source's precision for a record event. */
  datePrecision: string;
}

/**
 * When an event happened, as a person reads it: a change made in Hutong at the instant it was
 * recorded; a record event at its source's precision ("≈ Sept 2021"), never the instant the
 * scenario was loaded (which says nothing about 2021, and in a sandbox is not even the world's time).
 */
export function formatEventTime(event: EventTime): string {
  return event.datePrecision === 'exact' ? formatInstant(event.recordedAt) : formatRecordedDate(event.effectiveAt, event.datePrecision);
}

/**
 * Whether a world standing at `at` knows of an event yet: a change made in Hutong once it was
 * recorded (a launch scheduled for later is known, as scheduled); a record event once it happened
 * in 2021 — the instant the scenario was loaded is no time of that world (a sandbox at 1 Oct 2021
 * does not know what the record says of November).
 */
export function isKnownAt(event: EventTime, at: string): boolean {
  return event.datePrecision === 'exact' ? event.recordedAt <= at : event.effectiveAt <= at;
}

/** The earlier of two instants: a page's default date, kept within the world's time (a sandbox at 1 Oct 2021 stands there). */
export function noLaterThan(iso: string, now: string): string {
  return iso <= now ? iso : now;
}
