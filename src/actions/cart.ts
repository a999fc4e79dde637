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

/** How a caller names a product the storefront does not sell: the pages answer 404, the API 422 naming its field. */
export interface UnknownProduct {
  kind: 'not_found' | 'unprocessable';
  path: string;
}
const PAGES_UNKNOWN_PRODUCT: UnknownProduct = { kind: 'not_found', path: 'productId' };

/** Adds `quantity` of a product; refused beside the quantity field when the line would pass 99. */
export function addToCart(
  repos: Repositories,
  input: { shopperId: string; storefront: Storefront; productId: number; quantity: number; now: string },
  unknownProduct: UnknownProduct = PAGES_UNKNOWN_PRODUCT,
): void {
  const product = repos.catalog.product(input.storefront.slug, input.productId);
  if (!product) {
    const message = `${input.storefront.name} has no product ${input.productId}.`;
    throw new Refusal(unknownProduct.kind, message, { errors: [{ path: unknownProduct.path, message: 'a product of this storefront' }] });
  }
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

/** A cart the API names by id: only the shopper it was opened for sees it (anyone else: 404, as if there were none). */
export interface OwnedCart extends Cart {
  id: number;
  shopperId: string;
  storefront: Storefront;
}

export function cartById(repos: Repositories, id: number, shopperId: string): OwnedCart {
  const row = repos.carts.byId(id);
  const storefront = row && row.shopperId === shopperId ? repos.catalog.storefront(row.storefrontSlug) : undefined;
  if (!row || !storefront) throw new Refusal('not_found', 'There is no such cart.');
  return { id: row.id, shopperId: row.shopperId, storefront, ...cartOf(repos, row.shopperId, row.storefrontSlug) };
}

/** Opens the shopper's cart at a storefront (theirs already, if they have one there, as on the pages). */
export function openCart(repos: Repositories, input: { shopperId: string; storefrontSlug: string; now: string }): OwnedCart {
  storefrontOrNotFound(repos, input.storefrontSlug);
  const id = repos.carts.open(input.shopperId, input.storefrontSlug, input.now);
  return cartById(repos, id, input.shopperId);
}

/** Sets a line's quantity (0 removes it), as the cart page does: a product not in the cart is 404. */
export function setCartLine(repos: Repositories, cart: OwnedCart, productId: number, quantity: number): void {
  if (!repos.carts.setQuantity(cart.shopperId, cart.storefront.slug, productId, quantity)) {
    throw new Refusal('not_found', 'That item is not in your cart.');
  }
}
