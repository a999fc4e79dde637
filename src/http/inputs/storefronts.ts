import { z } from 'zod';
import { HOSTS } from '../../domain/links/model.ts';
import { asOf, channel, storefrontSlug, yuanAmount } from './common.ts';

export const StorefrontParams = z.object({ slug: storefrontSlug });

export const WalletsQuery = z.object({
  channel: channel.default('app'),
  amount: yuanAmount.default(10000),
  shopper: z.string().min(1, 'a shopper id').max(128, 'at most 128 characters').optional(),
  asOf: asOf.optional(),
  host: z
    .enum(HOSTS, { message: `one of: ${HOSTS.join(', ')}` })
    .optional()
    .describe('the host app the shop is opened in from a shared link (with channel=in_app_browser): its walls apply (HOST_APP_BLOCKS)'),
});
