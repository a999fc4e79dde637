import { afterEach, describe, expect, it } from 'vitest';
import { loadDiff, loadDiffPage, reviewSourcesOf } from '../../src/actions/review.ts';
import { closeDatabase, openDatabase } from '../../src/db/open.ts';
import { createRepositories, type Repositories } from '../../src/db/repositories.ts';
import { applyVerb } from '../../src/domain/apply-verb.ts';
import { allowedVerbs } from '../../src/domain/transitions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

// A window that holds "now" (the test clock's 22 Nov 2026): a transition written now changes the diff.
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2030-01-01T00:00:00.000Z';

let world: TestWorld;
afterEach(() => world.close());

/** Suspends, resumes or otherwise moves one live integration on, through the repositories given (a connection). */
function moveOn(repos: Repositories, now: string): string {
  const row = repos.integrations.list().find((r) => r.state === 'live');
  if (!row) throw new Error('the record has a live integration');
  const verb = allowedVerbs(row.state).find((v) => v !== 'adjust');
  if (!verb) throw new Error('a live integration can change state');
  const applied = applyVerb(row, verb, { reason: 'kept answers test', now });
  if (!applied.ok) throw new Error(`${verb} was refused`);
  repos.integrations.recordTransition({
    integrationId: row.id,
    expectedVersion: row.version,
    applied,
    actor: 'test',
    actorRole: 'operator',
    recordedAt: now,
  });
  return `${row.storefrontSlug}/${row.walletSlug}`;
}

const keys = (entries: ReturnType<typeof loadDiff>) =>
  entries.map((e) => `${e.storefrontSlug}/${e.walletSlug} ${e.from.state}->${e.to.state}`);

describe('the diff kept in memory between two dates', () => {
  it('answers a repeated diff from memory, the same as reading it again', () => {
    world = newWorld();
    const sources = reviewSourcesOf(world.repos);
    const first = loadDiff(sources, FROM, TO);
    expect(loadDiff(sources, FROM, TO)).toEqual(first);
    expect(loadDiff(reviewSourcesOf(createRepositories(world.db, world.clock)), FROM, TO)).toEqual(first);
  });

  it('after an operator changes an integration through the app, the next diff shows the change', () => {
    world = newWorld();
    const sources = reviewSourcesOf(world.repos);
    const before = keys(loadDiff(sources, FROM, TO));
    const moved = moveOn(world.repos, world.clock.now().toISOString());
    const after = keys(loadDiff(sources, FROM, TO));
    expect(after).not.toEqual(before);
    expect(after.some((k) => k.startsWith(`${moved} `))).toBe(true);
    expect(after).toEqual(keys(loadDiff(reviewSourcesOf(createRepositories(world.db, world.clock)), FROM, TO)));
    expect(loadDiffPage(sources, FROM, TO, 1, 100).total).toBe(after.length);
  });

  it('after another connection (another process) writes the log, the next diff shows the change', () => {
    world = newWorld();
    const sources = reviewSourcesOf(world.repos);
    const before = keys(loadDiff(sources, FROM, TO));
    const other = openDatabase(world.db.name);
    try {
      moveOn(createRepositories(other, world.clock), world.clock.now().toISOString());
    } finally {
      closeDatabase(other);
    }
    const after = keys(loadDiff(sources, FROM, TO));
    expect(after).not.toEqual(before);
    expect(after).toEqual(keys(loadDiff(reviewSourcesOf(createRepositories(world.db, world.clock)), FROM, TO)));
  });
});
