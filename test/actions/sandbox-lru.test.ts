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
});
