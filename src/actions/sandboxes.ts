import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { prepareDatabase } from '../db/bootstrap.ts';
import { closeDatabase, openDatabase, type Db } from '../db/open.ts';
import { createRepositories, type Repositories } from '../db/repositories.ts';
import type { SandboxQueries, SandboxRow } from '../db/sandboxes.ts';
import type { ScenarioFile } from '../db/scenario-schema.ts';
import { loadInlineScenario } from '../db/scenarios.ts';
import { rotateServerSecret, storeClock, storedClock } from '../db/settings.ts';
import { migrate } from '../db/migrate.ts';
import { Refusal } from '../domain/errors.ts';
import { mayUseSandbox, type SandboxOwner, type SandboxVisitor } from '../domain/sandbox-owners.ts';
import { expiresAt, movedClock, type ClockMove } from '../domain/sandbox-clock.ts';
import type { Clock } from '../domain/time.ts';
import { NO_ATTEMPTS, type ClockMoveReport } from '../domain/due-items.ts';
import { applyDue } from './due-items.ts';
import { frozenClock, type FrozenClock } from './sandbox-clock.ts';
import { webhookDispatcher, type DispatcherOptions, type WebhookDispatcher } from './webhook-dispatcher.ts';

/** One open sandbox: its database, its frozen clock and its repositories. */
export interface SandboxWorld {
  id: string;
  scenario: string;
  createdBy: string;
  createdAt: string;
  db: Db;
  clock: FrozenClock;
  repos: Repositories;
}

/** Who owns a sandbox, as the list shows it: a person's username, an anonymous browser (demo mode), or nobody known. */
export type SandboxOwnerSummary = { kind: 'person'; username: string } | { kind: 'anonymous' } | { kind: 'unknown' };

