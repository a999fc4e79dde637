import type { Repositories } from '../db/repositories.ts';
import { linkCoverage } from '../domain/links/coverage.ts';
import type { LinkPlatform, LinkPolicyEvent, LinkPolicyKey, Surface } from '../domain/links/model.ts';
import type { TimelineFilter } from '../db/review.ts';
import { linkEvents, linkPoliciesAsOf, type LinkFilter, type LinkPolicyView } from './links.ts';

/** The review's view of link policies: the link matrix, link events on the timeline, and Taobao's coverage. */

export interface LinkMatrixHost {
  slug: string;
  name: string;
  surfaces: Array<{ slug: Surface; name: string }>;
  /** One row per link platform the host has a policy for; one cell per surface (null: no policy there). */
  rows: Array<{ platform: LinkPlatform; platformName: string; cells: Array<LinkPolicyView | null> }>;
}

/** The link matrix at `asOf`: per host, link platforms × surfaces, in the world's order. */
export function linkMatrix(repos: Repositories, asOf: string, filter: LinkFilter): LinkMatrixHost[] {
  const policies = linkPoliciesAsOf(repos, asOf, filter);
  return repos.links.hosts().flatMap((host) => {
    const mine = policies.filter((p) => p.host === host.slug);
    if (mine.length === 0) return [];
    const surfaces = host.surfaces.filter((s) => mine.some((p) => p.surface === s.slug));
    const platforms = [...new Map(mine.map((p) => [p.platform, p.platformName])).entries()];
    return [
      {
        slug: host.slug,
        name: host.name,
        surfaces,
        rows: platforms.map(([platform, platformName]) => ({
          platform,
          platformName,
          cells: surfaces.map((s) => mine.find((p) => p.surface === s.slug && p.platform === platform) ?? null),
        })),
      },
    ];
  });
}

export type LinkTimelineEvent = LinkPolicyEvent & LinkPolicyKey & { hostName: string; platformName: string; surfaceName: string };

/**
 * The link events a timeline page shows beside the integration events, over the span the page
 * covers (newest down to oldest, as for milestones). A storefront or wallet filter names an
 * integration, so it leaves no link event; verb and actor filters apply as they do to integrations.
 */
export function linkEventsForTimeline(
  repos: Repositories,
  filter: TimelineFilter,
  span: { newest: string; oldest: string } | null,
): LinkTimelineEvent[] {
  if (!span || filter.storefront || filter.wallet) return [];
  const hosts = new Map(repos.links.hosts().map((h) => [h.slug, h]));
  const platforms = new Map(repos.links.platforms().map((p) => [p.slug, p.name]));
  return linkEvents(repos)
    .filter(
      (e) =>
        e.effectiveAt <= span.newest &&
        e.effectiveAt >= span.oldest &&
        (!filter.verb || e.verb === filter.verb) &&
        (!filter.actor || e.actor === filter.actor),
    )
    .map((e) => {
      const host = hosts.get(e.host);
      return {
        ...e,
        hostName: host?.name ?? e.host,
        platformName: platforms.get(e.platform) ?? e.platform,
        surfaceName: host?.surfaces.find((s) => s.slug === e.surface)?.name ?? e.surface,
      };
    });
}

/** "Surfaces where Taobao links open directly, over time", one line per host that has Taobao policies. */
export function loadLinkCoverage(repos: Repositories, platform: LinkPlatform, from: string, to: string) {
  const policies = repos.links.list().filter((p) => p.platform === platform);
  const hosts = repos.links.hosts().filter((h) => policies.some((p) => p.host === h.slug));
  const surfaces = hosts.map((h) => policies.filter((p) => p.host === h.slug).length);
  return {
    hosts: hosts.map((h) => ({ slug: h.slug, name: h.name })),
    platformName: repos.links.platforms().find((p) => p.slug === platform)?.name ?? platform,
    /** The most surfaces any one host has for these links: the chart's full height. */
    surfaces: Math.max(1, ...surfaces),
    ...linkCoverage(
      linkEvents(repos, { platform }),
      hosts.map((h) => h.slug),
      from,
      to,
    ),
  };
}
