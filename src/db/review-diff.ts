import { DEFAULT_RULES, type Rules } from '../domain/model.ts';
import type { DiffSnapshot } from '../domain/review/diff.ts';
import { rulesFrom, stateFrom } from './integrations.ts';
import type { Db } from './open.ts';
import { int, maybeInt, maybeText, query, rawQuery, text, type RawRow } from './rows.ts';

/** SQL for the id of integration i's event in force at the instant bound to `param` (a fixed name, never input). */
export function inForceId(param: '@at' | '@from' | '@to'): string {
  return `SELECT e2.id FROM integration_events e2 WHERE e2.integration_id = i.id AND e2.status = 'active'
    AND e2.effective_at <= ${param} ORDER BY e2.effective_at DESC, e2.id DESC LIMIT 1`;
}

/** What the diff compares of an event in force: its state and its rules' columns (the key of equal rules). */
interface Compared {
  toState: string;
  rules: [rolloutPercent: number, channels: string, minAmountFen: number | null, maxAmountFen: number | null, displayOrder: number];
}
/** A row of `inForceAtBoth`: the integration and what it compares at each instant (null: no event in force yet). */
interface InForceRow {
  integrationId: number;
  storefrontSlug: string;
  walletSlug: string;
  from: Compared | null;
  to: Compared | null;
}
const COMPARED = 7;

/** The `COMPARED` columns from `first`, as `compared()` selects them. */
function comparedAt(row: RawRow, first: number): Compared | null {
  if (row[first] === null) return null;
  const toState = maybeText(row, first + 1);
  if (toState === null) return null;
  return {
    toState,
    rules: [int(row, first + 2), text(row, first + 3), maybeInt(row, first + 4), maybeInt(row, first + 5), int(row, first + 6)],
  };
}

const compared = (alias: 'f' | 't', id: string) => `${id}, ${alias}.to_state, ${alias}.rollout_percent, ${alias}.channels,
  ${alias}.min_amount_fen, ${alias}.max_amount_fen, ${alias}.display_order`;

/** The diff's queries: which integrations' event in force differs between two instants, and their state and rules at both. */
export function reviewDiffQueries(db: Db) {
  const changedBetween = query<number, { from: string; to: string }>(
    db,
    `SELECT i.id FROM integrations i
    WHERE (${inForceId('@from')}) IS NOT (${inForceId('@to')})`,
    (row) => int(row, 'id'),
  );
  // The diff needs each changed integration's state and rules at both instants: the ids of the
  // events in force (two index probes an integration), then only the columns it compares of those
  // events. Reading whole events for 3,000 integrations twice cost ten times as much on the large
  // world; the probes inside the join (not materialized first) cost a third more.
  // Read as arrays: 3,000 rows of 17 named columns cost a third more as objects.
  const inForceAtBoth = rawQuery<InForceRow, { from: string; to: string }>(
    db,
    `WITH pairs AS MATERIALIZED (
      SELECT i.id AS integrationId, i.storefront_slug AS storefrontSlug, i.wallet_slug AS walletSlug,
        (${inForceId('@from')}) AS fromId, (${inForceId('@to')}) AS toId, s.rowid AS storefrontOrder, w.display_order AS walletOrder
      FROM integrations i JOIN storefronts s ON s.slug = i.storefront_slug JOIN wallets w ON w.slug = i.wallet_slug)
    SELECT p.integrationId, p.storefrontSlug, p.walletSlug, ${compared('f', 'p.fromId')}, ${compared('t', 'p.toId')}
    FROM pairs p LEFT JOIN integration_events f ON f.id = p.fromId LEFT JOIN integration_events t ON t.id = p.toId
    WHERE p.fromId IS NOT p.toId ORDER BY p.storefrontOrder, p.walletOrder`,
    (row) => ({
      integrationId: int(row, 0),
      storefrontSlug: text(row, 1),
      walletSlug: text(row, 2),
      from: comparedAt(row, 3),
      to: comparedAt(row, 3 + COMPARED),
    }),
  );

  /** A snapshot of each side of each row; equal rules (most are) are one frozen object, read once. */
  function snapshotsOf(rows: readonly InForceRow[], side: 'from' | 'to'): DiffSnapshot[] {
    const rulesSeen = new Map<string, Rules>();
    return rows.map((row) => {
      const integration = { integrationId: row.integrationId, storefrontSlug: row.storefrontSlug, walletSlug: row.walletSlug };
      const compared = row[side];
      if (compared === null) return { ...integration, state: 'not_requested', rules: DEFAULT_RULES };
      const key = compared.rules.join('|');
      let rules = rulesSeen.get(key);
      if (!rules) {
        const [rollout, channels, min, max, order] = compared.rules;
        rules = Object.freeze(
          rulesFrom({ rollout_percent: rollout, channels, min_amount_fen: min, max_amount_fen: max, display_order: order }),
        );
        rulesSeen.set(key, rules);
      }
      return { ...integration, state: stateFrom(compared.toState), rules };
    });
  }

  return {
    /**
     * State and rules at `from` and at `to` of the integrations whose event in force differs (the
     * others cannot have changed), in matrix order.
     */
    snapshotsWhereChanged(from: string, to: string): { from: DiffSnapshot[]; to: DiffSnapshot[] } {
      const rows = inForceAtBoth.all({ from, to });
      return { from: snapshotsOf(rows, 'from'), to: snapshotsOf(rows, 'to') };
    },
    /** Integrations whose event in force differs between the two instants (the others cannot have changed). */
    changedBetween: (from: string, to: string) => changedBetween.all({ from, to }),
  };
}
