import { Router, type Request, type RequestHandler } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import type { SandboxManager, SandboxSummary } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import { ClockBody, parseSandboxBody, SandboxParams } from '../http/inputs/sandboxes.ts';
import { parseInput } from '../http/validate.ts';

export function sandboxJson(summary: SandboxSummary) {
  return { ...summary, baseUrl: `/sandboxes/${summary.id}` };
}

/** Who made it: the token's person, or anonymous where the demo allows it. */
function creatorOf(req: Request): string {
  return req.user?.username ?? 'anonymous';
}

/** Any bearer token; without one only when HUTONG_DEMO=1. */
function sandboxUsers(demo: boolean): RequestHandler {
  return (req, _res, next) => next(req.user || demo ? undefined
    : new Refusal('unauthorized', 'Sandboxes need an API token (POST /api/tokens, then Authorization: Bearer <token>); anonymous use is allowed only with HUTONG_DEMO=1.'));
}

/** /api/sandboxes: isolated worlds with their own clocks, served under /sandboxes/{id}/. */
export function apiSandboxRoutes(deps: RouteDeps, manager: SandboxManager): Router {
  const router = Router();
  router.use('/sandboxes', sandboxUsers(deps.demo));

  router.post('/sandboxes', (req, res) => {
    const body = parseSandboxBody(req.body);
    const scenario = typeof body.scenario === 'string' ? { name: body.scenario } : { inline: body.scenario };
    const summary = manager.create({ scenario, clock: body.clock, createdBy: creatorOf(req) });
    res.status(201).location(`/api/sandboxes/${summary.id}`).json(sandboxJson(summary));
  });

  router.get('/sandboxes', (_req, res) => {
    res.json({ sandboxes: manager.list().map(sandboxJson) });
  });

  router.get('/sandboxes/:id', (req, res) => {
    const { id } = parseInput(SandboxParams, req.params);
    res.json(sandboxJson(manager.summary(id)));
  });

  router.delete('/sandboxes/:id', (req, res) => {
    const { id } = parseInput(SandboxParams, req.params);
    manager.remove(id);
    res.status(204).end();
  });

  router.post('/sandboxes/:id/clock', (req, res) => {
    const { id } = parseInput(SandboxParams, req.params);
    const body = parseInput(ClockBody, req.body);
    const { summary, tookEffect } = manager.moveClock(id, 'to' in body ? { to: body.to } : { advanceMs: body.advance });
    res.json({ ...sandboxJson(summary), tookEffect });
  });

  return router;
}
