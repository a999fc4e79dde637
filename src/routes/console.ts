import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../app.ts';
import { actionForms, inboxSections, noActionsNote } from '../actions/console-view.ts';
import { inboxOf } from '../actions/inbox.ts';
import { integrationView, listIntegrationViews, type IntegrationView } from '../actions/integration-views.ts';
import { performTransition } from '../actions/perform-transition.ts';
import { inboxCount } from '../domain/inbox.ts';
import { STATES } from '../domain/model.ts';
import { fenToYuanString } from '../domain/money.ts';
import { usableVerbs } from '../domain/permissions.ts';
import { requirePageActor, requirePageSignIn, signedIn } from '../http/auth.ts';
import { rendersForm } from '../http/errors.ts';
import { IntegrationParams, IntegrationsQuery, ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';

interface IntegrationPageView {
  storefront: string;
  wallet: string;
  /** The verb whose form was sent, with what the user typed and what was wrong. */
  failedVerb?: string;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  refusal?: string;
  notice?: string;
}

/** Form defaults: the current rules, as the fields show them. */
function ruleFields(view: IntegrationView): Record<string, unknown> {
  const yuan = (fen: number | null) => (fen === null ? '' : fenToYuanString(fen));
  return {
    rolloutPercent: String(view.rules.rolloutPercent), channels: view.rules.channels,
    minAmount: yuan(view.rules.minAmountFen), maxAmount: yuan(view.rules.maxAmountFen), reason: '', effectiveAt: '',
  };
}

const DONE: Record<string, string> = {
  request: 'Requested.', withdraw: 'Request withdrawn.', approve: 'Approved.', reject: 'Rejected.', launch: 'Launched.',
  adjust: 'Rules changed.', suspend: 'Suspended.', resume: 'Resumed.', revoke: 'Revoked.',
};

/** The console: the inbox, the integrations list, one integration with its history and the action forms. */
export function consoleRoutes(deps: RouteDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();
  router.use('/console', requirePageSignIn);

  function renderIntegration(req: Request, res: Response, page: IntegrationPageView, status = 200): void {
    const actor = signedIn(req);
    const view = integrationView(deps.repos, now(), page.storefront, page.wallet);
    renderPage(res, 'console/integration', {
      title: `${view.wallet.name} at ${view.storefront.name}`, view,
      forms: actionForms({ view, verbs: usableVerbs(actor, view.scope), defaults: ruleFields(view), failedVerb: page.failedVerb,
        values: page.values, errors: page.errors }),
      noActions: noActionsNote(actor, view), history: [...view.events].sort((a, b) => b.version - a.version),
      refusal: page.refusal, notice: page.notice,
    }, status);
  }

  router.get('/console', (req, res) => {
    const actor = signedIn(req);
    const inbox = inboxOf(deps.repos, actor, now());
    // The badge counts what this page lists: no second computation.
    res.locals.inboxCount = () => inboxCount(inbox);
    renderPage(res, 'console/inbox', { title: 'Console', sections: inboxSections(actor, inbox) });
  });

  router.get('/console/integrations', (req, res) => {
    const parsed = IntegrationsQuery.safeParse(req.query);
    const filter = parsed.success ? parsed.data : {};
    renderPage(res, 'console/integrations', {
      title: 'Integrations', filter, errors: parsed.success ? {} : errorsByField(fieldErrors(parsed.error)),
      integrations: listIntegrationViews(deps.repos, now(), filter), states: STATES,
      storefronts: deps.repos.catalog.storefronts(), wallets: deps.repos.catalog.wallets(),
    }, parsed.success ? 200 : 400);
  });

  router.get('/console/integrations/:storefront/:wallet', (req, res) => {
    const params = parseInput(IntegrationParams, req.params);
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    renderIntegration(req, res, { ...params, ...(done && { notice: done }) });
  });

  // A refused action shows the integration again, as it is now, with the form as it was sent.
  const integrationAgain = rendersForm((req, res, failure) => {
    const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
    renderIntegration(req, res, {
      storefront, wallet, failedVerb: verb, values: failure.values, errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/console/integrations/:storefront/:wallet/:verb', requirePageActor, integrationAgain, (req, res) => {
    const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
    const body = parseInput(TransitionBody, req.body);
    performTransition(deps, {
      storefront, wallet, verb, actor: signedIn(req), reason: body.reason, expectedVersion: body.expectedVersion,
      effectiveAt: body.effectiveAt, rules: ruleChangesFrom(body),
    });
    res.redirect(303, `/console/integrations/${storefront}/${wallet}?done=${verb}`);
  });

  return router;
}
