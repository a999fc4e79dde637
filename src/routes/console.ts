import type { Request, Response } from 'express';
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
import { formatInstant, isKnownAt } from '../domain/time.ts';
import { impactOf } from '../domain/impact.ts';
import { usableVerbs } from '../domain/permissions.ts';
import { ownRequestNote, presentVerb } from '../domain/verb-presentation.ts';
import { signedIn } from '../http/auth.ts';
import type { FormRenderer } from '../http/errors.ts';
import { IntegrationParams, IntegrationsQuery, ruleChangesFrom, TransitionBody, TransitionParams } from '../http/inputs/integrations.ts';
import { errorsByField, fieldErrors } from '../http/problem.ts';
import { actorPages, page, signedInPages } from '../http/page-table.ts';
import { mayRefund } from '../domain/refunds.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';
import { changesOnPage } from '../views-helpers/rule-changes.ts';

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
    rolloutPercent: String(view.rules.rolloutPercent),
    channels: view.rules.channels,
    minAmount: yuan(view.rules.minAmountFen),
    maxAmount: yuan(view.rules.maxAmountFen),
    reason: '',
    effectiveAt: '',
    displayOrder: String(view.rules.displayOrder),
  };
}

const DONE: Record<string, string> = {
  request: 'Requested.',
  withdraw: 'Request withdrawn.',
  approve: 'Approved.',
  reject: 'Rejected.',
  launch: 'Launched.',
  adjust: 'Rules changed.',
  suspend: 'Suspended.',
  resume: 'Resumed.',
  revoke: 'Revoked.',
  held: 'Sent for approval: this group asks a second operator to approve launches and adjustments. Nothing changes until then.',
};

/** The change requests waiting on this integration, each with whether this person may approve it and why not. */
function pendingChangesOf(world: RouteDeps, actor: Actor, view: IntegrationView) {
  return world.repos.changeRequests.pendingFor(view.row.id).map((change) => ({
    ...change,
    permission: mayApplyChange(actor, { requestedBy: change.requestedBy, groupSlug: view.groupSlug, groupName: view.storefront.groupName }),
  }));
}

const now = (req: Request) => worldOf(req).clock.now().toISOString();

function renderIntegration(req: Request, res: Response, shown: IntegrationPageView, status = 200): void {
  const world = worldOf(req);
  const actor = signedIn(req);
  const view = integrationView(world.repos, now(req), shown.storefront, shown.wallet);
  // A launch with a later go-live time has not launched anything yet: say when it will.
  const notice =
    shown.notice === DONE.launch && view.scheduled
      ? `Scheduled: live from ${formatInstant(view.scheduled.effectiveAt)}; nothing changes for shoppers until then.`
      : shown.notice;
  renderPage(
    res,
    'console/integration',
    {
      title: `${view.wallet.name} at ${view.storefront.name}`,
      view,
      forms: actionForms({
        view,
        verbs: usableVerbs(actor, view.scope),
        defaults: ruleFields(view),
        failedVerb: shown.failedVerb,
        values: shown.values,
        errors: shown.errors,
      }),
      noActions: noActionsNote(actor, view),
      history: view.events.filter((e) => isKnownAt(e, now(req))).sort((a, b) => b.version - a.version),
      refusal: shown.refusal,
      notice,
      ownRequest: ownRequestNote(actor.username, view.scope.requestedBy, view.state),
      ruleChanges: changesOnPage(view.events, () => view.events),
      pendingChanges: pendingChangesOf(world, actor, view),
    },
    status,
  );
}

// A refused action shows the integration again, as it is now, with the form as it was sent.
const integrationAgain: FormRenderer = (req, res, failure) => {
  const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
  renderIntegration(
    req,
    res,
    {
      storefront,
      wallet,
      failedVerb: verb,
      values: failure.values,
      errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    },
    failure.status,
  );
};

/** The console: the inbox, the integrations list, one integration with its history and the action forms. */
export const consolePages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/console',
    guard: signedInPages,
    view: 'console/inbox',
    handler: ({ req, res, world }) => {
      const actor = signedIn(req);
      const { inbox, linkRequests } = consoleInboxOf(world.repos, actor, now(req));
      // The badge counts what this page lists: no second computation.
      res.locals.inboxCount = () => inboxCount(inbox) + linkRequests.length;
      renderPage(res, 'console/inbox', {
        title: 'Console',
        sections: inboxSections(actor, inbox),
        linkRequests,
        mayRefund: mayRefund(actor),
      });
    },
  }),
  page({
    method: 'get',
    path: '/console/integrations',
    guard: signedInPages,
    view: 'console/integrations',
    handler: ({ req, res, world }) => {
      const parsed = IntegrationsQuery.safeParse(req.query);
      const filter = parsed.success ? parsed.data : {};
      renderPage(
        res,
        'console/integrations',
        {
          title: 'Integrations',
          filter,
          errors: parsed.success ? {} : errorsByField(fieldErrors(parsed.error)),
          integrations: listIntegrationViews(world.repos, now(req), filter),
          states: STATES,
          storefronts: world.repos.catalog.storefronts(),
          wallets: world.repos.catalog.wallets(),
        },
        parsed.success ? 200 : 400,
      );
    },
  }),
  page({
    method: 'get',
    path: '/console/integrations/:storefront/:wallet',
    guard: signedInPages,
    view: 'console/integration',
    handler: ({ req, res }) => {
      const params = parseInput(IntegrationParams, req.params);
      const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
      renderIntegration(req, res, { ...params, ...(done && { notice: done }) });
    },
  }),
  page({
    method: 'post',
    path: '/console/integrations/:storefront/:wallet/:verb',
    guard: actorPages,
    view: 'console/integration',
    rendersForm: integrationAgain,
    handler: ({ req, res, world }) => {
      const { storefront, wallet, verb } = parseInput(TransitionParams, req.params);
      const body = parseInput(TransitionBody, req.body);
      // Withdraw, suspend and revoke ask first, on a page of their own (no JavaScript needed).
      if (presentVerb(verb).confirms && req.body.confirmed !== 'yes') {
        const view = integrationView(world.repos, now(req), storefront, wallet);
        if (usableVerbs(signedIn(req), view.scope).includes(verb) && body.expectedVersion === view.version) {
          requireReason(verb, body.reason);
          return renderPage(res, 'console/confirm', {
            title: `${presentVerb(verb).label} ${view.wallet.name} at ${view.storefront.name}?`,
            view,
            verb: presentVerb(verb),
            body,
            impact: impactOf({
              verb,
              state: view.state,
              storefrontName: view.storefront.name,
              walletName: view.wallet.name,
              rolloutPercent: view.rules.rolloutPercent,
            }),
          });
        }
      }
      const submitted = submitTransition(world, {
        storefront,
        wallet,
        verb,
        actor: signedIn(req),
        reason: body.reason,
        expectedVersion: body.expectedVersion,
        effectiveAt: body.effectiveAt,
        rules: ruleChangesFrom(body),
      });
      seeOther(req, res, `/console/integrations/${storefront}/${wallet}?done=${submitted.kind === 'held' ? 'held' : verb}`);
    },
  }),
];
