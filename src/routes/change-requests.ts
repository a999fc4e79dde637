import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  applyChange,
  approvalOf,
  changeRequestOrNotFound,
  rejectChange,
  setSecondOperatorPolicy,
  withdrawChange,
} from '../actions/change-requests.ts';
import { mayWithdrawChange } from '../domain/change-policy.ts';
import { signedIn } from '../http/auth.ts';
import { REJECT_REASON, WITHDRAW_REASON } from '../http/inputs/integrations.ts';
import type { FormFailure } from '../http/errors.ts';
import { actorPages, page, signedInPages } from '../http/page-table.ts';
import { renderPage } from '../http/render.ts';
import type { AnyPageRoute } from '../http/route-table.ts';
import { parseInput } from '../http/validate.ts';
import { seeOther, worldOf } from '../http/visit.ts';

const ChangeParams = z.object({
  id: z.coerce
    .number({ message: 'a change request number' })
    .int()
    .positive()
    .max(2 ** 31),
});
const GroupParams = z.object({ group: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba') });
const RejectForm = z.object({ reason: REJECT_REASON });
const WithdrawForm = z.object({ reason: WITHDRAW_REASON });
const ENDED = { rejected: 'Rejected: nothing was applied.', withdrawn: 'Withdrawn: nothing was applied.' } as const;

/** One change request: what was asked, by whom, how it ended; and, while pending, approve, reject or withdraw. */
function renderChangeRequest(req: Request, res: Response, failure?: FormFailure & { action: 'reject' | 'withdraw' }): void {
  const world = worldOf(req);
  const { id } = parseInput(ChangeParams, req.params);
  const change = changeRequestOrNotFound(world.repos, id);
  const actor = signedIn(req);
  const storefront = world.repos.catalog.storefronts().find((s) => s.slug === change.storefrontSlug);
  const wallet = world.repos.catalog.wallets().find((w) => w.slug === change.walletSlug);
  const done = req.query.done === 'rejected' || req.query.done === 'withdrawn' ? ENDED[req.query.done] : undefined;
  renderPage(
    res,
    'console/change-request',
    {
      title: `Change request ${change.id}`,
      change,
      storefrontName: storefront?.name ?? change.storefrontSlug,
      walletName: wallet?.name ?? change.walletSlug,
      mayDecide: approvalOf(world, actor, change),
      mayWithdraw: mayWithdrawChange(actor, change),
      errors: failure?.errors ?? {},
      values: failure?.values ?? {},
      failedAction: failure?.action,
      refusal: failure && failure.code !== 'bad_request' ? failure.message : undefined,
      notice: done,
    },
    failure?.status ?? 200,
  );
}

const PolicyForm = z.object({ secondOperator: z.enum(['on', 'off'], { message: 'on or off' }) });

/** The console's second-operator policy page and the approval of held changes. */
export const changeRequestPages: AnyPageRoute[] = [
  page({
    method: 'get',
    path: '/console/policies',
    guard: signedInPages,
    view: 'console/policies',
    handler: ({ req, res, world }) => {
      const groups = new Map(world.repos.catalog.storefronts().map((s) => [s.groupSlug, s.groupName]));
      renderPage(res, 'console/policies', {
        title: 'Change policies',
        mayEdit: signedIn(req).role === 'admin',
        pending: world.repos.changeRequests.pending(null),
        groups: [...groups].map(([slug, name]) => ({ slug, name, secondOperator: world.repos.changeRequests.secondOperator(slug) })),
        notice: req.query.done === 'policy' ? 'Policy saved.' : undefined,
      });
    },
  }),
  page({
    method: 'post',
    path: '/console/policies/:group',
    guard: actorPages,
    params: GroupParams,
    body: PolicyForm,
    handler: ({ req, res, world, params: { group }, body: { secondOperator } }) => {
      setSecondOperatorPolicy(world, { group, on: secondOperator === 'on', actor: signedIn(req) });
      seeOther(req, res, '/console/policies?done=policy');
    },
  }),
  page({
    method: 'get',
    path: '/console/change-requests/:id',
    guard: signedInPages,
    params: ChangeParams,
    view: 'console/change-request',
    handler: ({ req, res }) => renderChangeRequest(req, res),
  }),
  page({
    method: 'post',
    path: '/console/change-requests/:id/reject',
    guard: actorPages,
    params: ChangeParams,
    body: RejectForm,
    view: 'console/change-request',
    rendersForm: (req, res, failure) => renderChangeRequest(req, res, { ...failure, action: 'reject' }),
    handler: ({ req, res, world, params: { id }, body: { reason } }) => {
      rejectChange(world, { id, actor: signedIn(req), reason });
      seeOther(req, res, `/console/change-requests/${id}?done=rejected`);
    },
  }),
  page({
    method: 'post',
    path: '/console/change-requests/:id/withdraw',
    guard: actorPages,
    params: ChangeParams,
    body: WithdrawForm,
    view: 'console/change-request',
    rendersForm: (req, res, failure) => renderChangeRequest(req, res, { ...failure, action: 'withdraw' }),
    handler: ({ req, res, world, params: { id }, body: { reason } }) => {
      withdrawChange(world, { id, actor: signedIn(req), reason });
      seeOther(req, res, `/console/change-requests/${id}?done=withdrawn`);
    },
  }),
  page({
    method: 'post',
    path: '/console/change-requests/:id/approve',
    guard: actorPages,
    params: ChangeParams,
    handler: ({ req, res, world, params: { id } }) => {
      const { change } = applyChange(world, { id, actor: signedIn(req) });
      seeOther(req, res, `/console/integrations/${change.storefrontSlug}/${change.walletSlug}?done=${change.verb}`);
    },
  }),
];
