import type { Db } from './open.ts';
import { int, query, text, type Row } from './rows.ts';

export interface CartLine {
  productId: number;
  sku: string;
  name: string;
  unitPriceFen: number;
  quantity: number;
  lineTotalFen: number;
}

export function cartQueries(db: Db) {
  const lines = query<CartLine, [string, string]>(
    db,
    `SELECT p.id AS productId, p.sku, p.name, p.price_fen AS unitPriceFen, ci.quantity,
      p.price_fen * ci.quantity AS lineTotalFen
    FROM carts c JOIN cart_items ci ON ci.cart_id = c.id JOIN products p ON p.id = ci.product_id
    WHERE c.shopper_id = ? AND c.storefront_slug = ? ORDER BY ci.product_id`,
    (row) => ({
      productId: int(row, 'productId'),
      sku: text(row, 'sku'),
      name: text(row, 'name'),
      unitPriceFen: int(row, 'unitPriceFen'),
      quantity: int(row, 'quantity'),
      lineTotalFen: int(row, 'lineTotalFen'),
    }),
  );
  const idOf = (row: Row) => int(row, 'id');
  const upsertCart = query<number, [string, string, string]>(
    db,
    `INSERT INTO carts (shopper_id, storefront_slug, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (shopper_id, storefront_slug) DO UPDATE SET updated_at = excluded.updated_at RETURNING id`,
    idOf,
  );
  const byId = query<{ id: number; shopperId: string; storefrontSlug: string }, [number]>(
    db,
    'SELECT id, shopper_id, storefront_slug FROM carts WHERE id = ?',
    (row) => ({ id: int(row, 'id'), shopperId: text(row, 'shopper_id'), storefrontSlug: text(row, 'storefront_slug') }),
  );
  const findCart = query<number, [string, string]>(db, 'SELECT id FROM carts WHERE shopper_id = ? AND storefront_slug = ?', idOf);
  const addItem = db.prepare(`INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (?, ?, ?)
    ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = min(99, quantity + excluded.quantity)`);
  const setItem = db.prepare('UPDATE cart_items SET quantity = ? WHERE cart_id = ? AND product_id = ?');
  const removeItem = db.prepare('DELETE FROM cart_items WHERE cart_id = ? AND product_id = ?');
  const clear = db.prepare('DELETE FROM cart_items WHERE cart_id = ?');
  const countsByStorefront = query<{ storefrontSlug: string; items: number }, [string]>(
    db,
    `SELECT c.storefront_slug AS storefrontSlug,
      sum(ci.quantity) AS items
    FROM carts c JOIN cart_items ci ON ci.cart_id = c.id WHERE c.shopper_id = ? GROUP BY c.storefront_slug`,
    (row) => ({ storefrontSlug: text(row, 'storefrontSlug'), items: int(row, 'items') }),
  );

  return {
    lines: (shopperId: string, storefrontSlug: string) => lines.all(shopperId, storefrontSlug),
    /** The shopper's cart at a storefront (one each, as on the pages), made if there is none: its id. */
    open: (shopperId: string, storefrontSlug: string, now: string) => upsertCart.one(shopperId, storefrontSlug, now),
    byId: (id: number) => byId.get(id),
    add(shopperId: string, storefrontSlug: string, productId: number, quantity: number, now: string): void {
      db.transaction(() => {
        const cartId = upsertCart.one(shopperId, storefrontSlug, now);
        addItem.run(cartId, productId, quantity);
      })();
    },
    /** Sets a line's quantity; 0 removes it. Returns false if the line is not in the cart. */
    setQuantity(shopperId: string, storefrontSlug: string, productId: number, quantity: number): boolean {
      const cartId = findCart.get(shopperId, storefrontSlug);
      if (cartId === undefined) return false;
      const result = quantity === 0 ? removeItem.run(cartId, productId) : setItem.run(quantity, cartId, productId);
      return result.changes > 0;
    },
    clear(shopperId: string, storefrontSlug: string): void {
      const cartId = findCart.get(shopperId, storefrontSlug);
      if (cartId !== undefined) clear.run(cartId);
    },
    itemCounts: (shopperId: string) => countsByStorefront.all(shopperId),
  };
}
export type CartQueries = ReturnType<typeof cartQueries>;
