import { renameSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sandboxManager } from '../../src/actions/sandboxes.ts';
import { sandboxQueries } from '../../src/db/sandboxes.ts';
import { EVERY_SANDBOX } from '../support/sessions.ts';
import { newWorld, type TestWorld } from '../support/world.ts';

/** A manager over the test world's registry, in a folder of its own, with at most `maxOpen` worlds open. */
function managerIn(world: TestWorld, maxOpen?: number) {
  return sandboxManager({
    registry: sandboxQueries(world.db),
    dir: join(world.dir, 'lifecycle'),
    ttlMs: 86_400_000,
    max: 100,
    wall: world.clock,
    logger: pino({ level: 'silent' }),
    maxOpen,
  });
}

const walled = (clock: string) => ({
  scenario: { name: 'walled' },
  clock,
  createdBy: 'tester',
  owner: { kind: 'anonymous', keyHash: 'a key' } as const,
});

describe('the sandbox lifecycle', () => {
  it('lists sandboxes with their owner and clock from the registry, without opening any sandbox file', async () => {
    const world = newWorld();
    const first = managerIn(world);
    try {
      const made = first.create(walled('2026-12-01T08:00:00.000Z'));
      // The move resolves after its webhook attempts: awaited, so nothing of it runs once the world is closed.
      await first.moveClock(made.id, { advanceMs: 3 * 3_600_000 }, EVERY_SANDBOX);
      void first.closeAll();
      // Its file is out of reach: a list that opened it would fail.
      const file = first.fileOf(made.id);
      renameSync(file, `${file}.away`);

      const restarted = managerIn(world);
      expect(restarted.list(EVERY_SANDBOX)).toMatchObject([{ id: made.id, createdBy: 'tester', now: '2026-12-01T11:00:00.000Z' }]);
      expect(restarted.openCount()).toBe(0);
      renameSync(`${file}.away`, file);
      void restarted.closeAll();
    } finally {
      world.close();
    }
  });

  it('fills the clock of a row made before the registry held it, from its file, once', () => {
    const world = newWorld();
    const first = managerIn(world);
    try {
      const made = first.create(walled('2026-12-01T08:00:00.000Z'));
      void first.closeAll();
      world.db.prepare('UPDATE sandboxes SET clock = NULL WHERE id = ?').run(made.id);
      const restarted = managerIn(world);
      expect(world.db.prepare('SELECT clock FROM sandboxes WHERE id = ?').pluck().get(made.id)).toBe('2026-12-01T08:00:00.000Z');
      expect(restarted.openCount()).toBe(0);
    } finally {
      world.close();
    }
  });

  it('keeps at most maxOpen worlds open, closing the least recently used, and opens a closed one again as it was', async () => {
    const world = newWorld();
    const manager = managerIn(world, 2);
    try {
      const a = manager.create(walled('2026-12-01T08:00:00.000Z'));
      const b = manager.create(walled('2026-12-02T08:00:00.000Z'));
      manager.world(a.id);
      const c = manager.create(walled('2026-12-03T08:00:00.000Z'));
      // b was used least recently: closed to make room for c.
      expect(manager.openCount()).toBe(2);
      const moved = await manager.moveClock(b.id, { advanceMs: 3_600_000 }, EVERY_SANDBOX);
      expect(moved.summary.now).toBe('2026-12-02T09:00:00.000Z');
      expect(manager.openCount()).toBe(2);
      expect(
        manager
          .list(EVERY_SANDBOX)
          .map((s) => s.now)
          .sort(),
      ).toEqual(['2026-12-01T08:00:00.000Z', '2026-12-02T09:00:00.000Z', '2026-12-03T08:00:00.000Z']);
      expect(manager.world(c.id).clock.instant()).toBe('2026-12-03T08:00:00.000Z');
    } finally {
      void manager.closeAll();
      world.close();
    }
  });

  it('never closes a world a request is still in', () => {
    const world = newWorld();
    const manager = managerIn(world, 1);
    try {
      const a = manager.create(walled('2026-12-01T08:00:00.000Z'));
      const inA = manager.enter(a.id, EVERY_SANDBOX);
      const b = manager.create(walled('2026-12-02T08:00:00.000Z'));
      // Over the bound while the request is in a; a's database still answers.
      expect(manager.openCount()).toBe(2);
      expect(inA.world.db.prepare('SELECT count(*) FROM storefronts').pluck().get()).toBeGreaterThan(0);
      inA.leave();
      manager.world(b.id);
      manager.create(walled('2026-12-03T08:00:00.000Z'));
      expect(manager.openCount()).toBe(1);
    } finally {
      void manager.closeAll();
      world.close();
    }
  });
});
