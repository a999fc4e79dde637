import { z } from 'zod';
import { instantJson } from './formats.ts';
import type { SandboxSummary } from '../actions/sandboxes.ts';

/** A sandbox as the API sends it. */
export const SandboxJson = z.object({
  id: z
    .string()
    .regex(/^sb_[A-Za-z0-9_-]{16}$/)
    .describe('sb_…'),
  scenario: z.string().describe('record, walled, open, or inline'),
  now: instantJson.describe('the sandbox clock (ISO-8601 UTC); it stands still until moved'),
  createdBy: z.string().describe('the username of the person who made it, or anonymous'),
  owner: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('person'), username: z.string() }),
      z.object({ kind: z.literal('anonymous') }),
      z.object({ kind: z.literal('unknown') }),
    ])
    .describe(
      'who may use it (with any admin): a person; an anonymous browser, by its hutong_sandbox_owner cookie (HUTONG_DEMO=1); or unknown (made before owners were recorded: admins only)',
    ),
  createdAt: instantJson,
  lastUsedAt: instantJson,
  expiresAt: instantJson.describe('when it is removed unless used again (HUTONG_SANDBOX_TTL after its last use)'),
  baseUrl: z.string().describe('every page and API route of the sandbox is under this path, e.g. {baseUrl}/api/storefronts/eleme/wallets'),
});
export const SandboxListJson = z.object({ sandboxes: z.array(SandboxJson) });
export const MovedSandboxJson = SandboxJson.extend({
  tookEffect: z.number().int().min(0).describe('scheduled changes that took effect on the way (each sent its webhook)'),
});

export function sandboxJson(summary: SandboxSummary): z.infer<typeof SandboxJson> {
  return { ...summary, baseUrl: `/sandboxes/${summary.id}` };
}
