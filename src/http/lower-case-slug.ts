import type { Request, Response } from 'express';
import { z } from 'zod';
import { storefrontSlug } from './inputs/common.ts';

/**
 * A shop page's params before the slug is checked: the text as sent, so that /shop/ELEME can be sent on
 * (sentToLowerCaseSlug) before the handler checks the slug itself (a 400 naming it, or a 404).
 */
export const ShopPageParams = z.object({ slug: z.string() });

/**
 * /shop/ELEME answers as /shop/eleme does: a GET whose storefront slug has capitals is sent (301)
 * to the same address in lower case, query kept; there it is the page or the same 404. True when sent.
 */
export function sentToLowerCaseSlug(req: Request, res: Response): boolean {
  const slug = req.params.slug;
  if (typeof slug !== 'string' || slug === slug.toLowerCase() || !storefrontSlug.safeParse(slug.toLowerCase()).success) return false;
  const at = req.originalUrl.indexOf(`/shop/${slug}`);
  if (at < 0) return false;
  const lower = `${req.originalUrl.slice(0, at)}/shop/${slug.toLowerCase()}${req.originalUrl.slice(at + `/shop/${slug}`.length)}`;
  res.redirect(301, lower);
  return true;
}
