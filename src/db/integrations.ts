import { isEventRole, type EventRole } from '../domain/actors.ts';
import { applyVerb, type AppliedVerb, type VerbRefusal, type VerbRequest, type VerbSnapshot } from '../domain/apply-verb.ts';
import {
  isChannel,
  isPrecision,
  isState,
  type IntegrationEvent,
  type IntegrationHistory,
  type IntegrationState,
  type Rules,
} from '../domain/model.ts';
import { isVerb, type Verb } from '../domain/transitions.ts';
import {
  appendEvent,
  cancelScheduled,
  sourceColumns,
  type EventDbColumns,
  type EventLog,
  type EventSource,
  type RecordedBy,
} from './event-kernel.ts';
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

/** One transition to write, as applyVerb worked it out: the only way an event reaches the log. */
export interface TransitionWrite {
  integrationId: number;
  /** The version applyVerb's snapshot had; another version means someone else wrote first. */
  expectedVersion: number;
  applied: AppliedVerb;
  actor: string;
  actorRole: EventRole;
  recordedAt: string;
  /** The event supersedes the changes scheduled after `recordedAt` (they are cancelled first). */
  supersedesScheduled?: boolean | undefined;
  /** Record events only: the article it comes from and how precise its date is. */
  source?: EventSource | undefined;
}

export interface RulesColumns {
  rollout_percent: number;
  channels: string;
  min_amount_fen: number | null;
  max_amount_fen: number | null;
  display_order: number;
}

/** A row of `integrations`. */
export interface IntegrationDbRow extends RulesColumns {
  id: number;
  storefront_slug: string;
  wallet_slug: string;
  state: string;
  version: number;
  updated_at: string;
}

/** A row of `integration_events` (queries may add columns of their own). */
export interface EventDbRow extends RulesColumns, EventDbColumns {
  id: number;
  integration_id: number;
  version: number;
  verb: string;
  from_state: string;
  to_state: string;
}

/** A column that must hold one of a union's values; anything else is a corrupt row, not a guess. */
function oneOf<T extends string>(value: string, guard: (v: string) => v is T, column: string): T {
  if (guard(value)) return value;
  throw new Error(`Unexpected ${column} "${value}" in the integrations tables.`);
}

const isStatus = (value: string): value is IntegrationEvent['status'] => value === 'active' || value === 'cancelled';

function ruleColumns(rules: Rules) {
  return {
    rolloutPercent: rules.rolloutPercent,
    channels: rules.channels.join(','),
    minAmountFen: rules.minAmountFen,
    maxAmountFen: rules.maxAmountFen,
    displayOrder: rules.displayOrder,
  };
}

export function rulesFrom(row: RulesColumns): Rules {
  return {
    rolloutPercent: row.rollout_percent,
    channels: row.channels === '' ? [] : row.channels.split(',').map((c) => oneOf(c, isChannel, 'channel')),
    minAmountFen: row.min_amount_fen,
    maxAmountFen: row.max_amount_fen,
    displayOrder: row.display_order,
  };
}

/** A state column (to_state, state): one of the state machine's states. */
export function stateFrom(value: string): IntegrationState {
  return oneOf(value, isState, 'state');
}

