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

/**
 * The world's rows change only when a scenario or a synthetic world is written, before the app
 * serves it (a reset replaces the file: restart the server). Those writers call `catalogChanged`,
 * and every cache over that database reads the rows again on next use.
 */
const generations = new WeakMap<Db, number>();

export function catalogChanged(db: Db): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

/** `load()`'s answer, kept until the catalog of `db` changes. */
export function cachedWhileUnchanged<T>(db: Db, load: () => T): () => T {
  let generation = -1;
  let value: T;
  return () => {
    const now = generations.get(db) ?? 0;
    if (generation !== now) {
      value = load();
      generation = now;
    }
    return value;
  };
}

const STOREFRONT_COLUMNS = `s.slug, s.name, s.local_name AS localName, s.group_slug AS groupSlug, g.name AS groupName,
  s.category, s.tagline, s.currency`;

/**
 * Read queries for the world: providers, wallets, storefronts, products and the scenario's name, held in memory
 * (every page and decision reads them; they change only with `catalogChanged`). The arrays are
 * shared and frozen: copy before sorting.
 */
export function catalogQueries(db: Db) {
  const wallets = db.prepare<[], Wallet>(`SELECT w.slug, w.name, w.provider_slug AS providerSlug, p.name AS providerName,
      w.display_order AS displayOrder
    FROM wallets w JOIN providers p ON p.slug = w.provider_slug ORDER BY w.display_order, w.slug`);
  const storefronts = db.prepare<[], Storefront>(`SELECT ${STOREFRONT_COLUMNS}
    FROM storefronts s JOIN storefront_groups g ON g.slug = s.group_slug ORDER BY s.rowid`);
  const products = db.prepare<[], Product>(`SELECT id, storefront_slug AS storefrontSlug, sku, name, description, price_fen AS priceFen
    FROM products ORDER BY storefront_slug, id`);
  const providers = db.prepare<[], Provider>('SELECT slug, name FROM providers ORDER BY name');
  const groups = db.prepare<[], Provider>('SELECT slug, name FROM storefront_groups ORDER BY name');
  const scenario = db.prepare<[], string>("SELECT value FROM settings WHERE key = 'scenario'").pluck();

  const frozen = <T>(rows: T[]): readonly T[] => Object.freeze(rows.map((row) => Object.freeze(row)));
  const cachedWallets = cachedWhileUnchanged(db, () => frozen(wallets.all()));
  const cachedStorefronts = cachedWhileUnchanged(db, () => {
    const all = frozen(storefronts.all());
    return { all, bySlug: new Map(all.map((s) => [s.slug, s])) };
  });
  const cachedProducts = cachedWhileUnchanged(db, () => {
    const byStorefront = new Map<string, Product[]>();
    for (const product of products.all()) {
      const list = byStorefront.get(product.storefrontSlug) ?? [];
      list.push(Object.freeze(product));
      byStorefront.set(product.storefrontSlug, list);
    }
    return new Map([...byStorefront].map(([slug, list]) => [slug, Object.freeze(list) as readonly Product[]]));
  });
  const cachedProviders = cachedWhileUnchanged(db, () => frozen(providers.all()));
  const cachedGroups = cachedWhileUnchanged(db, () => frozen(groups.all()));
  const cachedScenario = cachedWhileUnchanged(db, () => scenario.get() ?? null);
  const none: readonly Product[] = Object.freeze([]);

  return {
    wallets: (): readonly Wallet[] => cachedWallets(),
    storefronts: (): readonly Storefront[] => cachedStorefronts().all,
    storefront: (slug: string): Storefront | undefined => cachedStorefronts().bySlug.get(slug),
    products: (storefrontSlug: string): readonly Product[] => cachedProducts().get(storefrontSlug) ?? none,
    product: (storefrontSlug: string, id: number): Product | undefined => cachedProducts().get(storefrontSlug)?.find((p) => p.id === id),
    providers: (): readonly Provider[] => cachedProviders(),
    groups: (): readonly Provider[] => cachedGroups(),
    /** The name of the scenario the world was loaded from ('synthetic' for a generated one), if any. */
    scenario: (): string | null => cachedScenario(),
  };
}
export type CatalogQueries = ReturnType<typeof catalogQueries>;
