import { z } from 'zod';
import { asOf, channel, storefrontSlug, yuanAmount } from './common.ts';

export const StorefrontParams = z.object({ slug: storefrontSlug });

export const WalletsQuery = z.object({
  channel: channel.default('app'),
  amount: yuanAmount.default(10000),
  shopper: z.string().min(1, 'a shopper id').max(128, 'at most 128 characters').optional(),
  asOf: asOf.optional(),
});
