import { Router, type Request } from 'express';
import type { RouteDeps } from '../app.ts';
import { integrationView, listIntegrationViews } from '../actions/integration-views.ts';
import { transition, type TransitionRequest, type TransitionResult } from '../actions/transitions.ts';
import { Refusal } from '../domain/errors.ts';
import { requireActor, requireSignIn } from '../http/auth.ts';
import { parseInput } from '../http/validate.ts';
import { IntegrationParams, IntegrationsQuery, ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';
import { eventJson, integrationJson } from '../http/api-json.ts';

/** Runs a transition and logs a refusal (who, what, why) before passing it on. */
export function performTransition(deps: RouteDeps, request: TransitionRequest): TransitionResult {
  try {
    const result = transition(deps.repos, deps.clock, request);
    deps.logger.info({ actor: request.actor.username, verb: request.verb, storefront: request.storefront, wallet: request.wallet,
      version: result.integration.version }, 'integration changed');
    return result;
  } catch (error) {
    if (error instanceof Refusal) {
      deps.logger.warn({ actor: request.actor.username, verb: request.verb, storefront: request.storefront, wallet: request.wallet,
        refusal: error.kind, message: error.message }, 'transition refused');
    }
    throw error;
  }
}

/** The body, with `If-Match: "<version>"` standing in for a missing expectedVersion. */
function bodyWithVersion(req: Request): unknown {
  const body = typeof req.body === 'object' && req.body !== null ? req.body : {};
  const ifMatch = /^(?:W\/)?"?(\d+)"?$/.exec((req.get('if-match') ?? '').trim())?.[1];
  return body.expectedVersion === undefined && ifMatch !== undefined ? { ...body, expectedVersion: ifMatch } : body;
}

export function apiIntegrationRoutes(deps: RouteDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();

  router.get('/integrations', requireSignIn, (req, res) => {
    const filter = parseInput(IntegrationsQuery, req.query);
    const at = now();
    res.json({ asOf: at, integrations: listIntegrationViews(deps.repos, at, filter).map(integrationJson) });
  });

  router.get('/integrations/:storefront/:wallet', requireSignIn, (req, res) => {
    const { storefront, wallet } = parseInput(IntegrationParams, req.params);
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.set('ETag', `"${view.version}"`).json(integrationJson(view));
  });

  router.get('/integrations/:storefront/:wallet/events', requireSignIn, (req, res) => {
    const { storefront, wallet } = parseInput(IntegrationParams, req.params);
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.json({ storefront, wallet, events: view.events.map(eventJson) });
  });

  router.post('/integrations/:storefront/:wallet/:verb', requireActor, (req, res) => {
    const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
    const body = parseInput(TransitionBody, bodyWithVersion(req));
    const result = performTransition(deps, {
      storefront, wallet, verb, actor: req.user!, reason: body.reason, expectedVersion: body.expectedVersion,
      effectiveAt: body.effectiveAt, rules: ruleChangesFrom(body),
    });
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.set('ETag', `"${view.version}"`).json({ integration: integrationJson(view), event: eventJson(result.event) });
  });

  return router;
}
