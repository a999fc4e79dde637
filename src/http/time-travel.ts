import type { OpenedIn } from '../actions/links.ts';
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
  /** Later than the world's clock: a preview of what has not happened yet (nothing can be placed or paid there). */
  ahead: boolean;
}

/** A time travelled to; `now` (the world's clock) says whether it lies ahead. */
export function timeTravelTo(at: string | null | undefined, now?: Date): TimeTravel | null {
  if (!at) return null;
  return { at, param: asOfParam(at), label: formatAsOf(at), ahead: now !== undefined && at > now.toISOString() };
}

/** `path` with `?asOf=` added when travelling and `host=` when opened inside a host; unchanged today, outside. */
export function carryAsOf(path: string, travel: TimeTravel | null, openedIn: OpenedIn | null = null): string {
  const params = [...(travel ? [`asOf=${encodeURIComponent(travel.param)}`] : []), ...(openedIn ? [`host=${openedIn.host}`] : [])];
  if (params.length === 0) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${params.join('&')}`;
}
