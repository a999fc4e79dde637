import type { Request, Response } from 'express';
import { Refusal } from '../domain/errors.ts';
import { describeDuration } from '../domain/durations.ts';
import type { FormFailure } from '../http/errors.ts';
import { ClockForm, ClockPageQuery, SandboxDeleteForm, SandboxForm } from '../http/inputs/sandboxes.ts';
import { defaultWorldPages, page, sandboxPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { giveOwnerKey, sandboxVisitorOf } from '../http/sandbox-worlds.ts';
import { pathInWorld, returnPathOf, seeOther, worldOf } from '../http/visit.ts';
import { scenarioNames } from '../db/scenarios.ts';
import { clockMoveJson } from '../presenters/sandbox-json.ts';

/** The sandboxes this (default) world serves; a route of the list is only reached where there are some. */
function managerOf(req: Request) {
  const { sandboxes } = worldOf(req);
  if (!sandboxes) throw new Refusal('not_found', 'This server runs no sandboxes.');
  return sandboxes;
}

/** Creating or deleting one: a signed-in person, or anyone when the server runs the demo. */
function mayManage(req: Request, doing: string): void {
  if (!req.user && !worldOf(req).demo) throw new Refusal('unauthorized', `Sign in to ${doing} a sandbox.`);
}

/** The page's visitor: the person signed in, and the browser's owner key. */
const visitorOf = (req: Request) => sandboxVisitorOf(req, 'pages');

function renderList(req: Request, res: Response, failure?: FormFailure): void {
  renderPage(
    res,
    'sandboxes/list',
    {
      title: 'Sandboxes',
      sandboxes: managerOf(req).list(visitorOf(req)),
      seesAll: visitorOf(req).person?.role === 'admin',
      scenarios: scenarioNames(),
      mayCreate: Boolean(req.user) || worldOf(req).demo,
      errors: failure?.errors ?? {},
      values: failure?.values ?? {},
    },
    failure?.status ?? 200,
  );
}

/** The clock page: the forms, and what the last move applied (with links), back to where the mover came from. */
function renderClock(req: Request, res: Response, failure?: FormFailure, next: unknown = req.body?.next): void {
  const { sandbox } = worldOf(req);
  const last = sandbox ? sandbox.manager.lastMove(sandbox.id, visitorOf(req)) : null;
  renderPage(
    res,
    'sandboxes/clock',
    {
      title: 'Move the sandbox clock',
      move: last && sandbox ? clockMoveJson(last, sandbox.base) : null,
      back: returnPathOf(req, next, '/'),
      errors: failure ? errorsOfMove(failure) : {},
      values: failure?.values ?? {},
    },
    failure?.status ?? 200,
  );
}

/** A refusal of the move itself (the clock going back) is said beside the field that asked for it. */
function errorsOfMove(failure: FormFailure): Record<string, string> {
  if (Object.keys(failure.errors).length > 0) return failure.errors;
  return { [typeof failure.values.to === 'string' && failure.values.to !== '' ? 'to' : 'advance']: failure.message };
}

/**
 * /sandboxes in the default world: the list, and a form that makes one. Inside a sandbox: the
 * "advance clock" form of the banner every page shows.
 */
export const sandboxPageTable: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/sandboxes',
    guard: defaultWorldPages,
    view: 'sandboxes/list',
    handler: ({ req, res }) => renderList(req, res),
  }),
  page({
    method: 'post',
    path: '/sandboxes',
    guard: defaultWorldPages,
    body: SandboxForm,
    view: 'sandboxes/list',
    rendersForm: renderList,
    handler: ({ req, res, body }) => {
      mayManage(req, 'create');
      const { person } = visitorOf(req);
      const summary = managerOf(req).create({
        scenario: { name: body.scenario },
        clock: body.clock,
        ...(req.user && person
          ? { createdBy: req.user.username, owner: { kind: 'person', userId: person.id } }
          : { createdBy: 'anonymous', owner: { kind: 'anonymous', keyHash: giveOwnerKey(req, res, worldOf(req).secureCookies) } }),
      });
      res.redirect(303, `/sandboxes/${summary.id}/`);
    },
  }),
  // Not /sandboxes/:id/delete: everything under a live sandbox's path belongs to its own world.
  page({
    method: 'post',
    path: '/sandboxes/delete',
    guard: defaultWorldPages,
    body: SandboxDeleteForm,
    handler: ({ req, res, body }) => {
      mayManage(req, 'delete');
      managerOf(req).remove(body.id, visitorOf(req));
      seeOther(req, res, '/sandboxes?deleted=1');
    },
  }),
  // Reached only when /sandboxes/:id/… names no live sandbox the visitor may use (one they may use is served in its own world).
  page({
    method: 'get',
    path: '/sandboxes/:id{/*rest}',
    guard: defaultWorldPages,
    view: 'pages/error',
    handler: ({ req }) => {
      throw new Refusal(
        'not_found',
        `There is no sandbox ${String(req.params.id)}: it may have been deleted, or have expired after being idle. See the list of sandboxes.`,
      );
    },
  }),
  page({
    method: 'get',
    path: '/sandbox/clock',
    guard: sandboxPages,
    query: ClockPageQuery,
    view: 'sandboxes/clock',
    handler: ({ req, res, query }) => renderClock(req, res, undefined, query.next),
  }),
  page({
    method: 'post',
    path: '/sandbox/clock',
    guard: sandboxPages,
    body: ClockForm,
    view: 'sandboxes/clock',
    rendersForm: renderClock,
    handler: async ({ req, res, world, body }) => {
      if (!world.sandbox) throw new Refusal('not_found', 'There is no sandbox here.');
      const { report } = await world.sandbox.manager.moveClock(world.sandbox.id, body, visitorOf(req));
      world.logger.info(
        {
          sandbox: world.sandbox.id,
          from: report.from,
          to: report.to,
          moved: describeDuration(Date.parse(report.to) - Date.parse(report.from)),
          changes: report.changes.length,
          ordersExpired: report.ordersExpired.length,
          keysDropped: report.keysDropped,
          messages: report.messages,
        },
        'sandbox clock moved',
      );
      // The clock page says what took effect, with a way back to the page the move was made from.
      const back = returnPathOf(req, req.body?.next, '/');
      seeOther(req, res, `/sandbox/clock?next=${encodeURIComponent(back)}`);
    },
  }),
];

/** Inside a sandbox, every page shows its banner: id, scenario, clock, and the form that moves the clock (back to this page). */
export function sandboxBanner(req: Request, res: Response): void {
  const { sandbox } = worldOf(req);
  if (sandbox)
    res.locals.sandbox = { ...sandbox.manager.summary(sandbox.id, visitorOf(req)), returnTo: returnPathOf(req, pathInWorld(req), '/') };
}
