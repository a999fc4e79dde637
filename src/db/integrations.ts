import { Refusal } from '../domain/errors.ts';
import type { Channel, DatePrecision, IntegrationEvent, IntegrationHistory, IntegrationState, Rules } from '../domain/model.ts';
import type { Db } from './open.ts';

export interface IntegrationRow {
  id: number;
  storefrontSlug: string;
  walletSlug: string;
  /** The latest recorded state (a scheduled launch already shows `live`). */
  state: IntegrationState;
  rules: Rules;
  version: number;
  updatedAt: string;
}

export interface NewEvent {
  integrationId: number;
  expectedVersion: number;
  verb: string;
  fromState: IntegrationState;
  toState: IntegrationState;
  actor: string;
  actorRole: string;
  reason: string;
  recordedAt: string;
  effectiveAt: string;
  rules: Rules;
  sourceFile?: string | null;
  datePrecision?: DatePrecision;
  dateNote?: string;
}

interface RawRules {
  rollout_percent: number;
  channels: string;
  min_amount_fen: number | null;
  max_amount_fen: number | null;
  display_order: number;
}

function rulesFrom(raw: RawRules): Rules {
  return {
    rolloutPercent: raw.rollout_percent,
    channels: raw.channels === '' ? [] : (raw.channels.split(',') as Channel[]),
    minAmountFen: raw.min_amount_fen,
    maxAmountFen: raw.max_amount_fen,
    displayOrder: raw.display_order,
  };
}

function integrationFrom(raw: RawRules & Record<string, unknown>): IntegrationRow {
  return {
    id: raw.id as number,
    storefrontSlug: raw.storefront_slug as string,
    walletSlug: raw.wallet_slug as string,
    state: raw.state as IntegrationState,
    rules: rulesFrom(raw),
    version: raw.version as number,
    updatedAt: raw.updated_at as string,
  };
}

export function eventFrom(raw: RawRules & Record<string, unknown>): IntegrationEvent {
  return {
    id: raw.id as number,
    integrationId: raw.integration_id as number,
    version: raw.version as number,
    verb: raw.verb as string,
    fromState: raw.from_state as IntegrationState,
    toState: raw.to_state as IntegrationState,
    actor: raw.actor as string,
    actorRole: raw.actor_role as string,
    reason: raw.reason as string,
    recordedAt: raw.recorded_at as string,
    effectiveAt: raw.effective_at as string,
    status: raw.status as 'active' | 'cancelled',
    cancelledAt: (raw.cancelled_at as string | null) ?? null,
    rules: rulesFrom(raw),
    sourceFile: (raw.source_file as string | null) ?? null,
    datePrecision: raw.date_precision as DatePrecision,
    dateNote: raw.date_note as string,
  };
}

type Raw = RawRules & Record<string, unknown>;

