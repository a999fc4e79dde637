import { asOfParam, formatAsOf } from '../domain/time.ts';

/**
 * Where a shopper's pages stand in time. `?asOf=` (a day or an instant, parsed by the shared
 * `asOf` schema) moves the storefront, cart, checkout and cashier to that time; every link and
 * form on them carries it on, so a click-through stays "as it stood on …".
 */
export interface TimeTravel {
  /** ISO-8601 UTC: the instant decisions are made for. */
  at: string;
  /** What goes back into `?asOf=`: the day ("2021-10-15") when `at` is the end of one, else the instant. */
  param: string;
  /** "15 Oct 2021", for the banner. */
  label: string;
}

export function timeTravelTo(at: string | null | undefined): TimeTravel | null {
  if (!at) return null;
  return { at, param: asOfParam(at), label: formatAsOf(at) };
}

/** `path` with `?asOf=` (or `&asOf=`) added when travelling; unchanged today. */
export function carryAsOf(path: string, travel: TimeTravel | null): string {
  if (!travel) return path;
  return `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(travel.param)}`;
}

/** Locals every time-travelling page renders with: the banner and the link helper. */
/** `todayPath` null: the page cannot come back to today (an order keeps the time it was placed as of). */
export function timeTravelLocals(travel: TimeTravel | null, todayPath: string | null) {
  return { travel, todayPath, shopLink: (path: string) => carryAsOf(path, travel) };
}
