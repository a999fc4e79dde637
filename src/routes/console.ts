import { Router, type RequestHandler, type Response } from 'express';
import type { RouteDeps } from '../app.ts';
import { actionForms, inboxSections, noActionsNote } from '../actions/console-view.ts';
import { integrationView, listIntegrationViews, type IntegrationView } from '../actions/integration-views.ts';
import type { Actor } from '../domain/actors.ts';
import { inboxCount, inboxFor } from '../domain/inbox.ts';
import { STATES } from '../domain/model.ts';
import { usableVerbs } from '../domain/permissions.ts';
import { fenToYuanString } from '../domain/money.ts';
import { requireSignIn } from '../http/auth.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { IntegrationParams, IntegrationsQuery } from './integration-inputs.ts';

/** Sets the console's badge (how many things wait for this person) on every signed-in page. */
export function inboxBadge(deps: RouteDeps): RequestHandler {
  return (req, res, next) => {
    const user = req.user;
    if (user && !req.path.startsWith('/api/')) {
      let count: number | undefined;
      // Counted when a page renders (also a form re-rendered after a refusal), never for a redirect.
      Object.defineProperty(res.locals, 'inboxCount', {
        configurable: true,
        enumerable: true,
        get: () => (count ??= inboxCount(inboxFor(user, listIntegrationViews(deps.repos, deps.clock.now().toISOString())))),
      });
    }
    next();
  };
}

export interface IntegrationPageView {
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

export function renderIntegration(deps: RouteDeps, actor: Actor, res: Response, page: IntegrationPageView, status = 200): void {
  const view = integrationView(deps.repos, deps.clock.now().toISOString(), page.storefront, page.wallet);
  renderPage(res, 'console/integration', {
    title: `${view.wallet.name} at ${view.storefront.name}`, view,
    forms: actionForms({ view, verbs: usableVerbs(actor, view.scope), defaults: ruleFields(view), failedVerb: page.failedVerb,
      values: page.values, errors: page.errors }),
    noActions: noActionsNote(actor, view), history: [...view.events].sort((a, b) => b.version - a.version),
    refusal: page.refusal, notice: page.notice,
  }, status);
}

const DONE: Record<string, string> = {
  request: 'Requested.', withdraw: 'Request withdrawn.', approve: 'Approved.', reject: 'Rejected.', launch: 'Launched.',
  adjust: 'Rules changed.', suspend: 'Suspended.', resume: 'Resumed.', revoke: 'Revoked.',
};

export function consoleRoutes(deps: RouteDeps): Router {
  const router = Router();
  const now = () => deps.clock.now().toISOString();

  router.get('/console', requireSignIn, (req, res) => {
    const inbox = inboxFor(req.user!, listIntegrationViews(deps.repos, now()));
    renderPage(res, 'console/inbox', { title: 'Console', sections: inboxSections(req.user!, inbox) });
  });

  router.get('/console/integrations', requireSignIn, (req, res) => {
    const parsed = IntegrationsQuery.safeParse(req.query);
    const filter = parsed.success ? parsed.data : {};
    renderPage(res, 'console/integrations', {
      title: 'Integrations', filter, errors: parsed.success ? {} : errorsByField(fieldErrors(parsed.error)),
      integrations: listIntegrationViews(deps.repos, now(), filter), states: STATES,
      storefronts: deps.repos.catalog.storefronts(), wallets: deps.repos.catalog.wallets(),
    }, parsed.success ? 200 : 400);
  });

  router.get('/console/integrations/:storefront/:wallet', requireSignIn, (req, res) => {
    const params = parseInput(IntegrationParams, req.params);
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    renderIntegration(deps, req.user!, res, { ...params, ...(done && { notice: done }) });
  });

  return router;
}
