import type { Db } from './open.ts';
import { int, oneOf, query, text, type Row } from './rows.ts';

export interface SharedLinkRow {
  id: number;
  shopperId: string;
  host: string;
  surface: string;
  platform: string;
  storefront: string;
  productId: number;
  sharedAs: 'one_click' | 'copy_paste';
  sharedAt: string;
}

const COLUMNS = `id, shopper_id AS shopperId, host_slug AS host, surface_slug AS surface, platform_slug AS platform,
  storefront_slug AS storefront, product_id AS productId, shared_as AS sharedAs, shared_at AS sharedAt`;

const sharedLinkFrom = (row: Row): SharedLinkRow => ({
  id: int(row, 'id'),
  shopperId: text(row, 'shopperId'),
  host: text(row, 'host'),
  surface: text(row, 'surface'),
  platform: text(row, 'platform'),
  storefront: text(row, 'storefront'),
  productId: int(row, 'productId'),
  sharedAs: oneOf(row, 'sharedAs', ['one_click', 'copy_paste']),
  sharedAt: text(row, 'sharedAt'),
});

/** The links one shopper shared into host chats. */
export function sharedLinkQueries(db: Db) {
  const insert = db.prepare<
    Omit<SharedLinkRow, 'id'>
  >(`INSERT INTO shared_links (shopper_id, host_slug, surface_slug, platform_slug, storefront_slug, product_id, shared_as, shared_at)
    VALUES (@shopperId, @host, @surface, @platform, @storefront, @productId, @sharedAs, @sharedAt)`);
  const inChat = query<SharedLinkRow, { shopperId: string; host: string; surface: string }>(
    db,
    `SELECT ${COLUMNS} FROM shared_links
    WHERE shopper_id = @shopperId AND host_slug = @host AND surface_slug = @surface ORDER BY id DESC LIMIT 20`,
    sharedLinkFrom,
  );
  return {
    insert: (row: Omit<SharedLinkRow, 'id'>): number => Number(insert.run(row).lastInsertRowid),
    /** The latest 20, oldest first. */
    inChat: (shopperId: string, host: string, surface: string): SharedLinkRow[] => inChat.all({ shopperId, host, surface }).reverse(),
  };
}
