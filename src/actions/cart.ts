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

/** At most this many of one item in a cart (the cart_items CHECK says the same). */
export const MAX_QUANTITY = 99;

/** Adds `quantity` of a product; refused beside the quantity field when the line would pass 99. */
export function addToCart(
  repos: Repositories,
  input: { shopperId: string; storefront: Storefront; productId: number; quantity: number; now: string },
): void {
  const product = repos.catalog.product(input.storefront.slug, input.productId);
  if (!product) throw new Refusal('not_found', `${input.storefront.name} has no product ${input.productId}.`);
  const inCart = repos.carts.lines(input.shopperId, input.storefront.slug).find((l) => l.productId === product.id)?.quantity ?? 0;
  if (inCart + input.quantity > MAX_QUANTITY) {
    const room = MAX_QUANTITY - inCart;
    const message =
      room === 0
        ? `You already have ${MAX_QUANTITY} of ${product.name} in your cart, the most one cart holds.`
        : `You have ${inCart} in your cart; you can add at most ${room} more (${MAX_QUANTITY} in all).`;
    throw new Refusal('unprocessable', message, { errors: [{ path: 'quantity', message }] });
  }
  repos.carts.add(input.shopperId, input.storefront.slug, product.id, input.quantity, input.now);
}
