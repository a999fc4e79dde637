import type { Wallet } from '../domain/model.ts';
import type { Db } from './open.ts';

export interface Storefront {
  slug: string;
  name: string;
  localName: string;
  groupSlug: string;
  groupName: string;
  category: string;
  tagline: string;
  currency: string;
}

export interface Product {
  id: number;
  storefrontSlug: string;
  sku: string;
  name: string;
  description: string;
  priceFen: number;
}

export interface Provider {
  slug: string;
  name: string;
}

const STOREFRONT_COLUMNS = `s.slug, s.name, s.local_name AS localName, s.group_slug AS groupSlug, g.name AS groupName,
  s.category, s.tagline, s.currency`;

/** Read queries for the world: providers, wallets, storefronts and products. */
export function catalogQueries(db: Db) {
  const wallets = db.prepare<[], Wallet>(`SELECT w.slug, w.name, w.provider_slug AS providerSlug, p.name AS providerName,
      w.display_order AS displayOrder
    FROM wallets w JOIN providers p ON p.slug = w.provider_slug ORDER BY w.display_order, w.slug`);
  const storefronts = db.prepare<[], Storefront>(`SELECT ${STOREFRONT_COLUMNS}
    FROM storefronts s JOIN storefront_groups g ON g.slug = s.group_slug ORDER BY s.rowid`);
  const storefront = db.prepare<[string], Storefront>(`SELECT ${STOREFRONT_COLUMNS}
    FROM storefronts s JOIN storefront_groups g ON g.slug = s.group_slug WHERE s.slug = ?`);
  const products = db.prepare<[string], Product>(`SELECT id, storefront_slug AS storefrontSlug, sku, name, description, price_fen AS priceFen
    FROM products WHERE storefront_slug = ? ORDER BY id`);
  const product = db.prepare<[string, number], Product>(`SELECT id, storefront_slug AS storefrontSlug, sku, name, description, price_fen AS priceFen
    FROM products WHERE storefront_slug = ? AND id = ?`);
  const providers = db.prepare<[], Provider>('SELECT slug, name FROM providers ORDER BY name');
  const groups = db.prepare<[], Provider>('SELECT slug, name FROM storefront_groups ORDER BY name');

  return {
    wallets: () => wallets.all(),
    storefronts: () => storefronts.all(),
    storefront: (slug: string) => storefront.get(slug),
    products: (storefrontSlug: string) => products.all(storefrontSlug),
    product: (storefrontSlug: string, id: number) => product.get(storefrontSlug, id),
    providers: () => providers.all(),
    groups: () => groups.all(),
  };
}
export type CatalogQueries = ReturnType<typeof catalogQueries>;