export interface SandboxSummary {
  id: string;
  scenario: string;
  now: string;
  createdBy: string;
  owner: SandboxOwnerSummary;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

/** How each open world's webhook sender delivers (its outbox and clock are the world's). */
export type SandboxWebhookOptions = Omit<DispatcherOptions, 'repos' | 'clock'>;

export interface SandboxOptions {
  /** The sandboxes table, in the default world's database. */
  registry: SandboxQueries;
  /** Where the sandboxes' files (and this process's templates) live. */
  dir: string;
  ttlMs: number;
  max: number;
  /** At most this many worlds are open at once; the least recently used idle one is closed to open another (default 32). */
  maxOpen?: number;
  /** Real time: creation, last use and expiry are wall-clock times. */
  wall: Clock;
  logger: Logger;
  /** Each open world runs a webhook sender for its outbox, started when it opens and stopped when it closes (none: no sender). */
  webhooks?: SandboxWebhookOptions | undefined;
}

export type SandboxScenario = { name: string } | { inline: ScenarioFile };

export interface SandboxRequest {
  scenario: SandboxScenario;
  /** The clock's first instant (default: now). */
  clock?: string | undefined;
  createdBy: string;
  /** Who may use it (with an admin): the person who made it, or in demo mode the anonymous browser's key. */
  owner: Exclude<SandboxOwner, { kind: 'unknown' }>;
}

/** An open world, with what keeps it alive: its sender and the requests in it now. */
interface OpenWorld {
  world: SandboxWorld;
  /** Its registry row, kept while it is open (this process alone writes the registry: each write here updates it too). */
  row: SandboxRow;
  sender: WebhookDispatcher | undefined;
  inUse: number;
  /** What its clock's last move applied, while the world stays open (the page after a move shows it). */
  lastMove?: ClockMoveReport;
}

const ID = /^sb_[A-Za-z0-9_-]{16}$/;
/** Touching last_used_at on every request would write on every read; once a minute is enough for a TTL in hours. */
const TOUCH_EVERY_MS = 60_000;
const DEFAULT_MAX_OPEN = 32;
/**
 * A sandbox's file is small (a scenario, and what its tests write): a page cache of 512 KiB holds
 * it, where SQLite's default is 2 MB a connection, kept until the world is closed.
 */
const SANDBOX_PRAGMAS = { cacheSizeKib: 512 };

/**
 * The sandboxes of one server, and each one's lifecycle: an isolated world in its own SQLite
 * file, copied from a migrated and loaded template of its scenario (made once per process), with
 * its own frozen clock and its own webhook sender. The registry (in the default world's database)
 * holds each one's owner and clock, so listing them opens no file; a listed sandbox is opened on
 * first use, and at most `maxOpen` are open at once (the least recently used idle one is closed).
 * A sandbox holds no people: who signs in, and with which role, is the default world's business
 * (files made before migration 0016 still hold copied users, sessions and tokens: nothing reads them).
 * Every way in from outside (list, summary, enter, moveClock, remove) names its visitor, and a
 * sandbox the visitor may not use is refused exactly like one that does not exist (liveRow).
 */
export function sandboxManager(options: SandboxOptions) {
  const { registry, dir, wall, logger } = options;
  const maxOpen = options.maxOpen ?? DEFAULT_MAX_OPEN;
  /** In order of use: the first is the least recently used. */
  const open = new Map<string, OpenWorld>();
  const touchedAt = new Map<string, number>();
  const templates = new Map<string, string>();
  mkdirSync(join(dir, 'templates'), { recursive: true });

  const fileOf = (id: string) => join(dir, `${id}.sqlite`);

  /** A migrated database with `scenario` loaded (or nothing loaded, for inline scenarios), made on first use in this process. */
  function templateFor(scenario: string | null): string {
    const key = scenario ?? '(empty)';
    const existing = templates.get(key);
    if (existing) return existing;
    const path = join(dir, 'templates', `${scenario ?? 'empty'}.sqlite`);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    const db = openDatabase(path);
    try {
      if (scenario === null) migrate(db);
      else prepareDatabase(db, { scenario, now: wall.now().toISOString() });
    } finally {
      closeDatabase(db);
    }
    templates.set(key, path);
    return path;
  }

  /** The clock a sandbox's file holds (a row older than the registry's clock column is filled from it once). */
  function clockInFile(row: SandboxRow): string {
    const db = openDatabase(join(dir, row.file));
    try {
      const at = storedClock(db);
      if (!at) throw new Error(`sandbox ${row.id} has no clock`);
      return at;
    } finally {
      closeDatabase(db);
    }
  }

  for (const row of registry.live()) {
    if (row.clock === null) registry.setClock(row.id, clockInFile(row));
  }

  /**
   * Closes the least recently used worlds that no request is in, until there is room for one more.
   * Their connections close (a checkpoint: two syncs to disk) once the request that needed the room is answered.
   */
  function makeRoom(): void {
    for (const [id, entry] of open) {
      if (open.size < maxOpen) return;
      if (entry.inUse === 0) void closeWorld(id, undefined, { afterThisRequest: true });
    }
  }

  /**
   * Opens a sandbox's world (its file, or the connection `made` that has just written a new one,
   * which is kept rather than closed and opened again), closing the least recently used idle one first if at the bound.
   */
  function openWorld(row: SandboxRow, made?: { db: Db; clock: string }): OpenWorld {
    makeRoom();
    const db = made?.db ?? openDatabase(join(dir, row.file), SANDBOX_PRAGMAS);
    // Until the world is registered, its connection is this function's: closed if opening fails.
    try {
      return registerWorld(row, db, made?.clock);
    } catch (error) {
      closeDatabase(db);
      throw error;
    }
  }

  function registerWorld(row: SandboxRow, db: Db, madeAt: string | undefined): OpenWorld {
    // A file made by an older version of Hutong is brought up to this one's schema first (a new one is from this process's template).
    if (madeAt === undefined) migrate(db);
    const at = madeAt ?? storedClock(db);
    if (!at) throw new Error(`sandbox ${row.id} has no clock`);
    // The file is the truth its world runs on; the registry follows it.
    if (row.clock !== at) registry.setClock(row.id, at);
    const kept: SandboxRow = { ...row, clock: at };
    const clock = frozenClock(at);
    const world: SandboxWorld = {
      id: row.id,
      scenario: row.scenario,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      db,
      clock,
      repos: createRepositories(db, clock),
    };
    const sender =
      options.webhooks && webhookDispatcher({ ...options.webhooks, repos: world.repos, clock: world.clock, clockStandsStill: true });
    sender?.start();
    const entry: OpenWorld = { world, row: kept, sender, inUse: 0 };
    open.set(row.id, entry);
    return entry;
  }

  /** Connections of worlds closed to make room, still to be closed (closeAll closes them at once). */
  const closing = new Set<() => void>();

  /**
   * Closes a world: its sender stops (its attempts in flight recorded), then its database closes,
   * and then `after` runs. Without a sender all of it is done on return, unless `afterThisRequest`
   * (then its connection closes on the next turn of the event loop).
   */
  function closeWorld(id: string, after?: () => void, when?: { afterThisRequest: boolean }): Promise<void> | undefined {
    const entry = open.get(id);
    open.delete(id);
    touchedAt.delete(id);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      closing.delete(close);
      if (entry) closeDatabase(entry.world.db);
      after?.();
    };
    const closeSoon = when?.afterThisRequest
      ? () => {
          closing.add(close);
          setImmediate(close);
        }
      : close;
    if (!entry?.sender) return void closeSoon();
    return entry.sender.stop().finally(closeSoon);
  }

