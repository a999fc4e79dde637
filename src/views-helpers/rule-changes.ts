import { CHANNEL_LABELS, CHANNELS, type IntegrationEvent, type Rules } from '../domain/model.ts';
import { formatYuan } from '../domain/money.ts';

const channelsOf = (rules: Rules): string =>
  rules.channels.length === CHANNELS.length ? 'every channel' : rules.channels.map((c) => CHANNEL_LABELS[c]).join(', ') || 'none';
const amount = (fen: number | null): string => (fen === null ? 'none' : formatYuan(fen));

/** What an adjustment changed, as people read it: "rollout 40 % → 100 %", "channels App → every channel". */
export function ruleChanges(before: Rules, after: Rules): string[] {
  const pairs: [string, string, string][] = [
    ['rollout', `${before.rolloutPercent} %`, `${after.rolloutPercent} %`],
    ['channels', channelsOf(before), channelsOf(after)],
    ['minimum', amount(before.minAmountFen), amount(after.minAmountFen)],
    ['maximum', amount(before.maxAmountFen), amount(after.maxAmountFen)],
    ['display order', String(before.displayOrder), String(after.displayOrder)],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([what, a, b]) => `${what} ${a} → ${b}`);
}

/**
 * An event that keeps its state (an adjust: Live → Live) is told by what it changed; `earlier` is
 * its integration's history (any order). Empty for a change of state, or when nothing came before.
 */
export function changesOf(event: IntegrationEvent, earlier: readonly IntegrationEvent[]): string[] {
  if (event.fromState !== event.toState) return [];
  const before = earlier
    .filter((e) => e.status === 'active' && e.version < event.version)
    .reduce<IntegrationEvent | null>((latest, e) => (latest === null || e.version > latest.version ? e : latest), null);
  return before ? ruleChanges(before.rules, event.rules) : [];
}

/** What each event on a page that kept its state changed, by event id; `historyOf` reads an integration's events (once each). */
export function changesOnPage(
  events: readonly IntegrationEvent[],
  historyOf: (integrationId: number) => IntegrationEvent[],
): Map<number, string[]> {
  const histories = new Map<number, IntegrationEvent[]>();
  const changes = new Map<number, string[]>();
  for (const event of events.filter((e) => e.fromState === e.toState)) {
    const history = histories.get(event.integrationId) ?? historyOf(event.integrationId);
    histories.set(event.integrationId, history);
    changes.set(event.id, changesOf(event, history));
  }
  return changes;
}
