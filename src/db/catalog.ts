import type { Wallet } from '../domain/model.ts';
import type { Db } from './open.ts';
import { int, query, text, type Row } from './rows.ts';

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

function missing(what: string, slug: string): never {
  throw new Error(`The catalog has no ${what} "${slug}", which a row refers to.`);
}

const STOREFRONT_COLUMNS = `s.slug, s.name, s.local_name AS localName, s.group_slug AS groupSlug, g.name AS groupName,
  s.category, s.tagline, s.currency`;

/**
 * Read queries for the world: providers, wallets, storefronts, products and the scenario's name, held in memory
 * (every page and decision reads them; they change only with `catalogChanged`). The arrays are
 * shared and frozen: copy before sorting.
 */
export function catalogQueries(db: Db) {
  const wallets = query(
    db,
    `SELECT w.slug, w.name, w.provider_slug AS providerSlug, p.name AS providerName,
      w.display_order AS displayOrder
    FROM wallets w JOIN providers p ON p.slug = w.provider_slug ORDER BY w.display_order, w.slug`,
    (row): Wallet => ({
      slug: text(row, 'slug'),
      name: text(row, 'name'),
      providerSlug: text(row, 'providerSlug'),
      providerName: text(row, 'providerName'),
      displayOrder: int(row, 'displayOrder'),
    }),
  );
  const storefronts = query(
    db,
    `SELECT ${STOREFRONT_COLUMNS}
    FROM storefronts s JOIN storefront_groups g ON g.slug = s.group_slug ORDER BY s.rowid`,
    (row): Storefront => ({
      slug: text(row, 'slug'),
      name: text(row, 'name'),
      localName: text(row, 'localName'),
      groupSlug: text(row, 'groupSlug'),
      groupName: text(row, 'groupName'),
      category: text(row, 'category'),
      tagline: text(row, 'tagline'),
      currency: text(row, 'currency'),
    }),
  );
  const products = query(
    db,
    `SELECT id, storefront_slug AS storefrontSlug, sku, name, description, price_fen AS priceFen
    FROM products ORDER BY storefront_slug, id`,
    (row): Product => ({
      id: int(row, 'id'),
      storefrontSlug: text(row, 'storefrontSlug'),
      sku: text(row, 'sku'),
      name: text(row, 'name'),
      description: text(row, 'description'),
      priceFen: int(row, 'priceFen'),
    }),
  );
  const slugAndName = (row: Row): Provider => ({ slug: text(row, 'slug'), name: text(row, 'name') });
  const providers = query(db, 'SELECT slug, name FROM providers ORDER BY name', slugAndName);
  const groups = query(db, 'SELECT slug, name FROM storefront_groups ORDER BY name', slugAndName);
  const scenario = query(db, "SELECT value FROM settings WHERE key = 'scenario'", (row) => text(row, 'value'));

  const frozen = <T>(rows: T[]): readonly T[] => Object.freeze(rows.map((row) => Object.freeze(row)));
  const cachedWallets = cachedWhileUnchanged(db, () => {
    const all = frozen(wallets.all());
    return { all, bySlug: new Map(all.map((w) => [w.slug, w])) };
  });
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
    return new Map([...byStorefront].map(([slug, list]): [string, readonly Product[]] => [slug, Object.freeze(list)]));
  });
  const cachedProviders = cachedWhileUnchanged(db, () => frozen(providers.all()));
  const cachedGroups = cachedWhileUnchanged(db, () => frozen(groups.all()));
  const cachedScenario = cachedWhileUnchanged(db, () => scenario.get() ?? null);
  const none: readonly Product[] = Object.freeze([]);

  return {
    wallets: (): readonly Wallet[] => cachedWallets().all,
    wallet: (slug: string): Wallet | undefined => cachedWallets().bySlug.get(slug),
    /** The wallet a row refers to: its foreign key says it exists, so a miss is a broken database. */
    walletOf: (slug: string): Wallet => cachedWallets().bySlug.get(slug) ?? missing('wallet', slug),
    storefronts: (): readonly Storefront[] => cachedStorefronts().all,
    storefront: (slug: string): Storefront | undefined => cachedStorefronts().bySlug.get(slug),
    /** The storefront a row refers to, as `walletOf`. */
    storefrontOf: (slug: string): Storefront => cachedStorefronts().bySlug.get(slug) ?? missing('storefront', slug),
    products: (storefrontSlug: string): readonly Product[] => cachedProducts().get(storefrontSlug) ?? none,
    product: (storefrontSlug: string, id: number): Product | undefined =>
      cachedProducts()
        .get(storefrontSlug)
        ?.find((p) => p.id === id),
    providers: (): readonly Provider[] => cachedProviders(),
    groups: (): readonly Provider[] => cachedGroups(),
    /** The name of the scenario the world was loaded from ('synthetic' for a generated one), if any. */
    scenario: (): string | null => cachedScenario(),
  };
}
export type CatalogQueries = ReturnType<typeof catalogQueries>;
