import { Router, type Request, type Response } from 'express';
import type { RouteDeps } from '../http/route-deps.ts';
import { actionForms, inboxSections, noActionsNote } from '../actions/console-view.ts';
import { consoleInboxOf } from '../actions/inbox.ts';
import { integrationView, listIntegrationViews, type IntegrationView } from '../actions/integration-views.ts';
import { submitTransition } from '../actions/change-requests.ts';
import { requireReason } from '../actions/transitions.ts';
import { inboxCount } from '../domain/inbox.ts';
import { STATES } from '../domain/model.ts';
import type { Actor } from '../domain/actors.ts';
import { mayApplyChange } from '../domain/change-policy.ts';
import { fenToYuanString } from '../domain/money.ts';
import { formatInstant } from '../domain/time.ts';
import { impactOf } from '../domain/impact.ts';
import { usableVerbs } from '../domain/permissions.ts';
import { presentVerb } from '../domain/verb-presentation.ts';
import { requirePageActor, requirePageSignIn, signedIn } from '../http/auth.ts';
import { rendersForm } from '../http/errors.ts';
import { IntegrationParams, IntegrationsQuery, ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { renderPage } from '../http/render.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';

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
    displayOrder: String(view.rules.displayOrder),
  };
}

const DONE: Record<string, string> = {
  request: 'Requested.', withdraw: 'Request withdrawn.', approve: 'Approved.', reject: 'Rejected.', launch: 'Launched.',
  adjust: 'Rules changed.', suspend: 'Suspended.', resume: 'Resumed.', revoke: 'Revoked.',
  held: 'Sent for approval: this group asks a second operator to approve launches and adjustments. Nothing changes until then.',
};

/** The change requests waiting on this integration, each with whether this person may approve it and why not. */
function pendingChangesOf(deps: RouteDeps, actor: Actor, view: IntegrationView) {
  return deps.repos.changeRequests.pendingFor(view.row.id).map((change) => ({
    ...change, permission: mayApplyChange(actor, { requestedBy: change.requestedBy, groupSlug: view.groupSlug, groupName: view.storefront.groupName }),
  }));
}

/** The console: the inbox, the integrations list, one integration with its history and the action forms. */
export function consoleRoutes(): Router {
  const router = Router();
  const now = (req: Request) => worldOf(req).clock.now().toISOString();
  router.use('/console', requirePageSignIn);

  function renderIntegration(req: Request, res: Response, page: IntegrationPageView, status = 200): void {
    const deps = worldOf(req);
    const actor = signedIn(req);
    const view = integrationView(deps.repos, now(req), page.storefront, page.wallet);
    // A launch with a later go-live time has not launched anything yet: say when it will.
    const notice = page.notice === DONE.launch && view.scheduled
      ? `Scheduled: live from ${formatInstant(view.scheduled.effectiveAt)}; nothing changes for shoppers until then.`
      : page.notice;
    renderPage(res, 'console/integration', {
      title: `${view.wallet.name} at ${view.storefront.name}`, view,
      forms: actionForms({ view, verbs: usableVerbs(actor, view.scope), defaults: ruleFields(view), failedVerb: page.failedVerb,
        values: page.values, errors: page.errors }),
      noActions: noActionsNote(actor, view), history: [...view.events].sort((a, b) => b.version - a.version),
      refusal: page.refusal, notice, pendingChanges: pendingChangesOf(deps, actor, view),
    }, status);
  }

  router.get('/console', (req, res) => {
    const actor = signedIn(req);
    const { inbox, linkRequests } = consoleInboxOf(worldOf(req).repos, actor, now(req));
    // The badge counts what this page lists: no second computation.
    res.locals.inboxCount = () => inboxCount(inbox) + linkRequests.length;
    renderPage(res, 'console/inbox', { title: 'Console', sections: inboxSections(actor, inbox), linkRequests });
  });

  router.get('/console/integrations', (req, res) => {
    const parsed = IntegrationsQuery.safeParse(req.query);
    const filter = parsed.success ? parsed.data : {};
    const deps = worldOf(req);
    renderPage(res, 'console/integrations', {
      title: 'Integrations', filter, errors: parsed.success ? {} : errorsByField(fieldErrors(parsed.error)),
      integrations: listIntegrationViews(deps.repos, now(req), filter), states: STATES,
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
    const deps = worldOf(req);
    // Withdraw, suspend and revoke ask first, on a page of their own (no JavaScript needed).
    if (presentVerb(verb).confirms && req.body.confirmed !== 'yes') {
      const view = integrationView(deps.repos, now(req), storefront, wallet);
      if (usableVerbs(signedIn(req), view.scope).includes(verb) && body.expectedVersion === view.version) {
        requireReason(verb, body.reason);
        return renderPage(res, 'console/confirm', {
          title: `${presentVerb(verb).label} ${view.wallet.name} at ${view.storefront.name}?`, view, verb: presentVerb(verb), body,
          impact: impactOf({ verb, state: view.state, storefrontName: view.storefront.name, walletName: view.wallet.name, rolloutPercent: view.rules.rolloutPercent }),
        });
      }
    }
    const submitted = submitTransition(deps, {
      storefront, wallet, verb, actor: signedIn(req), reason: body.reason, expectedVersion: body.expectedVersion,
      effectiveAt: body.effectiveAt, rules: ruleChangesFrom(body),
    });
    seeOther(req, res, `/console/integrations/${storefront}/${wallet}?done=${submitted.kind === 'held' ? 'held' : verb}`);
  });

  return router;
}
