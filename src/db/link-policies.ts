import { isEventRole, type EventRole } from '../domain/actors.ts';
import { isPrecision } from '../domain/model.ts';
import {
  isBehaviour,
  isHost,
  isLinkPlatform,
  isPreview,
  isReview,
  isShare,
  isSurface,
  type Host,
  type LinkChanges,
  type LinkPlatform,
  type LinkPolicyEvent,
  type LinkPolicyKey,
  type LinkPolicyState,
  type Surface,
} from '../domain/links/model.ts';
import {
  applyLinkVerb,
  isLinkVerb,
  type AppliedLinkVerb,
  type LinkSnapshot,
  type LinkVerb,
  type LinkVerbRefusal,
  type LinkVerbRequest,
} from '../domain/links/verbs.ts';
import { cachedWhileUnchanged } from './catalog.ts';
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

export interface LinkHostRow {
  slug: Host;
  name: string;
  ownerName: string;
  operatorGroup: string;
  reviewerProvider: string | null;
  surfaces: Array<{ slug: Surface; name: string }>;
}

export interface LinkPlatformRow {
  slug: LinkPlatform;
  name: string;
  ownerName: string;
  requesterGroup: string | null;
  /** The storefront a link of this platform lands in, if the world has one. */
  storefront: string | null;
}

export interface LinkPolicyRow extends LinkPolicyKey {
  id: number;
  /** The latest recorded state (a change scheduled for later already shows here). */
  state: LinkPolicyState;
  version: number;
  updatedAt: string;
}

/** One link transition to write, as applyLinkVerb worked it out: the only way a link event reaches the log. */
export interface LinkTransitionWrite {
  policyId: number;
  expectedVersion: number;
  applied: AppliedLinkVerb;
  actor: string;
  actorRole: EventRole;
  recordedAt: string;
  /** The event supersedes the changes scheduled after `recordedAt` (they are cancelled first). */
  supersedesScheduled?: boolean | undefined;
  /** Record events only: the article(s) and how precise the date is. */
  source?: EventSource | undefined;
}

interface StateColumns {
  rollout_percent: number;
  fallback_behaviour: string;
  preview: string;
  share: string;
  review: string;
}
interface PolicyDbRow extends StateColumns {
  id: number;
  host_slug: string;
  surface_slug: string;
  platform_slug: string;
  behaviour: string;
  version: number;
  updated_at: string;
}
interface LinkEventDbRow extends StateColumns, EventDbColumns {
  id: number;
  policy_id: number;
  version: number;
  verb: string;
  from_behaviour: string;
  to_behaviour: string;
  asked_behaviour: string | null;
  asked_preview: string | null;
  asked_share: string | null;
  asked_by: string | null;
}
type EventWithKey = LinkEventDbRow & { host_slug: string; surface_slug: string; platform_slug: string };

function oneOf<T extends string>(value: string, guard: (v: string) => v is T, column: string): T {
  if (guard(value)) return value;
  throw new Error(`Unexpected ${column} "${value}" in the link tables.`);
}
const maybe = <T extends string>(value: string | null, guard: (v: string) => v is T, column: string): T | undefined =>
  value === null ? undefined : oneOf(value, guard, column);
const isStatus = (value: string): value is 'active' | 'cancelled' => value === 'active' || value === 'cancelled';

function stateFrom(row: StateColumns, behaviour: string): LinkPolicyState {
  return {
    behaviour: oneOf(behaviour, isBehaviour, 'behaviour'),
    preview: oneOf(row.preview, isPreview, 'preview'),
    share: oneOf(row.share, isShare, 'share'),
    rolloutPercent: row.rollout_percent,
    fallbackBehaviour: oneOf(row.fallback_behaviour, isBehaviour, 'behaviour'),
    review: oneOf(row.review, isReview, 'review'),
  };
}

