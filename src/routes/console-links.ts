import type { Request, Response } from 'express';
import { linkActionForms, noLinkActionsNote, usableLinkVerbs } from '../actions/console-links.ts';
import { linkPoliciesAsOf, linkPolicyAsOf } from '../actions/links.ts';
import { performLinkTransition } from '../actions/link-transitions.ts';
import { formatInstant, isKnownAt } from '../domain/time.ts';
import { BEHAVIOURS, PREVIEWS, SHARES, type LinkPolicyKey } from '../domain/links/model.ts';
import { signedIn } from '../http/auth.ts';
import type { FormRenderer } from '../http/errors.ts';
import { LinkParams, LinkVerbForm, LinkVerbParams } from '../http/inputs/links.ts';
import { actorPages, page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';

interface LinkPageView {
  key: LinkPolicyKey;
  failedVerb?: string;
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  refusal?: string;
  notice?: string;
}

const DONE: Record<string, string> = {
  set: 'Changed.',
  request: 'Requested: it waits for the host’s reviewer.',
  withdraw: 'Request withdrawn.',
  approve: 'Approved: the change applies now.',
  reject: 'Rejected.',
};

const now = (req: Request) => worldOf(req).clock.now().toISOString();

function renderPolicy(req: Request, res: Response, shown: LinkPageView, status = 200): void {
  const actor = signedIn(req);
  const view = linkPolicyAsOf(worldOf(req).repos, now(req), shown.key);
  // A set for later has changed nothing yet: say when it will.
  const notice =
    shown.notice === DONE.set && view.pending
      ? `Scheduled: from ${formatInstant(view.pending.effectiveAt)}; nothing changes until then.`
      : shown.notice;
  renderPage(
    res,
    'console/link',
    {
      title: `${view.platformName} links in ${view.hostName}, ${view.surfaceName.toLowerCase()}`,
      view,
      forms: linkActionForms({
        view,
        verbs: usableLinkVerbs(actor, view),
        failedVerb: shown.failedVerb,
        values: shown.values,
        errors: shown.errors,
      }),
      noActions: noLinkActionsNote(actor, view),
      history: view.events.filter((e) => isKnownAt(e, now(req))).sort((a, b) => b.version - a.version),
      behaviours: BEHAVIOURS,
      previews: PREVIEWS,
      shares: SHARES,
      refusal: shown.refusal,
      notice,
    },
    status,
  );
}

// A refused change shows the policy again, as it is now, with the form as it was sent.
const policyAgain: FormRenderer = (req, res, failure) => {
  const { verb, ...key } = parseInput(LinkVerbParams, req.params);
  renderPolicy(
    req,
    res,
    {
      key,
      failedVerb: verb,
      values: failure.values,
      errors: failure.errors,
      ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    },
    failure.status,
  );
};

/** /console/links: link policies in the console, for signed-in people (the console's inbox lists the requests). */
export const consoleLinkPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/console/links',
    guard: signedInPages,
    view: 'console/links',
    handler: ({ req, res, world }) => {
      renderPage(res, 'console/links', { title: 'Link policies', policies: linkPoliciesAsOf(world.repos, now(req)) });
    },
  }),
  page({
    method: 'get',
    path: '/console/links/:host/:surface/:platform',
    guard: signedInPages,
    view: 'console/link',
    handler: ({ req, res }) => {
      const key = parseInput(LinkParams, req.params);
      const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
      renderPolicy(req, res, { key, ...(done && { notice: done }) });
    },
  }),
  page({
    method: 'post',
    path: '/console/links/:host/:surface/:platform/:verb',
    guard: actorPages,
    view: 'console/link',
    rendersForm: policyAgain,
    handler: ({ req, res, world }) => {
      const { verb, ...key } = parseInput(LinkVerbParams, req.params);
      const form = parseInput(LinkVerbForm, req.body);
      performLinkTransition(world, {
        ...key,
        verb,
        actor: signedIn(req),
        reason: form.reason,
        expectedVersion: form.expectedVersion,
        effectiveAt: form.effectiveAt,
        changes: { behaviour: form.behaviour, preview: form.preview, share: form.share, rolloutPercent: form.rolloutPercent },
      });
      seeOther(req, res, `/console/links/${key.host}/${key.surface}/${key.platform}?done=${verb}`);
    },
  }),
];
