import type { Request } from 'express';
import type { SandboxManager } from '../actions/sandboxes.ts';
import { Refusal } from '../domain/errors.ts';
import { ClockBody, parseClockBody, parseSandboxBody, SandboxBody, SandboxParams } from '../http/inputs/sandboxes.ts';
import type { RouteDeps } from '../http/route-deps.ts';
import { sandboxManagers } from '../http/route-table-guards.ts';
import { apiRoute, reply } from '../http/route-table.ts';
import { MovedSandboxJson, SandboxJson, SandboxListJson, sandboxJson } from '../presenters/sandbox-json.ts';

/** Who made it: the token's person, or anonymous where the demo allows it. */
function creatorOf(req: Request): string {
  return req.user?.username ?? 'anonymous';
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
    operationId: 'createSandbox',
    tags,
    guard,
    defaultWorldOnly: true,
    summary: 'Create a sandbox from a scenario, with its own database and clock',
    description:
      'Made from a pre-migrated template of its scenario (well under a second). At most HUTONG_MAX_SANDBOXES exist (429 sandbox_limit); an idle one expires after HUTONG_SANDBOX_TTL. The people of this world can sign in to it with their own passwords.',
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
    handler: ({ req, world, body }) => {
      const scenario = typeof body.scenario === 'string' ? { name: body.scenario } : { inline: body.scenario };
      const summary = managerOf(world).create({ scenario, clock: body.clock, createdBy: creatorOf(req) });
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
    summary: 'The sandboxes on this server',
    responses: { 200: { description: 'sandboxes, oldest first', schema: SandboxListJson } },
    problems: [],
    handler: ({ world }) => ({ sandboxes: managerOf(world).list().map(sandboxJson) }),
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
    handler: ({ world, params }) => sandboxJson(managerOf(world).summary(params.id)),
  }),
  apiRoute({
    method: 'delete',
    path: '/sandboxes/:id',
    operationId: 'deleteSandbox',
    tags,
    guard,
    defaultWorldOnly: true,
    examples,
    summary: 'Delete a sandbox and its file',
    params: SandboxParams,
    responses: { 204: { description: 'deleted' } },
    problems: ['not_found'],
    handler: ({ world, params }) => {
      managerOf(world).remove(params.id);
      return reply(204);
    },
  }),
  apiRoute({
    method: 'post',
    path: '/sandboxes/:id/clock',
    operationId: 'moveSandboxClock',
    tags,
    guard,
    defaultWorldOnly: true,
    examples,
    summary: 'Move the sandbox clock forward: { to } or { advance: "P1D" }',
    description:
      'Forward only (409 clock_backwards, with `now`). Scheduled changes whose time passes take effect, and their webhooks (integration.launched, …) are written in the same transaction.',
    params: SandboxParams,
    body: ClockBody,
    parseBody: parseClockBody,
    responses: { 200: { description: 'the sandbox with its new clock', schema: MovedSandboxJson } },
    problems: ['not_found', 'clock_backwards'],
    handler: ({ world, params, body }) => {
      const { summary, tookEffect } = managerOf(world).moveClock(params.id, 'to' in body ? { to: body.to } : { advanceMs: body.advance });
      return { ...sandboxJson(summary), tookEffect };
    },
  }),
];
