import { Router } from 'express';
import type { RouteDeps } from '../app.ts';
import { Refusal, STATUS_FOR_REFUSAL } from '../domain/errors.ts';
import { requireActor } from '../http/auth.ts';
import { errorsByField, fieldErrors, type FieldError } from '../http/problem.ts';
import { parseInput } from '../http/validate.ts';
import { performTransition } from './api-integrations.ts';
import { renderIntegration } from './console.ts';
import { ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';

/** The console's action forms: one POST per verb, re-rendering the page on any refusal. */
export function consoleActionRoutes(deps: RouteDeps): Router {
  const router = Router();

  router.post('/console/integrations/:storefront/:wallet/:verb', requireActor, (req, res) => {
    const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
    const page = { storefront, wallet, failedVerb: verb, values: req.body as Record<string, unknown> };
    const body = TransitionBody.safeParse(req.body);
    if (!body.success) return renderIntegration(deps, req.user!, res, { ...page, errors: errorsByField(fieldErrors(body.error)) }, 400);
    try {
      performTransition(deps, {
        storefront, wallet, verb, actor: req.user!, reason: body.data.reason, expectedVersion: body.data.expectedVersion,
        effectiveAt: body.data.effectiveAt, rules: ruleChangesFrom(body.data),
      });
    } catch (error) {
      if (!(error instanceof Refusal) || error.kind === 'not_found') throw error;
      const errors = errorsByField((error.details.errors as FieldError[] | undefined) ?? []);
      return renderIntegration(deps, req.user!, res, { ...page, errors, refusal: error.message }, STATUS_FOR_REFUSAL[error.kind]);
    }
    res.redirect(303, `/console/integrations/${storefront}/${wallet}?done=${verb}`);
  });

  return router;
}
