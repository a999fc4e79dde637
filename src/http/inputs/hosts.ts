import { z } from 'zod';
import { asOf, productId, storefrontSlug } from './common.ts';
import { host, surface } from './links.ts';

/** The inputs of the host journey pages (/hosts/…, and Share on a product). */

export const HostParams = z.object({ host });
export const ChatParams = z.object({ host, surface });
export const OpenParams = z.object({
  host,
  surface,
  message: z.string().regex(/^(friend-[a-z]+|shared-\d{1,12})$/, 'a message of this chat'),
});
export const JourneyQuery = z.object({
  asOf: asOf.optional(),
  /** The taps made so far on the way to the link (0 = just tapped it). */
  step: z.coerce.number({ message: 'a step number' }).int('a step number').min(0, 'a step number').max(5, 'a step number').default(0),
});
export const ShareParams = z.object({ slug: storefrontSlug, productId });
/** `host/surface`: where a link is shared. */
const shareTarget = z
  .string({ message: 'choose where to share it' })
  .regex(/^[a-z]+\/[a-z_]+$/, 'choose where to share it')
  .transform((text) => {
    const [h, s] = text.split('/');
    return { host: h, surface: s };
  })
  .pipe(z.object({ host, surface }));
/** The taps made so far on the way to sharing by token (0 = just chose where; 2 = pasted). */
const shareSteps = z.coerce.number({ message: 'a step number' }).int('a step number').min(0, 'a step number').max(2, 'a step number');
export const ShareForm = z.object({ target: shareTarget, step: shareSteps.default(0), asOf: asOf.optional() });
/** A share by token under way: where to, and the taps made so far. */
export const ShareStepQuery = z.object({ target: shareTarget.optional(), step: shareSteps.default(0) });

/** On the shop a link led to: the extra taps it took, and, when it left the host, which host and how. */
export const ArrivalQuery = z.object({
  arrived: z.coerce.number().int().min(0).max(5).optional().catch(undefined),
  left: host.optional().catch(undefined),
  via: z.enum(['source_app', 'browser']).optional().catch(undefined),
});
