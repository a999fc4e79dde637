import type { CartLine } from '../db/carts.ts';
import type { Storefront } from '../db/catalog.ts';
import type { Repositories } from '../db/repositories.ts';
import { cartTotals, type CartTotals } from '../domain/cart.ts';
import { Refusal } from '../domain/errors.ts';

export interface Cart extends CartTotals {
  lines: CartLine[];
}

/** The shopper's cart at one storefront, with its totals. */
export function cartOf(repos: Repositories, shopperId: string, storefrontSlug: string): Cart {
  const lines = repos.carts.lines(shopperId, storefrontSlug);
  return { lines, ...cartTotals(lines) };
}

/** A storefront by its slug, or a not_found refusal naming it. */
export function storefrontOrNotFound(repos: Repositories, slug: string): Storefront {
  const storefront = repos.catalog.storefront(slug);
  if (!storefront) throw new Refusal('not_found', `There is no storefront "${slug}".`);
  return storefront;
}
