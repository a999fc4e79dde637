import { z } from 'zod';
import { instantJson } from './formats.ts';
import type { SandboxSummary } from '../actions/sandboxes.ts';
import type { ClockMoveReport } from '../domain/due-items.ts';

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

const count = z.number().int().min(0);

/** What a clock move applied, each item with the page that shows it (inside the sandbox). */
export const ClockMoveJson = z.object({
  from: instantJson.describe('where the clock stood'),
  to: instantJson.describe('where it stands now'),
  changes: z
    .array(
      z.object({
        at: instantJson.describe('when it took effect'),
        storefront: z.string(),
        wallet: z.string(),
        verb: z.string(),
        state: z.string().describe('the integration’s state it moved to'),
        type: z.string().describe('the webhook it is announced as (integration.launched, …)'),
        sourceFile: z.string().nullable().describe('the record’s article(s) it comes from; null for a change someone made'),
        href: z.string().describe('the integration’s page in the sandbox'),
      }),
    )
    .describe('changes that took effect on the way, in time order: scheduled ones and the record’s own events'),
  ordersExpired: z
    .array(
      z.object({
        at: instantJson.describe('when its cashier expired'),
        order: z.string(),
        storefront: z.string(),
        wallet: z.string(),
        href: z.string().describe('the order’s receipt in the sandbox'),
      }),
    )
    .describe('orders left unpaid past their expiry, now expired (each wrote order.expired)'),
  keysDropped: count.describe('Idempotency-Keys past their 24 hours, dropped'),
  messages: count.describe('webhook messages written to the outbox by the move (one per subscribed endpoint and event)'),
  webhooks: z
    .object({
      attempted: count.describe('webhook attempts made on the way (first sends and retries), in time order'),
      delivered: count.describe('attempts the receiver answered with a 2xx'),
      retried: count.describe('attempts that failed with another attempt scheduled'),
      failed: count.describe('attempts that failed for good (the last of the schedule, a 410, a refused target)'),
    })
    .describe('the webhook attempts that fell due on the sandbox clock on the way, made after the move committed'),
});

export const MovedSandboxJson = SandboxJson.extend({
  tookEffect: count.describe('changes that took effect on the way (each wrote its webhook): moved.changes, counted'),
  moved: ClockMoveJson,
});

/** A clock move's report as the API sends it; links are inside the sandbox at `base`. */
export function clockMoveJson(report: ClockMoveReport, base: string): z.infer<typeof ClockMoveJson> {
  return {
    from: report.from,
    to: report.to,
    changes: report.changes.map((c) => ({
      at: c.at,
      storefront: c.storefront,
      wallet: c.wallet,
      verb: c.verb,
      state: c.toState,
      type: c.type,
      sourceFile: c.sourceFile,
      href: `${base}/console/integrations/${c.storefront}/${c.wallet}`,
    })),
    ordersExpired: report.ordersExpired.map((o) => ({
      at: o.at,
      order: o.orderId,
      storefront: o.storefront,
      wallet: o.wallet,
      href: `${base}/orders/${o.orderId}`,
    })),
    keysDropped: report.keysDropped,
    messages: report.messages,
    webhooks: { ...report.webhooks },
  };
}

export function sandboxJson(summary: SandboxSummary): z.infer<typeof SandboxJson> {
  return { ...summary, baseUrl: `/sandboxes/${summary.id}` };
}
