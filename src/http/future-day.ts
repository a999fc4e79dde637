import type { Request } from 'express';
import { formatAsOf } from '../domain/time.ts';
import { todayLink, worldOf } from './visit.ts';

/** What views/partials/future-day.ejs needs to label a day that has not happened yet. */
export interface FutureDay {
  /** "1 Jan 2031". */
  day: string;
  /** `path` without its date: back to today. */
  back: string;
}

/** A page's day when it lies after the world's clock (labelled as not yet happened); null for today or the past. */
export function futureDay(req: Request, at: string, path: string): FutureDay | null {
  if (at <= worldOf(req).clock.now().toISOString()) return null;
  return { day: formatAsOf(at), back: todayLink(req, path) };
}
