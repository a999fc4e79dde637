import { Router, type Request, type Response } from 'express';
import type { AppSettings } from '../http/route-deps.ts';
import type { SandboxManager } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import { describeDuration } from '../domain/durations.ts';
import { rendersForm } from '../http/errors.ts';
import { ClockForm, SandboxDeleteForm, SandboxForm } from '../http/inputs/sandboxes.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { pathInWorld, returnPathOf, worldOf } from '../http/visit.ts';
import { scenarioNames } from '../db/scenarios.ts';

interface ListView {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** /sandboxes in the default world: the list, and a form that makes one (signed in, or anyone in the demo). */
export function sandboxListRoutes(deps: Pick<AppSettings, 'demo'>, manager: SandboxManager): Router {
  const router = Router();
  // Inside a sandbox there is no list of sandboxes.
  router.use('/sandboxes', (req, _res, next) => next(worldOf(req).sandbox ? 'router' : undefined));

  function renderList(req: Request, res: Response, view: ListView = {}, status = 200): void {
    renderPage(res, 'sandboxes/list', {
      title: 'Sandboxes', sandboxes: manager.list(), scenarios: scenarioNames(), mayCreate: Boolean(req.user) || deps.demo,
      errors: view.errors ?? {}, values: view.values ?? {},
    }, status);
  }

  router.get('/sandboxes', (req, res) => renderList(req, res));

  const listAgain = rendersForm((req, res, failure) => renderList(req, res, { errors: failure.errors, values: failure.values }, failure.status));

  router.post('/sandboxes', listAgain, (req, res) => {
    if (!req.user && !deps.demo) throw new Refusal('unauthorized', 'Sign in to create a sandbox.');
    const input = parseInput(SandboxForm, req.body);
    const summary = manager.create({ scenario: { name: input.scenario }, clock: input.clock, createdBy: req.user?.username ?? 'anonymous' });
    res.redirect(303, `/sandboxes/${summary.id}/`);
  });

  // Not /sandboxes/:id/delete: everything under a live sandbox's path belongs to its own world.
  router.post('/sandboxes/delete', (req, res) => {
    if (!req.user && !deps.demo) throw new Refusal('unauthorized', 'Sign in to delete a sandbox.');
    const { id } = parseInput(SandboxDeleteForm, req.body);
    manager.remove(id);
    res.redirect(303, '/sandboxes?deleted=1');
  });

  // Reached only when /sandboxes/:id/… names no live sandbox (a live one is served by its own world).
  router.get('/sandboxes/:id{/*rest}', (req) => {
    throw new Refusal('not_found', `There is no sandbox ${String(req.params.id)}: it may have been deleted, or have expired after being idle. See the list of sandboxes.`);
  });

  return router;
}

/** Inside a sandbox: the banner every page shows (id, scenario, clock) and its "advance clock" form. */
export function sandboxBannerRoutes(): Router {
  const router = Router();

  // Only a sandbox's world has these routes.
  router.use((req, res, next) => {
    const { sandbox } = worldOf(req);
    if (!sandbox) return next('router');
    const summary = sandbox.manager.summary(sandbox.id);
    res.locals.sandbox = { ...summary, returnTo: returnPathOf(req, pathInWorld(req), '/') };
    next();
  });

  function renderClock(res: Response, errors: Record<string, string>, values: Record<string, unknown>, status: number): void {
    renderPage(res, 'sandboxes/clock', { title: 'Move the sandbox clock', errors, values }, status);
  }

  const clockAgain = rendersForm((_req, res, failure) => renderClock(res, failure.errors, failure.values, failure.status));

  router.get('/sandbox/clock', (_req, res) => renderClock(res, {}, {}, 200));

  router.post('/sandbox/clock', clockAgain, (req, res, next) => {
    const { sandbox, logger } = worldOf(req);
    if (!sandbox) return next('router');
    const { advance } = parseInput(ClockForm, req.body);
    const { summary, tookEffect } = sandbox.manager.moveClock(sandbox.id, { advanceMs: advance });
    logger.info({ sandbox: sandbox.id, clock: summary.now, advanced: describeDuration(advance), tookEffect }, 'sandbox clock moved');
    res.redirect(303, returnPathOf(req, req.body?.next, '/'));
  });

  return router;
}