  function removeFiles(file: string): void {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, file) + suffix, { force: true });
  }

  function ownerSummaryOf(row: SandboxRow): SandboxOwnerSummary {
    if (row.owner.kind === 'person') return { kind: 'person', username: row.ownerUsername ?? `#${row.owner.userId}` };
    return { kind: row.owner.kind };
  }

  function summaryOf(row: SandboxRow): SandboxSummary {
    const now = open.get(row.id)?.world.clock.instant() ?? row.clock ?? row.createdAt;
    return {
      id: row.id,
      scenario: row.scenario,
      now,
      createdBy: row.createdBy,
      owner: ownerSummaryOf(row),
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: expiresAt(row.lastUsedAt, options.ttlMs),
    };
  }

  /**
   * The live sandbox `id`, if the visitor may use it (without a visitor: the server's own use).
   * One that is not theirs is refused with the very answer of one that does not exist: its id's existence is not revealed.
   */
  function liveRow(id: string, visitor?: SandboxVisitor): SandboxRow {
    // An open world's row is kept with it (a deleted or expired sandbox's world is closed as its row is written).
    const found = ID.test(id) ? (open.get(id)?.row ?? registry.get(id)) : undefined;
    const row = found && (!visitor || mayUseSandbox(found.owner, visitor)) ? found : undefined;
    if (!row)
      throw new Refusal(
        'not_found',
        `There is no sandbox ${id} (it may have been deleted or have expired after ${options.ttlMs / 3_600_000} h idle); list them with GET /api/sandboxes.`,
      );
    return row;
  }

  /** The open world of a live sandbox (opened again if it was closed), now the most recently used; each use keeps it alive. */
  function use(id: string, visitor?: SandboxVisitor): OpenWorld {
    const row = liveRow(id, visitor);
    const entry = open.get(id) ?? openWorld(row);
    open.delete(id);
    open.set(id, entry);
    const now = wall.now();
    if (now.getTime() - (touchedAt.get(id) ?? 0) > TOUCH_EVERY_MS) {
      const at = now.toISOString();
      registry.touch(id, at);
      if (at > entry.row.lastUsedAt) entry.row = { ...entry.row, lastUsedAt: at };
      touchedAt.set(id, now.getTime());
    }
    return entry;
  }

  /** Removes the sandboxes idle for longer than the time to live. */
  function sweep(): string[] {
    const cutoff = new Date(wall.now().getTime() - options.ttlMs).toISOString();
    const expired: string[] = [];
    for (const row of registry.idleSince(cutoff)) {
      if (!registry.remove(row.id, wall.now().toISOString(), 'expired')) continue;
      void closeWorld(row.id, () => removeFiles(row.file));
      expired.push(row.id);
    }
    if (expired.length > 0) logger.info({ sandboxes: expired }, 'idle sandboxes expired');
    return expired;
  }

  return {
    /** Creates a sandbox; refused with sandbox_limit when `max` exist, and nothing is left behind. */
    create(request: SandboxRequest): SandboxSummary {
      sweep();
      const id = `sb_${randomBytes(12).toString('base64url')}`;
      const wallNow = wall.now().toISOString();
      const start = request.clock ?? wallNow;
      const scenario = 'name' in request.scenario ? request.scenario.name : 'inline';
      const row: SandboxRow = {
        id,
        scenario,
        file: `${id}.sqlite`,
        createdBy: request.createdBy,
        createdAt: wallNow,
        lastUsedAt: wallNow,
        clock: start,
        owner: request.owner,
        ownerUsername: request.owner.kind === 'person' ? request.createdBy : null,
      };
      const template = templateFor('name' in request.scenario ? request.scenario.name : null);
      if (!registry.insertWithin(row, options.max)) {
        throw new Refusal(
          'sandbox_limit',
          `There are already ${options.max} sandboxes (HUTONG_MAX_SANDBOXES). Delete one you no longer need (DELETE /api/sandboxes/{id}), or wait: a sandbox idle for ${options.ttlMs / 3_600_000} h expires.`,
        );
      }
      try {
        copyFileSync(template, fileOf(id));
        const db = openDatabase(fileOf(id), SANDBOX_PRAGMAS);
        try {
          // One transaction, one sync to disk.
          db.transaction(() => {
            if ('inline' in request.scenario) loadInlineScenario(db, request.scenario.inline, start);
            rotateServerSecret(db);
            storeClock(db, start);
            // The first mark: nothing that took effect before the sandbox began is announced.
            applyDue(createRepositories(db), start);
          }).immediate();
        } catch (error) {
          closeDatabase(db);
          throw error;
        }
        // Its world runs on the connection that made it (no checkpoint, close and open again).
        openWorld(row, { db, clock: start });
      } catch (error) {
        void closeWorld(id);
        registry.remove(id, wallNow, 'deleted');
        removeFiles(row.file);
        throw error;
      }
      logger.info({ sandbox: id, scenario, clock: start }, 'sandbox created');
      return summaryOf(row);
    },

    /** The live sandboxes the visitor may use (an admin: all), from the registry alone (no sandbox's file is opened). */
    list: (visitor: SandboxVisitor): SandboxSummary[] =>
      registry
        .live()
        .filter((row) => mayUseSandbox(row.owner, visitor))
        .map(summaryOf),

    summary: (id: string, visitor: SandboxVisitor): SandboxSummary => summaryOf(liveRow(id, visitor)),

    /** The open world of a live sandbox (opened again if it was closed), for the server itself (no visitor); each use keeps it alive. */
    world: (id: string): SandboxWorld => use(id).world,

    /**
     * A request's way into a sandbox, if its visitor may use it: its world, kept open until `leave`
     * (a world a request is in is never closed to make room for another).
     */
    enter(id: string, visitor: SandboxVisitor): { world: SandboxWorld; leave: () => void } {
      const entry = use(id, visitor);
      entry.inUse += 1;
      let left = false;
      return {
        world: entry.world,
        leave() {
          if (left) return;
          left = true;
          entry.inUse -= 1;
        },
      };
    },

    /**
     * Moves a sandbox's clock forward (to an instant or by a duration) and, in the same
     * transaction, applies everything that fell due on the way (applyDue): what it applied is the
     * report. Async so that what the move sets going after its commit can be awaited here.
     */
    async moveClock(id: string, move: ClockMove, visitor: SandboxVisitor): Promise<{ summary: SandboxSummary; report: ClockMoveReport }> {
      const entry = use(id, visitor);
      const { world } = entry;
      // Held open for the whole move: a world a move is in is never closed to make room.
      entry.inUse += 1;
      try {
        const from = world.clock.instant();
        const next = movedClock(from, move);
        const due = world.db
          .transaction(() => {
            storeClock(world.db, next);
            return applyDue(world.repos, next);
          })
          .immediate();
        world.clock.moveTo(next);
        registry.setClock(id, next);
        entry.row = { ...entry.row, clock: next };
        // Then every webhook attempt that fell due on the way, in time order (the retry schedule runs on this clock).
        const webhooks = (await entry.sender?.deliverThrough(next)) ?? NO_ATTEMPTS;
        const report: ClockMoveReport = { from, to: next, ...due, webhooks };
        entry.lastMove = report;
        return { summary: summaryOf(liveRow(id)), report };
      } finally {
        entry.inUse -= 1;
      }
    },

    /** What the sandbox clock's last move applied, if its world has stayed open since (null otherwise). */
    lastMove: (id: string, visitor: SandboxVisitor): ClockMoveReport | null => use(id, visitor).lastMove ?? null,

    /** Deletes a sandbox and its file. */
    remove(id: string, visitor: SandboxVisitor): void {
      const row = liveRow(id, visitor);
      if (!registry.remove(id, wall.now().toISOString(), 'deleted')) throw new Refusal('not_found', `There is no sandbox ${id}.`);
      void closeWorld(id, () => removeFiles(row.file));
      logger.info({ sandbox: id }, 'sandbox deleted');
    },

    sweep,

    /** Opens the most recently used live sandboxes (up to the bound), so their senders deliver what a previous run left pending. */
    resume(): number {
      const recent = [...registry.live()].sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt)).slice(0, maxOpen);
      for (const row of recent.reverse()) if (!open.has(row.id)) openWorld(row);
      return recent.length;
    },

    /** How many worlds are open now. */
    openCount: () => open.size,

    /** Closes every open world: senders stopped, databases closed (shutdown, tests). Without senders it is done on return. */
    closeAll(): Promise<void> {
      for (const close of [...closing]) close();
      return Promise.all([...open.keys()].map((id) => closeWorld(id))).then(() => undefined);
    },

    fileOf,
  };
}
export type SandboxManager = ReturnType<typeof sandboxManager>;
