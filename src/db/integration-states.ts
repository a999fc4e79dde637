import type { Wallet } from '../domain/model.ts';
import type { IntegrationEvent, IntegrationHistory } from '../domain/model.ts';
import { integrationAt, type IntegrationSnapshot } from '../domain/timeline.ts';
import type { CatalogQueries, Storefront } from './catalog.ts';
import { eventFrom, integrationFrom, type EventDbRow, type IntegrationDbRow, type IntegrationRow } from './integrations.ts';
import type { Db } from './open.ts';
import type { Clock } from '../domain/time.ts';
import { integrationsGeneration } from './integration-writes.ts';

/** How far behind the clock a decision may look and still be answered from the index. */
const RECENT_MS = 60_000;

/** One integration with enough of its history to know its state at any instant from the index's `from` on. */
export interface IndexedIntegration {
  row: IntegrationRow;
  storefront: Storefront;
  wallet: Wallet;
  /** The event in force at `from`, and every event that takes effect after it (any status). */
  events: IntegrationEvent[];
  /** The snapshot at `snapshotAt`, kept until `validUntil` (the next instant one of its events changes it). */
  snapshot: IntegrationSnapshot;
  snapshotAt: string;
  validUntil: string;
}

function nextChange(events: readonly IntegrationEvent[], at: string): string {
  let next = '\uffff';
  for (const e of events) {
    for (const instant of [e.recordedAt, e.effectiveAt, e.cancelledAt])
      if (instant !== null && instant > at && instant < next) next = instant;
  }
  return next;
}

/**
 * Every integration's state now, in memory: read in one statement (each integration's event in force
 * and those after it, like the decision's query), then answered without SQL until something is
 * written. A snapshot from these events is exact at any instant at or after the read, because no
 * older event can be the latest one then. The badge, the console's inbox and the decisions use it.
 */
