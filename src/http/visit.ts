import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { openedInHost, type OpenedIn } from '../actions/links.ts';
import { invalidFields } from '../domain/errors.ts';
import { asOf } from './inputs/common.ts';
import { host } from './inputs/links.ts';
import { fieldErrors, type FieldError } from './problem.ts';
import type { RouteDeps } from './route-deps.ts';
import { safeReturnPath } from './safe-redirect.ts';
import { noStoreWhereSecret } from './security.ts';
import { carryAsOf, timeTravelTo, type TimeTravel } from './time-travel.ts';

/** Where a shopper's pages stand: a time travelled to (`?asOf=`) and the host app a link was opened in (`?host=`). */
export interface Standing {
  travel: TimeTravel | null;
  openedIn: OpenedIn | null;
}

/**
 * One request's visit, resolved once before any route runs: the world it is in (the default one
 * or a sandbox's: database, clock, repositories), the base path that world's pages live under,
 * and where the shopper stands. The person and the shopper are the pages' `req.user` and
 * `req.shopperId`, set from their cookies right after.
 */
export interface Visit extends Standing {
  world: RouteDeps;
  /** '' in the default world, `/sandboxes/:id` in a sandbox: every link of the world starts with it. */
  base: string;
  /** `?asOf=` or `?host=` as sent but not valid: the shopper's pages refuse them (see standingOf). */
  invalid: FieldError[];
}

const VisitQuery = z.object({ asOf: asOf.optional(), host: host.optional() });

function standingFrom(world: RouteDeps, req: Request): Pick<Visit, 'travel' | 'openedIn' | 'invalid'> {
  const { asOf: sentAsOf, host: sentHost } = req.query;
  if (sentAsOf === undefined && sentHost === undefined) return { travel: null, openedIn: null, invalid: [] };
  const parsed = VisitQuery.safeParse({ asOf: sentAsOf, host: sentHost });
  const now = world.clock.now();
  if (parsed.success)
    return { travel: timeTravelTo(parsed.data.asOf, now), openedIn: openedInHost(world.repos, parsed.data.host), invalid: [] };
  // What is valid still counts: a bad date does not lose the host, nor a bad host the date.
  const time = VisitQuery.shape.asOf.safeParse(sentAsOf);
  const where = VisitQuery.shape.host.safeParse(sentHost);
  return {
    travel: timeTravelTo(time.data, now),
    openedIn: openedInHost(world.repos, where.data),
    invalid: fieldErrors(parsed.error),
  };
}

/** A path of the visit's world: the sandbox's base in front. */
export function linkIn(visit: Pick<Visit, 'base'>, path: string): string {
  return visit.base + path;
}

/** A path of the shopper's flow: the base, and the date and host the visit stands at (or `at`), ride along. */
export function flowLinkIn(visit: Visit, path: string, at: Standing = visit): string {
  return visit.base + carryAsOf(path, at.travel, at.openedIn);
}

/** The helpers every view builds its links and form actions with. */
function linkLocals(visit: Visit) {
  return {
    /** A link or form action inside this world. */
    href: (path: string) => linkIn(visit, path),
    /** A link or form action of the shopper's flow: the date and host ride along. */
    shopLink: (path: string) => flowLinkIn(visit, path),
    travel: visit.travel,
    openedIn: visit.openedIn,
    /** The "Back to today" link of a time-travelling page; a page that has one says so (todayLink). */
    todayPath: null,
  };
}

function enter(req: Request, res: Response, world: RouteDeps, base: string): void {
  req.visit = { world, base, ...standingFrom(world, req) };
  // Here, not on the app: the paths are the world's (a sandbox's /account is /sandboxes/<id>/account to the app).
  noStoreWhereSecret(req, res);
}

/** The helpers every view builds its links with, for the visit's world: set by the pages (an API answer renders no view). */
export function pageLinks(req: Request, res: Response): void {
  Object.assign(res.locals, linkLocals(visitOf(req)));
}

/** Resolves the visit of a request in `world` (the default one, base '', or a sandbox's), then runs the (one, shared) routes in it. */
export function visitWorld(
  routes: Router,
  req: Request,
  res: Response,
  next: (error?: unknown) => void,
  world: RouteDeps,
  base: string,
): void {
  enter(req, res, world, base);
  routes(req, res, next);
}

export function visitOf(req: Request): Visit {
  if (!req.visit) throw new Error('visitOf: the request was not resolved into a visit (visitWorld enters it first).');
  return req.visit;
}

/** The world (database, clock, repositories, settings) the request was resolved into. */
export function worldOf(req: Request): RouteDeps {
  return visitOf(req).world;
}

/** A path of the request's world (for a Location header or a redirect): the sandbox's base in front. */
export function linkTo(req: Request, path: string): string {
  return linkIn(visitOf(req), path);
}

/** 303 See Other to a path of the request's world. */
export function seeOther(req: Request, res: Response, path: string): void {
  res.redirect(303, linkTo(req, path));
}

/** 303 See Other to a page of the shopper's flow: the date and host ride along (those of the visit, or `at`). */
export function seeOtherInFlow(req: Request, res: Response, path: string, at?: Standing): void {
  res.redirect(303, flowLinkIn(visitOf(req), path, at));
}

/**
 * A return path taken from the request (`next`, a form's return field): a same-origin path (else
 * `fallback`), kept inside this world. The request's own URL has the base already; a path of the
 * world (as views write it) gets it in front.
 */
export function returnPathOf(req: Request, value: unknown, fallback: string): string {
  const { base } = visitOf(req);
  const path = safeReturnPath(value, fallback);
  if (base === '' || path === base || path.startsWith(`${base}/`) || path.startsWith(`${base}?`)) return path;
  return base + path;
}

/** The request's URL inside its world (without the sandbox's base): what a `next` points back to. */
export function pathInWorld(req: Request): string {
  const { base } = visitOf(req);
  return req.originalUrl.slice(base.length) || '/';
}

/** The "Back to today" link of a page of the flow: `path` without the date, still in the host. */
export function todayLink(req: Request, path: string): string {
  const visit = visitOf(req);
  return visit.base + carryAsOf(path, null, visit.openedIn);
}

/** Refuses a shopper's page whose `?asOf=` or `?host=` is not valid (bad_request naming it); its links then carry the visit's. */
export function refuseBadStanding(req: Request): void {
  standingOf(req);
}

/**
 * Where the shopper's pages stand, refusing a `?asOf=` or `?host=` that is not valid
 * (bad_request naming it), as a shop page always has.
 */
export function standingOf(req: Request): Standing {
  const visit = visitOf(req);
  if (visit.invalid.length > 0) throw invalidFields(visit.invalid);
  return { travel: visit.travel, openedIn: visit.openedIn };
}

/**
 * Locals a time-travelling page renders with when it stands somewhere else than its visit (an
 * order keeps the time and host it was placed at): the banner, the "Opened in …" frame and the
 * link helper, all for `at`. `todayPath` (a path of the world) null: the page cannot come back to today.
 */
export function standingLocals(visit: Pick<Visit, 'base'>, at: Standing, todayPath: string | null) {
  return {
    travel: at.travel,
    openedIn: at.openedIn,
    todayPath: todayPath === null ? null : visit.base + carryAsOf(todayPath, null, at.openedIn),
    shopLink: (path: string) => visit.base + carryAsOf(path, at.travel, at.openedIn),
  };
}
