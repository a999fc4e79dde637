/** Time helpers for ISO-8601 UTC strings, the only time format stored or compared. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

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

/** A date as the record knows it: exact, to the day, to the month, or approximate. */
export function formatRecordedDate(iso: string, precision: string): string {
  if (precision === 'month') return `≈ ${formatMonth(iso)}`;
  if (precision === 'approximate') return `≈ ${formatDay(iso)}`;
  if (precision === 'day') return formatDay(iso);
  return formatInstant(iso);
}

/** "2021-10-15" (a day) -> the end of that day in UTC, so "as of" a day includes it. */
export function endOfDayIso(day: string): string {
  return `${day}T23:59:59.999Z`;
}
