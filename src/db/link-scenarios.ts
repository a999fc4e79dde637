import { linkPolicyAt } from '../domain/links/policy-at.ts';
import type { LinkSnapshot } from '../domain/links/verbs.ts';
import { defaultLinkState } from '../domain/links/model.ts';
import { linkQueries } from './link-policies.ts';
import type { Db } from './open.ts';
import { toIso, type ScenarioFile, type WorldFile } from './scenario-schema.ts';

/**
 * The world's hosts, surfaces, link platforms and walls, and one link policy (the walled-garden
 * default, version 0) per host x surface x platform — except a host's own family's links.
 */
export function loadLinkWorld(db: Db, links: WorldFile['links'], now: string): void {
  if (!links) return;
  const insertHost = db.prepare(`INSERT INTO link_hosts (slug, name, owner_name, operator_group_slug, reviewer_provider_slug, display_order)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertSurface = db.prepare('INSERT INTO link_surfaces (host_slug, slug, name, display_order) VALUES (?, ?, ?, ?)');
  const insertPlatform =
    db.prepare(`INSERT INTO link_platforms (slug, name, owner_name, requester_group_slug, storefront_slug, display_order)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const insertWall = db.prepare(`INSERT INTO host_wallet_walls (host_slug, wallet_slug, group_slug, reason, source_file, note)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const queries = linkQueries(db);
  links.hosts.forEach((h, i) => {
    insertHost.run(h.slug, h.name, h.owner, h.operatorGroup, h.reviewerProvider ?? null, i);
    h.surfaces.forEach((s, j) => insertSurface.run(h.slug, s.slug, s.name, j));
  });
  links.platforms.forEach((p, i) => insertPlatform.run(p.slug, p.name, p.owner, p.requesterGroup ?? null, p.storefront ?? null, i));
  for (const w of links.walls) insertWall.run(w.host, w.wallet, w.group, w.reason, w.sources.join(', ') || null, w.note);
  for (const host of links.hosts) {
    for (const surface of host.surfaces) {
      for (const platform of links.platforms) {
        if (platform.requesterGroup === host.operatorGroup) continue;
        queries.ensure({ host: host.slug, surface: surface.slug, platform: platform.slug }, defaultLinkState(surface.slug).share, now);
      }
    }
  }
}

/** The scenario's link events, each through applyLinkVerb and the one writer, like the integrations' events. */
export function loadLinkHistory(db: Db, entries: ScenarioFile['links'], name: string, now: string): void {
  const queries = linkQueries(db);
  entries.forEach((entry, i) => {
    for (const surface of entry.surfaces) {
      for (const platform of entry.platforms) {
        const key = { host: entry.host, surface, platform };
        const where = `${name}.json at links.${i}`;
        const row = queries.find(key);
        if (!row) throw new Error(`${where}: the world has no link policy ${entry.host}/${surface}/${platform}`);
        let version = row.version;
        entry.events.forEach((event, j) => {
          const at = toIso(event.at);
          const { state, pendingRequest } = linkPolicyAt(queries.events(row.id), at, surface);
          const snapshot: LinkSnapshot = { state, pendingAsk: pendingRequest?.asked ?? null };
          const changes = { behaviour: event.behaviour, preview: event.preview, share: event.share, rolloutPercent: event.rolloutPercent };
          const written = queries.recordLinkVerb(
            { ...snapshot, id: row.id, version },
            event.verb,
            { changes, reason: event.reason, now: at, assumed: event.assumed },
            {
              actor: event.actor,
              actorRole: event.actorRole,
              recordedAt: now,
              source: { file: event.sources.join(', ') || null, precision: event.precision, note: event.note },
            },
          );
          if (!written.ok && written.kind === 'invalid_fields') {
            throw new Error(
              written.errors.map((e) => `${where}.events.${j}.${e.path}: ${entry.host}/${surface}/${platform}: ${e.message}`).join('\n'),
            );
          }
          if (!written.ok) throw new Error(`${where}.events.${j}: ${entry.host}/${surface}/${platform}: ${written.message}`);
          version = written.event.version;
        });
      }
    }
  });
}
