import { Router, type Request } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { integrationView, listIntegrationViews } from '../actions/integration-views.ts';
import { submitTransition } from '../actions/change-requests.ts';
import { requireActor, requireSignIn, signedIn } from '../http/auth.ts';
import { parseInput } from '../http/validate.ts';
import { IntegrationParams, IntegrationsQuery, ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';
import { eventJson, integrationJson } from '../presenters/api-json.ts';

/** The body, with `If-Match: "<version>"` standing in for a missing expectedVersion. */
function bodyWithVersion(req: Request): unknown {
  const body = typeof req.body === 'object' && req.body !== null ? req.body : {};
  const ifMatch = /^(?:W\/)?"?(\d+)"?$/.exec((req.get('if-match') ?? '').trim())?.[1];
  return body.expectedVersion === undefined && ifMatch !== undefined ? { ...body, expectedVersion: ifMatch } : body;
}

export function apiIntegrationRoutes(deps: RouteDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();
  router.use('/integrations', requireSignIn);

  router.get('/integrations', (req, res) => {
    const filter = parseInput(IntegrationsQuery, req.query);
    const at = now();
    res.json({ asOf: at, integrations: listIntegrationViews(deps.repos, at, filter).map(integrationJson) });
  });

  router.get('/integrations/:storefront/:wallet', (req, res) => {
    const { storefront, wallet } = parseInput(IntegrationParams, req.params);
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.set('ETag', `"${view.version}"`).json(integrationJson(view));
  });

  router.get('/integrations/:storefront/:wallet/events', (req, res) => {
    const { storefront, wallet } = parseInput(IntegrationParams, req.params);
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.json({ storefront, wallet, events: view.events.map(eventJson) });
  });

  router.post('/integrations/:storefront/:wallet/:verb', requireActor, (req, res) => {
    const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
    const body = parseInput(TransitionBody, bodyWithVersion(req));
    const submitted = submitTransition(deps, {
      storefront, wallet, verb, actor: signedIn(req), reason: body.reason, expectedVersion: body.expectedVersion,
      effectiveAt: body.effectiveAt, rules: ruleChangesFrom(body),
    });
    // Held for a second operator: accepted, not applied.
    if (submitted.kind === 'held') return res.status(202).json({ changeRequest: submitted.change });
    const result = submitted.result;
    const view = integrationView(deps.repos, now(), storefront, wallet);
    res.set('ETag', `"${view.version}"`).json({ integration: integrationJson(view), event: eventJson(result.event) });
  });

  return router;
}