function policyFrom(row: PolicyDbRow): LinkPolicyRow {
  return {
    id: row.id,
    host: oneOf(row.host_slug, isHost, 'host'),
    surface: oneOf(row.surface_slug, isSurface, 'surface'),
    platform: oneOf(row.platform_slug, isLinkPlatform, 'platform'),
    state: stateFrom(row, row.behaviour),
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function linkEventFrom(row: LinkEventDbRow): LinkPolicyEvent {
  const asked: LinkChanges | null =
    row.asked_behaviour === null && row.asked_preview === null && row.asked_share === null
      ? null
      : {
          behaviour: maybe(row.asked_behaviour, isBehaviour, 'behaviour'),
          preview: maybe(row.asked_preview, isPreview, 'preview'),
          share: maybe(row.asked_share, isShare, 'share'),
        };
  return {
    id: row.id,
    policyId: row.policy_id,
    version: row.version,
    verb: oneOf(row.verb, isLinkVerb, 'verb'),
    fromBehaviour: oneOf(row.from_behaviour, isBehaviour, 'behaviour'),
    state: stateFrom(row, row.to_behaviour),
    asked,
    askedBy: row.asked_by,
    actor: row.actor,
    actorRole: oneOf(row.actor_role, isEventRole, 'actor role'),
    reason: row.reason,
    recordedAt: row.recorded_at,
    effectiveAt: row.effective_at,
    status: oneOf(row.status, isStatus, 'status'),
    cancelledAt: row.cancelled_at,
    sourceFile: row.source_file,
    datePrecision: oneOf(row.date_precision, isPrecision, 'date precision'),
    dateNote: row.date_note,
  };
}

/** Reads and writes of hosts, link platforms, link policies and their append-only event log. */
export function linkQueries(db: Db) {
  const hosts = db.prepare<[], { slug: string; name: string; ownerName: string; operatorGroup: string; reviewerProvider: string | null }>(
    `SELECT slug, name, owner_name AS ownerName, operator_group_slug AS operatorGroup, reviewer_provider_slug AS reviewerProvider
     FROM link_hosts ORDER BY display_order`,
  );
  const surfaces = db.prepare<[], { host: string; slug: string; name: string }>(
    'SELECT host_slug AS host, slug, name FROM link_surfaces ORDER BY host_slug, display_order',
  );
  const platforms = db.prepare<
    [],
    { slug: string; name: string; ownerName: string; requesterGroup: string | null; storefront: string | null }
  >(
    `SELECT slug, name, owner_name AS ownerName, requester_group_slug AS requesterGroup, storefront_slug AS storefront
     FROM link_platforms ORDER BY display_order`,
  );
  const walls = db.prepare<{ host: string | null; group: string }, { host: string; hostName: string; wallet: string; reason: string }>(
    `SELECT w.host_slug AS host, h.name AS hostName, w.wallet_slug AS wallet, w.reason FROM host_wallet_walls w
     JOIN link_hosts h ON h.slug = w.host_slug WHERE (@host IS NULL OR w.host_slug = @host) AND w.group_slug = @group`,
  );
  const wallNotes = db.prepare<[string], { wallet: string; group: string; reason: string; note: string; sourceFile: string | null }>(
    `SELECT w.name AS wallet, g.name AS "group", hw.reason, hw.note, hw.source_file AS sourceFile FROM host_wallet_walls hw
     JOIN wallets w ON w.slug = hw.wallet_slug JOIN storefront_groups g ON g.slug = hw.group_slug WHERE hw.host_slug = ? ORDER BY hw.rowid`,
  );
  const find = db.prepare<[string, string, string], PolicyDbRow>(
    'SELECT * FROM link_policies WHERE host_slug = ? AND surface_slug = ? AND platform_slug = ?',
  );
  const list = db.prepare<[], PolicyDbRow>(`SELECT p.* FROM link_policies p JOIN link_hosts h ON h.slug = p.host_slug
    JOIN link_surfaces s ON s.host_slug = p.host_slug AND s.slug = p.surface_slug JOIN link_platforms l ON l.slug = p.platform_slug
    ORDER BY h.display_order, s.display_order, l.display_order`);
  const insert = db.prepare<[string, string, string, string, string], PolicyDbRow>(
    'INSERT INTO link_policies (host_slug, surface_slug, platform_slug, share, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *',
  );
  const events = db.prepare<[number], LinkEventDbRow>('SELECT * FROM link_policy_events WHERE policy_id = ? ORDER BY effective_at, id');
  const allEvents = db.prepare<[], EventWithKey>(`SELECT e.*, p.host_slug, p.surface_slug, p.platform_slug FROM link_policy_events e
    JOIN link_policies p ON p.id = e.policy_id ORDER BY e.effective_at, e.id`);
  const update = db.prepare(`UPDATE link_policies SET behaviour = @behaviour, preview = @preview, share = @share,
      rollout_percent = @rolloutPercent, fallback_behaviour = @fallbackBehaviour, review = @review, version = version + 1, updated_at = @recordedAt
    WHERE id = @policyId AND version = @expectedVersion`);
  const insertEvent = db.prepare<Record<string, unknown>, LinkEventDbRow>(`INSERT INTO link_policy_events (policy_id, version, verb,
      from_behaviour, to_behaviour, preview, share, rollout_percent, fallback_behaviour, review, asked_behaviour, asked_preview, asked_share,
      asked_by, actor, actor_role, reason, recorded_at, effective_at, source_file, date_precision, date_note)
    VALUES (@policyId, @version, @verb, @fromBehaviour, @behaviour, @preview, @share, @rolloutPercent, @fallbackBehaviour, @review,
      @askedBehaviour, @askedPreview, @askedShare, @askedBy, @actor, @actorRole, @reason, @recordedAt, @effectiveAt, @sourceFile,
      @datePrecision, @dateNote) RETURNING *`);
  const cancelPending = db.prepare(`UPDATE link_policy_events SET status = 'cancelled', cancelled_at = @at
    WHERE policy_id = @policyId AND status = 'active' AND effective_at > @at`);

  const log: EventLog<LinkTransitionWrite, LinkPolicyEvent> = {
    noun: 'link policy',
    advance: (policyId, expectedVersion, recordedAt, write) =>
      update.run({ ...write.applied.state, policyId, expectedVersion, recordedAt }).changes,
    insert(policyId, version, recordedAt, write) {
      const { applied } = write;
      const event = insertEvent.get({
        ...applied.state,
        ...sourceColumns(write.source),
        policyId,
        version,
        verb: applied.verb,
        fromBehaviour: applied.fromBehaviour,
        askedBehaviour: applied.asked?.behaviour ?? null,
        askedPreview: applied.asked?.preview ?? null,
        askedShare: applied.asked?.share ?? null,
        askedBy: applied.asked ? write.actor : null,
        actor: write.actor,
        actorRole: write.actorRole,
        reason: applied.reason,
        recordedAt,
        effectiveAt: applied.effectiveAt,
      });
      if (!event) throw new Error('The link event was not written.');
      return linkEventFrom(event);
    },
    cancelScheduled: (policyId, at) => cancelPending.run({ policyId, at }).changes,
  };

  const recordLinkTransition = (write: LinkTransitionWrite): LinkPolicyEvent =>
    appendEvent(db, log, {
      id: write.policyId,
      expectedVersion: write.expectedVersion,
      recordedAt: write.recordedAt,
      supersedesScheduled: write.supersedesScheduled,
      write,
    });

  const cachedHosts = cachedWhileUnchanged(db, (): LinkHostRow[] => {
    const bySurface = surfaces.all();
    return hosts.all().map((h) => ({
      ...h,
      slug: oneOf(h.slug, isHost, 'host'),
      surfaces: bySurface.filter((s) => s.host === h.slug).map((s) => ({ slug: oneOf(s.slug, isSurface, 'surface'), name: s.name })),
    }));
  });
  const cachedPlatforms = cachedWhileUnchanged(db, (): LinkPlatformRow[] =>
    platforms.all().map((p) => ({ ...p, slug: oneOf(p.slug, isLinkPlatform, 'platform') })),
  );

  return {
    /** The hosts and their surfaces: world data, held in memory until a scenario is written (like the catalogue). */
    hosts: cachedHosts,
    /** The link platforms: world data, held in memory likewise. */
    platforms: cachedPlatforms,
    /** The walls of `host` (any host when null) for the storefronts of `group`. */
    /** Every wall of `host`, with the record's note and sources (shown to a shopper inside it). */
    wallNotes: (host: Host) => wallNotes.all(host),
    walls: (host: Host | null, group: string) => walls.all({ host, group }).map((w) => ({ ...w, host: oneOf(w.host, isHost, 'host') })),
    find(key: LinkPolicyKey): LinkPolicyRow | undefined {
      const row = find.get(key.host, key.surface, key.platform);
      return row && policyFrom(row);
    },
    list: (): LinkPolicyRow[] => list.all().map(policyFrom),
    /** The row for host x surface x platform, created with the walled-garden default (version 0) if absent. */
    ensure(key: LinkPolicyKey, share: string, now: string): LinkPolicyRow {
      const row = find.get(key.host, key.surface, key.platform) ?? insert.get(key.host, key.surface, key.platform, share, now);
      if (!row) throw new Error(`Could not create the link policy ${key.host}/${key.surface}/${key.platform}.`);
      return policyFrom(row);
    },
    events: (policyId: number): LinkPolicyEvent[] => events.all(policyId).map(linkEventFrom),
    /** Every link event with its policy's key, oldest effective first (the record holds a few dozen). */
    allEvents: (): Array<LinkPolicyEvent & LinkPolicyKey> =>
      allEvents.all().map((row) => ({
        ...linkEventFrom(row),
        host: oneOf(row.host_slug, isHost, 'host'),
        surface: oneOf(row.surface_slug, isSurface, 'surface'),
        platform: oneOf(row.platform_slug, isLinkPlatform, 'platform'),
      })),
    /** Writes one transition applyLinkVerb allowed: the policy's new state and its event, or nothing (stale version). */
    recordLinkTransition,
    /**
     * Applies `verb` to the policy as `at` says it stands (applyLinkVerb) and appends its event; or
     * the refusal, for the caller to say where the verb came from (the record's loader).
     */
    recordLinkVerb(
      at: LinkSnapshot & { id: number; version: number },
      verb: LinkVerb,
      request: LinkVerbRequest,
      by: RecordedBy,
    ): { ok: true; event: LinkPolicyEvent } | LinkVerbRefusal {
      const applied = applyLinkVerb(at, verb, request);
      if (!applied.ok) return applied;
      return { ok: true, event: recordLinkTransition({ policyId: at.id, expectedVersion: at.version, applied, ...by }) };
    },
    /** Marks changes scheduled after `at` as cancelled (superseded); returns how many. */
    cancelPending: (policyId: number, at: string): number => cancelScheduled(db, log, policyId, at),
  };
}
export type LinkQueries = ReturnType<typeof linkQueries>;
