import { VERBS, type Verb } from './transitions.ts';
import { isOneOf } from './one-of.ts';
import { addressKind } from './ip-addresses.ts';

/** What a webhook can report, and the pure rules around it: names, patterns, allowed targets (the retry schedule: webhook-schedule.ts). */

/** integration.<verb in the past tense>: integration.approved, integration.launched, … */
export const INTEGRATION_EVENT_OF: Record<Verb, string> = {
  request: 'integration.requested',
  withdraw: 'integration.withdrawn',
  approve: 'integration.approved',
  reject: 'integration.rejected',
  launch: 'integration.launched',
  adjust: 'integration.adjusted',
  suspend: 'integration.suspended',
  resume: 'integration.resumed',
  revoke: 'integration.revoked',
  reported: 'integration.reported',
  reported_not_offered: 'integration.reported_not_offered',
};

/**
 * A change recorded to take effect later (a launch scheduled for tomorrow) is announced twice:
 * `integration.scheduled` when it is recorded, then its own type when it takes effect.
 */
export const SCHEDULED_EVENT = 'integration.scheduled';

/** The type announced for `verb` when it is recorded (`recordedAt`) to take effect at `effectiveAt`. */
export function eventTypeWhenRecorded(verb: Verb, recordedAt: string, effectiveAt: string): string {
  return effectiveAt > recordedAt ? SCHEDULED_EVENT : INTEGRATION_EVENT_OF[verb];
}

export const EVENT_TYPES = [
  ...VERBS.map((verb) => INTEGRATION_EVENT_OF[verb]),
  SCHEDULED_EVENT,
  'link_policy.changed',
  'order.placed',
  'order.paid',
  'order.expired',
  'payment.succeeded',
  'payment.declined',
  'payment.cancelled',
  'payment.expired',
  'order.scanned',
  'refund.succeeded',
  'refund.failed',
] as const;

/** An event type, `group.*`, or `*`. */
export function isEventPattern(pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return EVENT_TYPES.some((type) => type.startsWith(pattern.slice(0, -1)));
  return isOneOf(EVENT_TYPES, pattern);
}

export function matchesAny(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/**
 * HUTONG_WEBHOOK_ALLOW: comma-separated host names, `*.example.com` for a domain's subdomains,
 * `loopback` (127.0.0.0/8, ::1, localhost), or `*` for anywhere. It is applied twice: to the host
 * as written in the URL (refusedTarget), then to every address that name resolves to
 * (refusedAddress), so a listed name cannot lead the server anywhere the list does not allow.
 */
export function parseAllowList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Why a URL may not be a webhook target, or null if it may. */
export function refusedTarget(url: string, allow: readonly string[]): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL (e.g. http://127.0.0.1:4000/hooks)';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `only http and https URLs, not ${parsed.protocol}`;
  if (parsed.username || parsed.password) return 'no user name or password in the URL';
  const host = parsed.hostname.toLowerCase();
  const allowed = allow.some(
    (entry) =>
      entry === '*' ||
      (entry === 'loopback' && isLoopback(host)) ||
      (entry.startsWith('*.') && host.endsWith(entry.slice(1))) ||
      entry === host,
  );
  return allowed
    ? null
    : `${host} is not an allowed webhook host (HUTONG_WEBHOOK_ALLOW=${allow.join(',')}; the default allows loopback addresses only)`;
}

/**
 * Why the server may not connect to `address`, one of those `host` (as written in the URL, already
 * allowed by refusedTarget) resolves to, or null if it may. A public address is allowed (the name
 * was listed); a loopback one only with `loopback`; any other (private, link-local, …) only when
 * the address itself is listed; `*` allows every address.
 */
export function refusedAddress(host: string, address: string, allow: readonly string[]): string | null {
  if (allow.includes('*') || allow.includes(address.toLowerCase())) return null;
  const kind = addressKind(address);
  if (kind === 'public' || (kind === 'loopback' && allow.includes('loopback'))) return null;
  const list = `HUTONG_WEBHOOK_ALLOW=${allow.join(',')}`;
  if (kind === 'loopback') return `${host} resolves to a loopback address, and ${list} does not include loopback`;
  if (kind === 'internal')
    return `${host} resolves to an address on a private or reserved network, which ${list} does not list (the address is not named, so that DNS inside the network is not read through this message)`;
  return `${host} resolves to something that is not an IP address`;
}
