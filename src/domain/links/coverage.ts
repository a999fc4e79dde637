import { changePrecisions, coverageSeries, type CoverageEvent, type CoverageSeries } from '../review/coverage.ts';
import type { Precision } from '../model.ts';
import type { Host, LinkPolicyEvent, LinkPolicyKey } from './model.ts';

const opensDirectly = (behaviour: string): boolean => behaviour === 'direct';

function asStep(e: LinkPolicyEvent & LinkPolicyKey): CoverageEvent {
  return {
    id: e.id,
    integrationId: e.policyId,
    walletSlug: e.host,
    effectiveAt: e.effectiveAt,
    datePrecision: e.datePrecision,
    toState: opensDirectly(e.state.behaviour) ? 'live' : 'not_requested',
  };
}

/**
 * How many of each host's surfaces opened a platform's links directly over [from, to] (whatever the
 * rollout percentage, as the wallets' chart counts a live integration). It reuses the wallets' step
 * counting: a policy counts while its behaviour is `direct`, and each series is keyed by host.
 * Announcements change no state, so an expected change is never counted as done.
 */
export function linkCoverage(
  events: ReadonlyArray<LinkPolicyEvent & LinkPolicyKey>,
  hosts: readonly Host[],
  from: string,
  to: string,
): {
  series: CoverageSeries[];
  precisions: Map<string, Precision>;
} {
  const active = events.filter((e) => e.status === 'active');
  // Only a change of direct-ness dates a table row: an announcement on the same day must not coarsen it.
  const changes = active.filter((e) => opensDirectly(e.fromBehaviour) !== opensDirectly(e.state.behaviour));
  return { series: coverageSeries(active.map(asStep), hosts, from, to), precisions: changePrecisions(changes.map(asStep), from, to) };
}
