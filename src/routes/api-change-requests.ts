import { z } from 'zod';
import { applyChange, changeRequestOrNotFound, rejectChange, setSecondOperatorPolicy, withdrawChange } from '../actions/change-requests.ts';
import { signedIn } from '../http/auth.ts';
import { closedObject } from '../http/inputs/common.ts';
import { PolicyBody, REJECT_REASON, WITHDRAW_REASON } from '../http/inputs/integrations.ts';
import { actors, tokenHolders } from '../http/route-table-guards.ts';
import { apiRoute } from '../http/route-table.ts';
import { eventJson } from '../presenters/api-json.ts';
import { AppliedChangeJson, ChangeRequestJson, ChangeRequestListJson, PolicyJson } from '../presenters/change-request-json.ts';

const ChangeParams = z.object({
  id: z.coerce
    .number({ message: 'a change request number' })
    .int()
    .positive()
    .max(2 ** 31)
    .meta({ examples: [1] }),
});
const RejectBody = closedObject({ reason: REJECT_REASON.describe('why (required): the operator who asked reads it') });
const WithdrawBody = closedObject({ reason: WITHDRAW_REASON.describe('why (optional)') });
const GroupParams = z.object({ group: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a group slug such as alibaba') });
const tags = ['integrations'];

/** Launches and adjustments held for a second operator, and the policy that holds them. */
export const changeRequestRoutes = [
  apiRoute({
    method: 'get',
    path: '/change-requests',
    operationId: 'listChangeRequests',
    tags,
    guard: tokenHolders,
    summary: 'Launches and adjustments waiting for a second operator',
    responses: { 200: { description: 'the pending change requests, oldest first', schema: ChangeRequestListJson } },
    problems: [],
    handler: ({ world }) => ({ changeRequests: world.repos.changeRequests.pending(null) }),
  }),
  apiRoute({
    method: 'get',
    path: '/change-requests/:id',
    operationId: 'getChangeRequest',
    tags,
    guard: tokenHolders,
    examples: { id: 1 },
    summary: 'One change request, pending or not: who asked, and who applied, rejected or withdrew it, when and why',
    params: ChangeParams,
    responses: { 200: { description: 'the change request', schema: ChangeRequestJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => ({ changeRequest: changeRequestOrNotFound(world.repos, params.id) }),
  }),
  apiRoute({
    method: 'post',
    path: '/change-requests/:id/approve',
    idempotent: true,
    operationId: 'approveChangeRequest',
    tags,
    guard: actors,
    examples: { id: 1 },
    summary: 'Apply a held change as a second operator (another operator of the group, or an admin; never who asked)',
    params: ChangeParams,
    responses: { 200: { description: 'the change request, now applied, and the event it wrote', schema: AppliedChangeJson } },
    problems: ['not_found', 'invalid_transition', 'stale_version', 'conflict'],
    handler: ({ req, world, params }) => {
      const { change, result } = applyChange(world, { id: params.id, actor: signedIn(req) });
      return { changeRequest: change, event: eventJson(result.event) };
    },
  }),
  apiRoute({
    method: 'post',
    path: '/change-requests/:id/reject',
    idempotent: true,
    operationId: 'rejectChangeRequest',
    tags,
    guard: actors,
    examples: { id: 1 },
    summary: 'Reject a held change, with a reason (whoever may approve it); nothing is applied and the request is kept',
    params: ChangeParams,
    body: RejectBody,
    responses: { 200: { description: 'the change request, now rejected', schema: ChangeRequestJson } },
    problems: ['not_found', 'conflict'],
    handler: ({ req, world, params, body }) => ({
      changeRequest: rejectChange(world, { id: params.id, actor: signedIn(req), reason: body.reason }),
    }),
  }),
  apiRoute({
    method: 'post',
    path: '/change-requests/:id/withdraw',
    idempotent: true,
    operationId: 'withdrawChangeRequest',
    tags,
    guard: actors,
    examples: { id: 1 },
    summary: 'Withdraw a held change (only the operator who asked for it); nothing is applied and the request is kept',
    params: ChangeParams,
    body: WithdrawBody,
    responses: { 200: { description: 'the change request, now withdrawn', schema: ChangeRequestJson } },
    problems: ['not_found', 'conflict'],
    handler: ({ req, world, params, body }) => ({
      changeRequest: withdrawChange(world, { id: params.id, actor: signedIn(req), reason: body.reason }),
    }),
  }),
  apiRoute({
    method: 'get',
    path: '/policies/:group',
    operationId: 'getPolicy',
    tags,
    guard: tokenHolders,
    examples: { group: 'alibaba' },
    summary: 'Whether a storefront group needs a second operator for launch and adjust (off by default)',
    params: GroupParams,
    responses: { 200: { description: 'the policy', schema: PolicyJson } },
    problems: ['not_found'],
    handler: ({ world, params }) => ({ group: params.group, secondOperator: world.repos.changeRequests.secondOperator(params.group) }),
  }),
  apiRoute({
    method: 'put',
    path: '/policies/:group',
    idempotent: true,
    operationId: 'setPolicy',
    tags,
    guard: actors,
    examples: { group: 'alibaba' },
    summary: 'Turn the second-operator policy on or off (admin)',
    params: GroupParams,
    body: PolicyBody,
    responses: { 200: { description: 'the policy now', schema: PolicyJson } },
    problems: ['not_found'],
    handler: ({ req, world, params, body }) => {
      setSecondOperatorPolicy(world, { group: params.group, on: body.secondOperator, actor: signedIn(req) });
      return { group: params.group, secondOperator: body.secondOperator };
    },
  }),
];