export function integrationFrom(row: IntegrationDbRow): IntegrationRow {
  return {
    id: row.id,
    storefrontSlug: row.storefront_slug,
    walletSlug: row.wallet_slug,
    state: oneOf(row.state, isState, 'state'),
    rules: rulesFrom(row),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function eventFrom(row: EventDbRow): IntegrationEvent {
  return {
    id: row.id,
    integrationId: row.integration_id,
    version: row.version,
    verb: oneOf(row.verb, isVerb, 'verb'),
    fromState: oneOf(row.from_state, isState, 'state'),
    toState: oneOf(row.to_state, isState, 'state'),
    actor: row.actor,
    actorRole: oneOf(row.actor_role, isEventRole, 'actor role'),
    reason: row.reason,
    recordedAt: row.recorded_at,
    effectiveAt: row.effective_at,
    status: oneOf(row.status, isStatus, 'status'),
    cancelledAt: row.cancelled_at,
    rules: rulesFrom(row),
    sourceFile: row.source_file,
    datePrecision: oneOf(row.date_precision, isPrecision, 'date precision'),
    dateNote: row.date_note,
  };
}

type EventWithSlugs = EventDbRow & { storefront_slug: string; wallet_slug: string };

/** Reads and writes of integrations and their append-only event log. */
export function integrationQueries(db: Db) {
  const find = db.prepare<[string, string], IntegrationDbRow>('SELECT * FROM integrations WHERE storefront_slug = ? AND wallet_slug = ?');
  const list = db.prepare<
    { storefront: string | null; wallet: string | null },
    IntegrationDbRow
  >(`SELECT i.* FROM integrations i JOIN wallets w ON w.slug = i.wallet_slug
    JOIN storefronts s ON s.slug = i.storefront_slug
    WHERE (@storefront IS NULL OR i.storefront_slug = @storefront) AND (@wallet IS NULL OR i.wallet_slug = @wallet)
    ORDER BY s.rowid, w.display_order`);
  const insert = db.prepare<
    [string, string, number, string],
    IntegrationDbRow
  >(`INSERT INTO integrations (storefront_slug, wallet_slug, display_order, updated_at)
    VALUES (?, ?, ?, ?) RETURNING *`);
  const events = db.prepare<[number], EventDbRow>('SELECT * FROM integration_events WHERE integration_id = ? ORDER BY effective_at, id');
  // Per integration of a storefront: the event in force at @at, plus any change
  // recorded by @at that takes effect later. Enough to decide, at any scale.
  // Two index searches rather than one OR, which made SQLite visit every event of the integration
  // (with 1,000,000 events: 0.8 ms a storefront instead of 0.06). The status IN (…) lets the second
  // use integration_events_by_effective; every status qualifies.
  const relevantEventsWhere = (
    integrations: string,
  ) => `SELECT e.*, i.storefront_slug, i.wallet_slug FROM integrations i JOIN integration_events e
      ON e.id = (SELECT e2.id FROM integration_events e2 WHERE e2.integration_id = i.id AND e2.status = 'active'
                 AND e2.effective_at <= @at ORDER BY e2.effective_at DESC, e2.id DESC LIMIT 1)
    WHERE ${integrations}
    UNION ALL
    SELECT e.*, i.storefront_slug, i.wallet_slug FROM integrations i JOIN integration_events e ON e.integration_id = i.id
    WHERE ${integrations} AND e.status IN ('active', 'cancelled') AND e.effective_at > @at AND e.recorded_at <= @at`;
  const relevantEvents = db.prepare<{ storefront: string; at: string }, EventWithSlugs>(
    relevantEventsWhere('i.storefront_slug = @storefront'),
  );
  // The same for a page of storefronts, named by a JSON array bound as one parameter.
  const relevantEventsOfStorefronts = db.prepare<{ storefronts: string; at: string }, EventWithSlugs>(
    relevantEventsWhere('i.storefront_slug IN (SELECT value FROM json_each(@storefronts))'),
  );
  const update = db.prepare(`UPDATE integrations SET state = @toState, rollout_percent = @rolloutPercent,
      channels = @channels, min_amount_fen = @minAmountFen, max_amount_fen = @maxAmountFen,
      display_order = @displayOrder, version = version + 1, updated_at = @recordedAt
    WHERE id = @integrationId AND version = @expectedVersion`);
  const insertEvent = db.prepare<
    Record<string, unknown>,
    EventDbRow
  >(`INSERT INTO integration_events (integration_id, version, verb, from_state, to_state,
      actor, actor_role, reason, recorded_at, effective_at, rollout_percent, channels, min_amount_fen, max_amount_fen,
      display_order, source_file, date_precision, date_note)
    VALUES (@integrationId, @version, @verb, @fromState, @toState, @actor, @actorRole, @reason, @recordedAt, @effectiveAt,
      @rolloutPercent, @channels, @minAmountFen, @maxAmountFen, @displayOrder, @sourceFile, @datePrecision, @dateNote)
    RETURNING *`);
  const cancelPending = db.prepare(`UPDATE integration_events SET status = 'cancelled', cancelled_at = @at
    WHERE integration_id = @integrationId AND status = 'active' AND effective_at > @at`);

  function histories(rows: EventWithSlugs[]): IntegrationHistory[] {
    const byIntegration = new Map<number, IntegrationHistory>();
    for (const raw of rows) {
      const event = eventFrom(raw);
      let history = byIntegration.get(event.integrationId);
      if (!history) {
        // The row carries its integration's slugs: no query per integration.
        history = { integrationId: event.integrationId, storefrontSlug: raw.storefront_slug, walletSlug: raw.wallet_slug, events: [] };
        byIntegration.set(event.integrationId, history);
      }
      history.events.push(event);
    }
    return [...byIntegration.values()];
  }

  const log: EventLog<TransitionWrite, IntegrationEvent> = {
    noun: 'integration',
    advance: (integrationId, expectedVersion, recordedAt, write) =>
      update.run({ ...ruleColumns(write.applied.rules), integrationId, expectedVersion, recordedAt, toState: write.applied.toState })
        .changes,
    insert(integrationId, version, recordedAt, write) {
      const { applied } = write;
      const event = insertEvent.get({
        ...ruleColumns(applied.rules),
        ...sourceColumns(write.source),
        integrationId,
        version,
        verb: applied.verb,
        fromState: applied.fromState,
        toState: applied.toState,
        actor: write.actor,
        actorRole: write.actorRole,
        reason: applied.reason,
        recordedAt,
        effectiveAt: applied.effectiveAt,
      });
      if (!event) throw new Error('The event was not written.');
      return eventFrom(event);
    },
    cancelScheduled: (integrationId, at) => cancelPending.run({ integrationId, at }).changes,
  };

  const recordTransition = (write: TransitionWrite): IntegrationEvent =>
    appendEvent(db, log, {
      id: write.integrationId,
      expectedVersion: write.expectedVersion,
      recordedAt: write.recordedAt,
      supersedesScheduled: write.supersedesScheduled,
      write,
    });

  const takingEffect = db.prepare<{ after: string; through: string }, EventWithSlugs>(`SELECT e.*, i.storefront_slug, i.wallet_slug
    FROM integration_events e JOIN integrations i ON i.id = e.integration_id
    WHERE e.recorded_at <> e.effective_at AND e.effective_at > @after AND e.effective_at <= @through AND e.status = 'active'
    ORDER BY e.effective_at, e.id`);

  return {
    /**
     * Events whose effective time falls in (after, through], oldest first: every one but those that
     * took effect as they were recorded (announced then). A change scheduled ahead is recorded
     * before its time; a scenario's event (the record's go-lives, loaded with the world or copied
     * into a sandbox) is recorded at the load, after its time, so a clock that starts earlier
     * passes it.
     */
    takingEffectBetween(after: string, through: string): (IntegrationEvent & { storefront: string; wallet: string })[] {
      return takingEffect
        .all({ after, through })
        .map((row) => ({ ...eventFrom(row), storefront: row.storefront_slug, wallet: row.wallet_slug }));
    },
    find(storefrontSlug: string, walletSlug: string): IntegrationRow | undefined {
      const row = find.get(storefrontSlug, walletSlug);
      return row && integrationFrom(row);
    },
    list(filter: { storefront?: string | undefined; wallet?: string | undefined } = {}): IntegrationRow[] {
      return list.all({ storefront: filter.storefront ?? null, wallet: filter.wallet ?? null }).map(integrationFrom);
    },
    /** The row for storefront x wallet, created as `not_requested` (version 0) if absent. */
    ensure(storefrontSlug: string, walletSlug: string, displayOrder: number, now: string): IntegrationRow {
      const row = find.get(storefrontSlug, walletSlug) ?? insert.get(storefrontSlug, walletSlug, displayOrder, now);
      if (!row) throw new Error(`Could not create the integration ${storefrontSlug}/${walletSlug}.`);
      return integrationFrom(row);
    },
    events(integrationId: number): IntegrationEvent[] {
      return events.all(integrationId).map(eventFrom);
    },
    /** Histories sufficient to decide for `storefrontSlug` at `at` (not the whole log). */
    historiesAt(storefrontSlug: string, at: string): IntegrationHistory[] {
      return histories(relevantEvents.all({ storefront: storefrontSlug, at }));
    },
    /** The same for several storefronts in one statement (a page of the home page). */
    historiesOfStorefrontsAt(storefrontSlugs: readonly string[], at: string): IntegrationHistory[] {
      return histories(relevantEventsOfStorefronts.all({ storefronts: JSON.stringify(storefrontSlugs), at }));
    },
    /**
     * Writes one transition that applyVerb allowed: the row's new state and rules and
     * its event, or nothing. A version other than `expectedVersion` means someone else wrote first.
     */
    recordTransition,
    /**
     * Applies `verb` to the integration as `at` says it stands (applyVerb: the rules every verb
     * follows) and appends its event; or the refusal, for the caller to say where the verb came from.
     */
    recordVerb(
      at: VerbSnapshot & { id: number; version: number },
      verb: Verb,
      request: VerbRequest,
      by: RecordedBy,
    ): { ok: true; event: IntegrationEvent } | VerbRefusal {
      const applied = applyVerb(at, verb, request);
      if (!applied.ok) return applied;
      return { ok: true, event: recordTransition({ integrationId: at.id, expectedVersion: at.version, applied, ...by }) };
    },
    /** Marks changes scheduled after `at` as cancelled (superseded); returns how many. */
    cancelPending: (integrationId: number, at: string): number => cancelScheduled(db, log, integrationId, at),
  };
}
export type IntegrationQueries = ReturnType<typeof integrationQueries>;
