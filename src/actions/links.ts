import type { LinkHostRow, LinkPlatformRow, LinkPolicyRow } from '../db/link-policies.ts';
import type { Repositories } from '../db/repositories.ts';
import { Refusal } from '../domain/errors.ts';
import { diffLinkPolicies, type LinkChange } from '../domain/links/diff.ts';
import type { Host, LinkPlatform, LinkPolicyEvent, LinkPolicyKey, Surface } from '../domain/links/model.ts';
import { decideLinkOpen, type LinkOpenDecision } from '../domain/links/open.ts';
import { linkPolicyAt, type LinkPolicySnapshot } from '../domain/links/policy-at.ts';
import type { LinkScope } from '../domain/links/permissions.ts';

/** One link policy as it stood at an instant, with the names a page shows. */
export interface LinkPolicyView extends LinkPolicyKey, LinkPolicySnapshot {
  hostName: string;
  surfaceName: string;
  platformName: string;
  /** The platform's storefront, where an opened link lands (null: none in this world). */
  storefront: string | null;
  /** The row's current version: send it back to change the policy. */
  version: number;
  row: LinkPolicyRow;
  events: LinkPolicyEvent[];
  scope: LinkScope;
}

export interface LinkFilter {
  host?: Host | undefined;
  surface?: Surface | undefined;
  platform?: LinkPlatform | undefined;
}

function viewOf(repos: Repositories, row: LinkPolicyRow, at: string, hosts: LinkHostRow[], platforms: LinkPlatformRow[]): LinkPolicyView {
  const host = hosts.find((h) => h.slug === row.host);
  const platform = platforms.find((p) => p.slug === row.platform);
  if (!host || !platform) throw new Error(`Link policy ${row.id} names an unknown host or platform.`);
  const events = repos.links.events(row.id);
  const snapshot = linkPolicyAt(events, at, row.surface);
  return {
    host: row.host,
    surface: row.surface,
    platform: row.platform,
    ...snapshot,
    hostName: host.name,
    surfaceName: host.surfaces.find((s) => s.slug === row.surface)?.name ?? row.surface,
    platformName: platform.name,
    storefront: platform.storefront,
    version: row.version,
    row,
    events,
    scope: {
      hostName: host.name,
      hostOperatorGroup: host.operatorGroup,
      hostReviewerProvider: host.reviewerProvider,
      platformName: platform.name,
      platformRequesterGroup: platform.requesterGroup,
      askedBy: snapshot.pendingRequest?.actor ?? null,
    },
  };
}

/** Every link policy (filtered) as it stood at `asOf`, in the hosts', surfaces' and platforms' order. */
export function linkPoliciesAsOf(repos: Repositories, asOf: string, filter: LinkFilter = {}): LinkPolicyView[] {
  const hosts = repos.links.hosts();
  const platforms = repos.links.platforms();
  return repos.links
    .list()
    .filter(
      (row) =>
        (!filter.host || row.host === filter.host) &&
        (!filter.surface || row.surface === filter.surface) &&
        (!filter.platform || row.platform === filter.platform),
    )
    .map((row) => viewOf(repos, row, asOf, hosts, platforms));
}

/** One link policy at `asOf`; a host x surface x platform the world does not have is not found. */
export function linkPolicyAsOf(repos: Repositories, asOf: string, key: LinkPolicyKey): LinkPolicyView {
  const row = repos.links.find(key);
  if (!row) {
    throw new Refusal(
      'not_found',
      `There is no link policy for ${key.platform} links in ${key.host}'s ${key.surface}: the host has no such surface, or the link is its own.`,
    );
  }
  return viewOf(repos, row, asOf, repos.links.hosts(), repos.links.platforms());
}

export interface OpenLinkRequest extends LinkPolicyKey {
  /** The person tapping the link (an opaque id): their bucket decides a partial rollout. */
  shopper: string;
  asOf: string;
}

/** What one person meets when tapping a link at `asOf`, and the policy behind it. */
export function openLink(repos: Repositories, request: OpenLinkRequest): LinkOpenDecision & { policy: LinkPolicyView } {
  const policy = linkPolicyAsOf(repos, request.asOf, request);
  const decision = decideLinkOpen(policy.state, policy, { hostName: policy.hostName, platformName: policy.platformName }, request.shopper);
  return { ...decision, policy };
}

export interface LinkChangeView extends LinkChange {
  hostName: string;
  surfaceName: string;
  platformName: string;
  /** The policy as it stood at `to`: its since, source and precision. */
  policy: LinkPolicyView;
}

/** The link policies whose behaviour, preview, share or rollout differ between `from` and `to` (the review's diff). */
export function linkChangesBetween(repos: Repositories, from: string, to: string): LinkChangeView[] {
  const before = linkPoliciesAsOf(repos, from);
  const after = linkPoliciesAsOf(repos, to);
  const byKey = new Map(after.map((p) => [`${p.host}/${p.surface}/${p.platform}`, p]));
  return diffLinkPolicies(before, after).flatMap((change) => {
    const policy = byKey.get(`${change.host}/${change.surface}/${change.platform}`);
    return policy
      ? [{ ...change, hostName: policy.hostName, surfaceName: policy.surfaceName, platformName: policy.platformName, policy }]
      : [];
  });
}

/** Every link event (all policies), oldest effective first, with each policy's key: the timeline's link rows. */
export function linkEvents(repos: Repositories, filter: LinkFilter = {}): Array<LinkPolicyEvent & LinkPolicyKey> {
  return repos.links
    .allEvents()
    .filter(
      (e) =>
        (!filter.host || e.host === filter.host) &&
        (!filter.surface || e.surface === filter.surface) &&
        (!filter.platform || e.platform === filter.platform),
    );
}

/** A storefront opened inside a host app from a shared link: carried page to page like the time, and onto the order. */
export interface OpenedIn {
  host: Host;
  /** "WeChat", for the frame. */
  name: string;
}

/** The host a shop page was opened in (from `?host=` or a form's hidden field), with its name; null outside any host. */
export function openedInHost(repos: Repositories, host: Host | undefined | null): OpenedIn | null {
  if (!host) return null;
  return { host, name: repos.links.hosts().find((h) => h.slug === host)?.name ?? host };
}