export function integrationStates(db: Db, catalog: CatalogQueries, clock: Clock) {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  const rows = db.prepare<[], IntegrationDbRow>(`SELECT i.* FROM integrations i JOIN storefronts s ON s.slug = i.storefront_slug
    JOIN wallets w ON w.slug = i.wallet_slug ORDER BY s.rowid, w.display_order`);
  const events = db.prepare<{ at: string }, EventDbRow>(`SELECT e.* FROM integrations i JOIN integration_events e
      ON e.id = (SELECT e2.id FROM integration_events e2 WHERE e2.integration_id = i.id AND e2.status = 'active'
                 AND e2.effective_at <= @at ORDER BY e2.effective_at DESC, e2.id DESC LIMIT 1)
    UNION ALL
    SELECT e.* FROM integrations i JOIN integration_events e ON e.integration_id = i.id
    WHERE e.status IN ('active', 'cancelled') AND e.effective_at > @at`);

  let index: {
    generation: number;
    dataVersion: number;
    from: string;
    all: IndexedIntegration[];
    byStorefront: Map<string, IndexedIntegration[]>;
  } | null = null;
  /** Answers worked out from every snapshot, kept while no snapshot can change: the badge's counts. */
  let memo: { built: object | null; from: string; until: string; values: Map<string, unknown> } = {
    built: null,
    from: '',
    until: '',
    values: new Map(),
  };

  function build(at: string, generation: number, version: number) {
    const storefronts = new Map(catalog.storefronts().map((s) => [s.slug, s]));
    const wallets = new Map(catalog.wallets().map((w) => [w.slug, w]));
    const byId = new Map<number, IndexedIntegration>();
    const all: IndexedIntegration[] = [];
    const byStorefront = new Map<string, IndexedIntegration[]>();
    for (const raw of rows.all()) {
      const row = integrationFrom(raw);
      const storefront = storefronts.get(row.storefrontSlug);
      const wallet = wallets.get(row.walletSlug);
      if (!storefront || !wallet) continue;
      const entry: IndexedIntegration = {
        row,
        storefront,
        wallet,
        events: [],
        snapshot: integrationAt([], at),
        snapshotAt: '',
        validUntil: '',
      };
      byId.set(row.id, entry);
      all.push(entry);
      const siblings = byStorefront.get(row.storefrontSlug);
      if (siblings) siblings.push(entry);
      else byStorefront.set(row.storefrontSlug, [entry]);
    }
    for (const raw of events.all({ at })) byId.get(raw.integration_id)?.events.push(eventFrom(raw));
    index = { generation, dataVersion: version, from: at, all, byStorefront };
    return index;
  }

  /** The index if nothing was written since it was read and it can answer for `at`. */
  function fresh(at: string, generation: number, version: number) {
    return index && index.generation === generation && index.dataVersion === version && at >= index.from ? index : null;
  }

  /** The index, read again (as of `at`) if anything was written since or `at` is before what it can answer. */
  function current(at: string) {
    const generation = integrationsGeneration(db);
    const version = dataVersion.get() ?? 0;
    return fresh(at, generation, version) ?? build(at, generation, version);
  }

  /** Whether `at` is now or later (to within a minute): the index answers for it; a look further back asks the database. */
  function recent(at: string): boolean {
    return Date.parse(at) >= clock.now().getTime() - RECENT_MS;
  }

  function snapshotOf(entry: IndexedIntegration, at: string): IntegrationSnapshot {
    if (entry.snapshotAt === '' || at < entry.snapshotAt || at >= entry.validUntil) {
      entry.snapshot = integrationAt(entry.events, at);
      entry.snapshotAt = at;
      entry.validUntil = nextChange(entry.events, at);
    }
    return entry.snapshot;
  }

  function all(at: string): Array<{ entry: IndexedIntegration; snapshot: IntegrationSnapshot }> {
    return current(at).all.map((entry) => ({ entry, snapshot: snapshotOf(entry, at) }));
  }

  return {
    /** Every integration, in the console's order (storefront, then wallet), with its snapshot at `at` (now or later). */
    all,
    /** Whether `at` is now or later (to within a minute): what `memoized` may be asked; a look into the past asks the database. */
    answersFor: recent,
    /**
     * `compute(all(at))`, kept under `key` until something is written or one of the snapshots changes
     * (a scheduled launch taking effect): the badge costs a lookup, not a pass over every integration.
     */
    memoized<T>(key: string, at: string, compute: (items: ReturnType<typeof all>) => T): T {
      const built = current(at);
      if (memo.built !== built || at < memo.from || at >= memo.until) {
        const items = all(at);
        memo = {
          built,
          from: at,
          until: items.reduce((min, { entry }) => (entry.validUntil < min ? entry.validUntil : min), '\uffff'),
          values: new Map(),
        };
      }
      if (!memo.values.has(key)) memo.values.set(key, compute(all(at)));
      return memo.values.get(key) as T;
    },
    /**
     * What `integrations.historiesAt` answers, from memory, for one or more storefronts: the events
     * that decide their wallets at `at`; undefined for a look into the past (ask the database).
     */
    historiesAt(storefrontSlugs: readonly string[], at: string): IntegrationHistory[] | undefined {
      const generation = integrationsGeneration(db);
      const version = dataVersion.get() ?? 0;
      // An index read as of a day in the past would hold every later event: such looks go to the database.
      const written = !index || index.generation !== generation || index.dataVersion !== version;
      const usable = fresh(at, generation, version) ?? (written && recent(at) ? build(at, generation, version) : null);
      if (!usable) return undefined;
      return storefrontSlugs.flatMap((slug) =>
        (usable.byStorefront.get(slug) ?? []).map((entry) => ({
          integrationId: entry.row.id,
          storefrontSlug: entry.row.storefrontSlug,
          walletSlug: entry.row.walletSlug,
          events: entry.events,
        })),
      );
    },
  };
}
export type IntegrationStates = ReturnType<typeof integrationStates>;
