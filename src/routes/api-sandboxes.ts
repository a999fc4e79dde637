import type { Request, Response } from 'express';
import type { SandboxManager, SandboxRequest } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import type { SandboxVisitor } from '../domain/sandbox-owners.ts';
import { ClockBody, parseClockBody, parseSandboxBody, SandboxBody, SandboxParams } from '../http/inputs/sandboxes.ts';
import type { RouteDeps } from '../http/route-deps.ts';
import { giveOwnerKey, sandboxVisitorOf } from '../http/sandbox-worlds.ts';
import { sandboxManagers } from '../http/route-table-guards.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import { clockMoveJson, MovedSandboxJson, SandboxJson, SandboxListJson, sandboxJson } from '../presenters/sandbox-json.ts';

/** The API's caller (its token's person; the owner key cookie of an anonymous demo visitor). */
const visitorOf = (req: Request): SandboxVisitor => sandboxVisitorOf(req, 'api');

/** Who makes it and owns it: the token's person, or (where the demo allows it) the anonymous caller, given an owner key cookie. */
function creatorOf(req: Request, res: Response, world: RouteDeps): Pick<SandboxRequest, 'createdBy' | 'owner'> {
  const { person } = visitorOf(req);
  if (req.user && person) return { createdBy: req.user.username, owner: { kind: 'person', userId: person.id } };
  return { createdBy: 'anonymous', owner: { kind: 'anonymous', keyHash: giveOwnerKey(req, res, world.secureCookies) } };
}

/** The sandboxes of the default world (the guard has refused every other world already). */
function managerOf(world: RouteDeps): SandboxManager {
  if (!world.sandboxes) throw new Refusal('not_found', 'Sandboxes are managed from the default world (/api/sandboxes).');
  return world.sandboxes;
}

const tags = ['sandboxes'];
const guard = sandboxManagers;
const examples = { id: 'sb_AbCdEfGh12345678' };

/** /api/sandboxes: isolated worlds with their own clocks, served under /sandboxes/{id}/. */
export const sandboxRoutes = [
  apiRoute({
    method: 'post',
    path: '/sandboxes',
    idempotent: true,
    operationId: 'createSandbox',
    tags,
    guard,
    defaultWorldOnly: true,
    summary: 'Create a sandbox from a scenario, with its own database and clock',
    description:
      'Made from a pre-migrated template of its scenario (well under a second). At most HUTONG_MAX_SANDBOXES exist (429 sandbox_limit); an idle one expires after HUTONG_SANDBOX_TTL. It belongs to the token’s person: only they and an admin see, enter, change, move the clock of or delete it (anyone else gets 404, as for a sandbox that does not exist); it is not shared. People and tokens are this world’s in every sandbox. Without a token (HUTONG_DEMO=1 only) it belongs to the caller’s hutong_sandbox_owner cookie, set in this answer: send it back to use the sandbox.',
    rules: ['an inline scenario names storefronts, wallets, hosts and platforms of the catalogue, with real dates in order'],
    body: SandboxBody,
    parseBody: parseSandboxBody,
    responses: {
      201: {
        description: 'the sandbox',
        schema: SandboxJson,
        headers: { Location: { description: '/api/sandboxes/{id}', schema: { type: 'string' } } },
      },
    },
    problems: ['sandbox_limit'],
    handler: ({ req, res, world, body }) => {
      const scenario = typeof body.scenario === 'string' ? { name: body.scenario } : { inline: body.scenario };
      const summary = managerOf(world).create({ scenario, clock: body.clock, ...creatorOf(req, res, world) });
      return reply(201, sandboxJson(summary), { Location: `/api/sandboxes/${summary.id}` });
    },
  }),
  apiRoute({
    method: 'get',
    path: '/sandboxes',
    operationId: 'listSandboxes',
    tags,
    guard,
    defaultWorldOnly: true,
    summary: 'Your sandboxes (an admin: every one, with its owner)',
    responses: { 200: { description: 'sandboxes, oldest first', schema: SandboxListJson } },
    problems: [],
    handler: ({ req, world }) => ({ sandboxes: managerOf(world).list(visitorOf(req)).map(sandboxJson) }),
  }),
  apiRoute({
    method: 'get',
    path: '/sandboxes/:id',
    operationId: 'getSandbox',
    tags,
    guard,
    defaultWorldOnly: true,
    examples,
    summary: 'One sandbox and its clock',
    params: SandboxParams,
    responses: { 200: { description: 'the sandbox', schema: SandboxJson } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => sandboxJson(managerOf(world).summary(params.id, visitorOf(req))),
  }),
  apiRoute({
    method: 'delete',
    path: '/sandboxes/:id',
    idempotent: true,
    operationId: 'deleteSandbox',
    tags,
    guard,
    defaultWorldOnly: true,
    examples,
    summary: 'Delete a sandbox and its file',
    params: SandboxParams,
    responses: { 204: { description: 'deleted' } },
    problems: ['not_found'],
    handler: ({ req, world, params }) => {
      managerOf(world).remove(params.id, visitorOf(req));
      return reply(204);
    },
  }),
  apiRoute({
    method: 'post',
    path: '/sandboxes/:id/clock',
    idempotent: true,
    operationId: 'moveSandboxClock',
    tags,
    guard,
    defaultWorldOnly: true,
    examples,
    summary: 'Move the sandbox clock forward: { to } or { advance: "P1D" }',
    description:
      'Forward only (409 clock_backwards, with `now`), and within 1970–9999. Everything due on the way is applied in time order, in one transaction with its webhook outbox rows: changes whose time passes take effect (scheduled ones and the record’s own events, announced as integration.launched, … with their source), orders left unpaid past their cashier’s expiry become expired (order.expired), and Idempotency-Keys past their 24 hours are dropped. `moved` lists what was applied, with links. Tokens and sessions run on real time, never on a sandbox’s clock.',
    params: SandboxParams,
    body: ClockBody,
    parseBody: parseClockBody,
    responses: { 200: { description: 'the sandbox with its new clock', schema: MovedSandboxJson } },
    problems: ['not_found', 'clock_backwards'],
    handler: async ({ req, world, params, body }) => {
      const move = 'to' in body ? { to: body.to } : { advanceMs: body.advance };
      const { summary, report } = await managerOf(world).moveClock(params.id, move, visitorOf(req));
      const json = sandboxJson(summary);
      return { ...json, tookEffect: report.changes.length, moved: clockMoveJson(report, json.baseUrl) };
    },
  }),
];
