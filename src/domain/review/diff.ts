import type { Channel, IntegrationState, Rules } from '../model.ts';
import type { MatrixCell } from './matrix.ts';

export const RULE_FIELDS = ['rolloutPercent', 'channels', 'minAmountFen', 'maxAmountFen', 'displayOrder'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

/** What a person reads for each changed field. */
export const CHANGE_LABELS: Record<'state' | RuleField, string> = {
  state: 'state',
  rolloutPercent: 'rollout',
  channels: 'channels',
  minAmountFen: 'minimum amount',
  maxAmountFen: 'maximum amount',
  displayOrder: 'display order',
};

export interface DiffEntry {
  storefrontSlug: string;
  walletSlug: string;
  from: { state: IntegrationState; rules: Rules };
  to: { state: IntegrationState; rules: Rules };
  /** What changed: 'state' and/or the rule fields. */
  changed: Array<'state' | RuleField>;
}

/** What the diff compares of an integration at an instant (a matrix cell has more). */
export type DiffSnapshot = Pick<MatrixCell, 'integrationId' | 'storefrontSlug' | 'walletSlug' | 'state' | 'rules'>;

/** Channels are a set: the same channels listed in another order are no change. */
function sameChannels(a: readonly Channel[], b: readonly Channel[]): boolean {
  const mine = new Set(a);
  return mine.size === new Set(b).size && b.every((channel) => mine.has(channel));
}

function sameRule(a: Rules, b: Rules, field: RuleField): boolean {
  if (field === 'channels') return sameChannels(a.channels, b.channels);
  return a[field] === b[field];
}

/**
 * The integrations whose state or rules differ between two snapshots, in the
 * order of `b`. An integration missing from `a` counts as not requested there.
 */
export function diffBetween(a: readonly DiffSnapshot[], b: readonly DiffSnapshot[]): DiffEntry[] {
  const before = new Map(a.map((cell) => [cell.integrationId, cell]));
  const entries: DiffEntry[] = [];
  for (const after of b) {
    const old = before.get(after.integrationId);
    const from = old ? { state: old.state, rules: old.rules } : { state: 'not_requested' as const, rules: after.rules };
    const changed: DiffEntry['changed'] = [];
    if (from.state !== after.state) changed.push('state');
    // Rules only shape a live integration: a launch changes the state, not the rules a shopper meets.
    if (from.state === 'live' && after.state === 'live') {
      for (const field of RULE_FIELDS) if (!sameRule(from.rules, after.rules, field)) changed.push(field);
    }
    if (changed.length > 0) {
      entries.push({
        storefrontSlug: after.storefrontSlug,
        walletSlug: after.walletSlug,
        from,
        to: { state: after.state, rules: after.rules },
        changed,
      });
    }
  }
  return entries;
}
