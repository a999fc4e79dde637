import { Router, type Request, type Response } from 'express';
import { linkActionForms, noLinkActionsNote, usableLinkVerbs } from '../actions/console-links.ts';
import { linkPoliciesAsOf, linkPolicyAsOf } from '../actions/links.ts';
import { performLinkTransition } from '../actions/link-transitions.ts';
import { formatInstant } from '../domain/time.ts';
import { BEHAVIOURS, PREVIEWS, SHARES, type LinkPolicyKey } from '../domain/links/model.ts';
import { requirePageActor, requirePageSignIn, signedIn } from '../http/auth.ts';
import { rendersForm } from '../http/errors.ts';
import { LinkParams, LinkVerbForm, LinkVerbParams } from '../http/inputs/links.ts';
import { renderPage } from '../http/render.ts';
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
  set: 'Changed.', request: 'Requested: it waits for the host’s reviewer.', withdraw: 'Request withdrawn.', approve: 'Approved: the change applies now.',
  reject: 'Rejected.',
};

/** /console/links: link policies in the console, for signed-in people (the console's inbox lists the requests). */
export function consoleLinkRoutes(): Router {
  const router = Router();
  const now = (req: Request) => worldOf(req).clock.now().toISOString();
  router.use('/console/links', requirePageSignIn);

  function renderPolicy(req: Request, res: Response, page: LinkPageView, status = 200): void {
    const actor = signedIn(req);
    const view = linkPolicyAsOf(worldOf(req).repos, now(req), page.key);
    // A set for later has changed nothing yet: say when it will.
    const notice = page.notice === DONE.set && view.pending ? `Scheduled: from ${formatInstant(view.pending.effectiveAt)}; nothing changes until then.` : page.notice;
    renderPage(res, 'console/link', {
      title: `${view.platformName} links in ${view.hostName}, ${view.surfaceName.toLowerCase()}`, view,
      forms: linkActionForms({ view, verbs: usableLinkVerbs(actor, view), failedVerb: page.failedVerb, values: page.values, errors: page.errors }),
      noActions: noLinkActionsNote(actor, view), history: [...view.events].sort((a, b) => b.version - a.version),
      behaviours: BEHAVIOURS, previews: PREVIEWS, shares: SHARES, refusal: page.refusal, notice,
    }, status);
  }

  router.get('/console/links', (req, res) => {
    renderPage(res, 'console/links', { title: 'Link policies', policies: linkPoliciesAsOf(worldOf(req).repos, now(req)) });
  });

  router.get('/console/links/:host/:surface/:platform', (req, res) => {
    const key = parseInput(LinkParams, req.params);
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    renderPolicy(req, res, { key, ...(done && { notice: done }) });
  });

  // A refused change shows the policy again, as it is now, with the form as it was sent.
  const policyAgain = rendersForm((req, res, failure) => {
    const { verb, ...key } = parseInput(LinkVerbParams, req.params);
    renderPolicy(req, res, {
      key, failedVerb: verb, values: failure.values, errors: failure.errors, ...(failure.code !== 'bad_request' && { refusal: failure.message }),
    }, failure.status);
  });

  router.post('/console/links/:host/:surface/:platform/:verb', requirePageActor, policyAgain, (req, res) => {
    const { verb, ...key } = parseInput(LinkVerbParams, req.params);
    const form = parseInput(LinkVerbForm, req.body);
    performLinkTransition(worldOf(req), {
      ...key, verb, actor: signedIn(req), reason: form.reason, expectedVersion: form.expectedVersion, effectiveAt: form.effectiveAt,
      changes: { behaviour: form.behaviour, preview: form.preview, share: form.share, rolloutPercent: form.rolloutPercent },
    });
    seeOther(req, res, `/console/links/${key.host}/${key.surface}/${key.platform}?done=${verb}`);
  });

  return router;
}
