import type { Request, RequestHandler, Response } from 'express';
import { Refusal } from '../domain/errors.ts';
import { describeDuration } from '../domain/durations.ts';
import type { FormFailure } from '../http/errors.ts';
import { ClockForm, SandboxDeleteForm, SandboxForm } from '../http/inputs/sandboxes.ts';
import { defaultWorldPages, page, sandboxPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { giveOwnerKey, sandboxVisitorOf } from '../http/sandbox-worlds.ts';
import { pathInWorld, returnPathOf, seeOther, worldOf } from '../http/visit.ts';
import { scenarioNames } from '../db/scenarios.ts';

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

function renderClock(_req: Request, res: Response, failure?: FormFailure): void {
  renderPage(
    res,
    'sandboxes/clock',
    { title: 'Move the sandbox clock', errors: failure?.errors ?? {}, values: failure?.values ?? {} },
    failure?.status ?? 200,
  );
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
    view: 'sandboxes/clock',
    handler: ({ req, res }) => renderClock(req, res),
  }),
  page({
    method: 'post',
    path: '/sandbox/clock',
    guard: sandboxPages,
    body: ClockForm,
    view: 'sandboxes/clock',
    rendersForm: renderClock,
    handler: async ({ req, res, world, body: { advance } }) => {
      if (!world.sandbox) throw new Refusal('not_found', 'There is no sandbox here.');
      const { summary, tookEffect } = await world.sandbox.manager.moveClock(world.sandbox.id, { advanceMs: advance }, visitorOf(req));
      world.logger.info(
        { sandbox: world.sandbox.id, clock: summary.now, advanced: describeDuration(advance), tookEffect },
        'sandbox clock moved',
      );
      res.redirect(303, returnPathOf(req, req.body?.next, '/'));
    },
  }),
];

/** Inside a sandbox, every page shows its banner: id, scenario, clock, and the form that moves the clock (back to this page). */
export const sandboxBanner: RequestHandler = (req, res, next) => {
  const { sandbox } = worldOf(req);
  if (sandbox)
    res.locals.sandbox = { ...sandbox.manager.summary(sandbox.id, visitorOf(req)), returnTo: returnPathOf(req, pathInWorld(req), '/') };
  next();
};
