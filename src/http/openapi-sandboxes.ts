import { z } from 'zod';
import { ClockBody, SandboxBody, SandboxParams } from './inputs/sandboxes.ts';
import { body, edgeProblems, json, jsonSchema, pathParam } from './openapi-kit.ts';

/** /api/sandboxes: isolated worlds with their own clocks. */

export const SandboxJson = z.object({
  id: z.string().describe('sb_…'),
  scenario: z.string().describe('record, walled, open, or inline'),
  now: z.string().describe('the sandbox clock (ISO-8601 UTC); it stands still until moved'),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string().describe('when it is removed unless used again (HUTONG_SANDBOX_TTL after its last use)'),
  baseUrl: z.string().describe('every page and API route of the sandbox is under this path, e.g. {baseUrl}/api/storefronts/eleme/wallets'),
});
const SandboxListJson = z.object({ sandboxes: z.array(SandboxJson) });
const MovedJson = SandboxJson.extend({ tookEffect: z.number().int().describe('scheduled changes that took effect on the way (each sent its webhook)') });

const anyone = [{}, { bearer: [] }];
const WHO = 'Any API token; without one only when the server runs with HUTONG_DEMO=1 (401 otherwise).';
const sandboxId = pathParam('id', 'sb_AbCdEfGh12345678', jsonSchema(SandboxParams.shape.id, 'input'));

export const sandboxPaths = {
  '/api/sandboxes': {
    post: {
      operationId: 'createSandbox', tags: ['sandboxes'], security: anyone, requestBody: body(SandboxBody),
      summary: 'Create a sandbox from a scenario, with its own database and clock',
      description: `${WHO} Made from a pre-migrated template of its scenario (well under a second). At most HUTONG_MAX_SANDBOXES exist (429 sandbox_limit); an idle one expires after HUTONG_SANDBOX_TTL. The people of this world can sign in to it with their own passwords.`,
      responses: { 201: json(SandboxJson, 'the sandbox'), ...edgeProblems(true, 'bad_request', 'sandbox_limit') },
    },
    get: {
      operationId: 'listSandboxes', tags: ['sandboxes'], security: anyone, summary: 'The sandboxes on this server', description: WHO,
      responses: { 200: json(SandboxListJson, 'sandboxes, oldest first'), ...edgeProblems(false) },
    },
  },
  '/api/sandboxes/{id}': {
    get: {
      operationId: 'getSandbox', tags: ['sandboxes'], security: anyone, parameters: [sandboxId], summary: 'One sandbox and its clock', description: WHO,
      responses: { 200: json(SandboxJson, 'the sandbox'), ...edgeProblems(false, 'bad_request', 'not_found') },
    },
    delete: {
      operationId: 'deleteSandbox', tags: ['sandboxes'], security: anyone, parameters: [sandboxId], summary: 'Delete a sandbox and its file', description: WHO,
      responses: { 204: { description: 'deleted' }, ...edgeProblems(true, 'bad_request', 'not_found') },
    },
  },
  '/api/sandboxes/{id}/clock': {
    post: {
      operationId: 'moveSandboxClock', tags: ['sandboxes'], security: anyone, parameters: [sandboxId], requestBody: body(ClockBody),
      summary: 'Move the sandbox clock forward: { to } or { advance: "P1D" }',
      description: `${WHO} Forward only (409 clock_backwards). Scheduled changes whose time passes take effect, and their webhooks (integration.launched, …) are written in the same transaction.`,
      responses: { 200: json(MovedJson, 'the sandbox with its new clock'), ...edgeProblems(true, 'bad_request', 'not_found', 'clock_backwards') },
    },
  },
};
