import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sandboxManager } from '../../src/actions/sandboxes.ts';
import { sandboxQueries } from '../../src/db/sandboxes.ts';
import { newWorld } from '../support/world.ts';

const record = (clock: string) => ({
  scenario: { name: 'record' },
  clock,
  createdBy: 'tester',
  owner: { kind: 'anonymous', keyHash: 'a key' } as const,
});

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('open sandbox worlds, least recently used first out', () => {
  it('closes an idle world to make room for another, and opens it again on its next use with its rows and clock as they were', async () => {
    const world = newWorld();
    const manager = sandboxManager({
      registry: sandboxQueries(world.db),
      dir: join(world.dir, 'lru'),
      ttlMs: 86_400_000,
      max: 10,
      wall: world.clock,
      logger: pino({ level: 'silent' }),
      maxOpen: 1,
    });
    try {
      const a = manager.create(record('2026-12-01T08:00:00.000Z'));
      const first = manager.world(a.id);
      const product = first.db
        .prepare<[], { id: number; slug: string }>('SELECT id, storefront_slug AS slug FROM products ORDER BY id LIMIT 1')
        .get();
      if (!product) throw new Error('the record has no product');
      first.repos.carts.add('shopper-in-sandbox-a', product.slug, product.id, 2, '2026-12-01T08:00:00.000Z');

      manager.create(record('2026-12-02T08:00:00.000Z'));
      await nextTurn();
      // a was idle: its world is closed, its connection with it.
      expect(manager.openCount()).toBe(1);
      expect(first.db.open).toBe(false);

      const again = manager.world(a.id);
      expect(again === first).toBe(false);
      expect(again.clock.instant()).toBe('2026-12-01T08:00:00.000Z');
      expect(again.repos.carts.itemCounts('shopper-in-sandbox-a')).toEqual([{ storefrontSlug: product.slug, items: 2 }]);
      expect(manager.openCount()).toBe(1);
    } finally {
      await manager.closeAll();
      world.close();
    }
  });

  it('an open world keeps its registry row: entering reads it once, on opening; a deleted sandbox is refused at once', async () => {
    const world = newWorld();
    const registry = sandboxQueries(world.db);
    let reads = 0;
    const manager = sandboxManager({
      registry: {
        ...registry,
        get: (id: string) => {
          reads += 1;
          return registry.get(id);
        },
      },
      dir: join(world.dir, 'rows'),
      ttlMs: 86_400_000,
      max: 10,
      wall: world.clock,
      logger: pino({ level: 'silent' }),
      maxOpen: 1,
    });
    const owner = { person: null, ownerKeyHash: 'a key', demo: true };
    try {
      const a = manager.create(record('2026-12-01T08:00:00.000Z'));
      for (let i = 0; i < 3; i++) manager.enter(a.id, owner).leave();
      expect(reads).toBe(0);
      expect(() => manager.enter(a.id, { ...owner, ownerKeyHash: 'another key' })).toThrow(/There is no sandbox/);

      await manager.moveClock(a.id, { to: '2026-12-05T08:00:00.000Z' }, owner);
      expect(manager.summary(a.id, owner).now).toBe('2026-12-05T08:00:00.000Z');

      const b = manager.create(record('2026-12-02T08:00:00.000Z'));
      await nextTurn();
      manager.enter(a.id, owner).leave(); // a was closed to make room: opened again, its row read once
      manager.enter(a.id, owner).leave();
      expect(reads).toBe(1);
      expect(manager.world(a.id).clock.instant()).toBe('2026-12-05T08:00:00.000Z');

      manager.remove(a.id, owner);
      expect(() => manager.enter(a.id, owner)).toThrow(/There is no sandbox/);
      expect(manager.summary(b.id, owner).id).toBe(b.id);
    } finally {
      await manager.closeAll();
      world.close();
    }
  });
});