/** Reads and writes of integrations and their append-only event log. */
export function integrationQueries(db: Db) {
  const find = db.prepare('SELECT * FROM integrations WHERE storefront_slug = ? AND wallet_slug = ?');
  const list = db.prepare(`SELECT i.* FROM integrations i JOIN wallets w ON w.slug = i.wallet_slug
    JOIN storefronts s ON s.slug = i.storefront_slug
    WHERE (@storefront IS NULL OR i.storefront_slug = @storefront) AND (@wallet IS NULL OR i.wallet_slug = @wallet)
    ORDER BY s.rowid, w.display_order`);
  const insert = db.prepare(`INSERT INTO integrations (storefront_slug, wallet_slug, display_order, updated_at)
    VALUES (?, ?, ?, ?) RETURNING *`);
  const events = db.prepare('SELECT * FROM integration_events WHERE integration_id = ? ORDER BY effective_at, id');
  // Per integration of a storefront: the event in force at @at, plus any change
  // recorded by @at that takes effect later. Enough to decide, at any scale.
  // Two index searches rather than one OR, which made SQLite visit every event of the integration
  // (with 1,000,000 events: 0.8 ms a storefront instead of 0.06). The status IN (…) lets the second
  // use integration_events_by_effective; every status qualifies.
  const relevantEvents = db.prepare(`SELECT e.*, i.storefront_slug, i.wallet_slug FROM integrations i JOIN integration_events e
      ON e.id = (SELECT e2.id FROM integration_events e2 WHERE e2.integration_id = i.id AND e2.status = 'active'
                 AND e2.effective_at <= @at ORDER BY e2.effective_at DESC, e2.id DESC LIMIT 1)
    WHERE i.storefront_slug = @storefront
    UNION ALL
    SELECT e.*, i.storefront_slug, i.wallet_slug FROM integrations i JOIN integration_events e ON e.integration_id = i.id
    WHERE i.storefront_slug = @storefront AND e.status IN ('active', 'cancelled') AND e.effective_at > @at AND e.recorded_at <= @at`);
  const update = db.prepare(`UPDATE integrations SET state = @toState, rollout_percent = @rolloutPercent,
      channels = @channels, min_amount_fen = @minAmountFen, max_amount_fen = @maxAmountFen,
      display_order = @displayOrder, version = version + 1, updated_at = @recordedAt
    WHERE id = @integrationId AND version = @expectedVersion`);
  const insertEvent = db.prepare(`INSERT INTO integration_events (integration_id, version, verb, from_state, to_state,
      actor, actor_role, reason, recorded_at, effective_at, rollout_percent, channels, min_amount_fen, max_amount_fen,
      display_order, source_file, date_precision, date_note)
    VALUES (@integrationId, @version, @verb, @fromState, @toState, @actor, @actorRole, @reason, @recordedAt, @effectiveAt,
      @rolloutPercent, @channels, @minAmountFen, @maxAmountFen, @displayOrder, @sourceFile, @datePrecision, @dateNote)
    RETURNING *`);
  const cancelPending = db.prepare(`UPDATE integration_events SET status = 'cancelled', cancelled_at = @at
    WHERE integration_id = @integrationId AND status = 'active' AND effective_at > @at`);

  function histories(rows: Raw[]): IntegrationHistory[] {
    const byIntegration = new Map<number, IntegrationHistory>();
    for (const raw of rows) {
      const event = eventFrom(raw);
      let history = byIntegration.get(event.integrationId);
      if (!history) {
        // The row carries its integration's slugs: no query per integration.
        history = { integrationId: event.integrationId, storefrontSlug: raw.storefront_slug as string, walletSlug: raw.wallet_slug as string, events: [] };
        byIntegration.set(event.integrationId, history);
      }
      history.events.push(event);
    }
    return [...byIntegration.values()];
  }

  return {
    find(storefrontSlug: string, walletSlug: string): IntegrationRow | undefined {
      const raw = find.get(storefrontSlug, walletSlug) as Raw | undefined;
      return raw && integrationFrom(raw);
    },
    list(filter: { storefront?: string | undefined; wallet?: string | undefined } = {}): IntegrationRow[] {
      return (list.all({ storefront: filter.storefront ?? null, wallet: filter.wallet ?? null }) as Raw[]).map(integrationFrom);
    },
    /** The row for storefront x wallet, created as `not_requested` (version 0) if absent. */
    ensure(storefrontSlug: string, walletSlug: string, displayOrder: number, now: string): IntegrationRow {
      const existing = find.get(storefrontSlug, walletSlug) as Raw | undefined;
      return integrationFrom(existing ?? (insert.get(storefrontSlug, walletSlug, displayOrder, now) as Raw));
    },
    events(integrationId: number): IntegrationEvent[] {
      return (events.all(integrationId) as Raw[]).map(eventFrom);
    },
    /** Histories sufficient to decide for `storefrontSlug` at `at` (not the whole log). */
    historiesAt(storefrontSlug: string, at: string): IntegrationHistory[] {
      return histories(relevantEvents.all({ storefront: storefrontSlug, at }) as Raw[]);
    },
    /**
     * Writes one transition: the row's new state and rules and its event, or
     * nothing. A version other than `expectedVersion` means someone else wrote first.
     */
    appendEvent(input: NewEvent): IntegrationEvent {
      return db.transaction(() => {
        const flat = {
          ...input,
          rolloutPercent: input.rules.rolloutPercent,
          channels: input.rules.channels.join(','),
          minAmountFen: input.rules.minAmountFen,
          maxAmountFen: input.rules.maxAmountFen,
          displayOrder: input.rules.displayOrder,
          sourceFile: input.sourceFile ?? null,
          datePrecision: input.datePrecision ?? 'exact',
          dateNote: input.dateNote ?? '',
        };
        const { changes } = update.run(flat);
        if (changes === 0) {
          throw new Refusal('stale_version', 'This integration changed while you were editing; reload it and try again.');
        }
        return eventFrom(insertEvent.get({ ...flat, version: input.expectedVersion + 1 }) as Raw);
      })();
    },
    /** Marks changes scheduled after `at` as cancelled (superseded); returns how many. */
    cancelPending(integrationId: number, at: string): number {
      return cancelPending.run({ integrationId, at }).changes;
    },
  };
}
export type IntegrationQueries = ReturnType<typeof integrationQueries>;
