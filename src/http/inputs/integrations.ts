import { z } from 'zod';
import { CHANNELS, STATES } from '../../domain/model.ts';
import { ACTION_VERBS } from '../../domain/transitions.ts';
import type { RuleChanges } from '../../actions/transitions.ts';
import { safeReturnPath } from '../safe-redirect.ts';
import { closedObject, instant, NOT_BLANK, storefrontSlug, walletSlug, yuanAmount } from './common.ts';

/** The inputs of the console forms and the JSON API: one schema each, shared by both and by /api/openapi.json. */

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const IntegrationParams = z.object({ storefront: storefrontSlug, wallet: walletSlug });
export const TransitionParams = IntegrationParams.extend({
  verb: z.enum(ACTION_VERBS, { message: `one of: ${ACTION_VERBS.join(', ')}` }),
});

export const IntegrationsQuery = z.object({
  storefront: z.preprocess(blankToUndefined, storefrontSlug.optional()),
  wallet: z.preprocess(blankToUndefined, walletSlug.optional()),
  state: z.preprocess(blankToUndefined, z.enum(STATES, { message: `one of: ${STATES.join(', ')}` }).optional()),
});
export type IntegrationsQuery = z.infer<typeof IntegrationsQuery>;

const yuanOrNone = z.preprocess(
  (value) => (value === '' ? null : value),
  z.union([z.null(), yuanAmount], { message: 'an amount in yuan such as 120.50, or empty for no limit' }),
);

const percent = z.coerce
  .number({ message: 'a whole number from 0 to 100' })
  .int('a whole number from 0 to 100')
  .min(0, 'a whole number from 0 to 100')
  .max(100, 'a whole number from 0 to 100');

const TransitionFields = z.object({
  expectedVersion: z.preprocess(blankToUndefined, z.coerce.number({ message: 'the version you are looking at' }).int().min(0)),
  reason: z.string().trim().max(500, 'at most 500 characters').default(''),
  effectiveAt: z.preprocess(blankToUndefined, instant.optional()),
  rolloutPercent: z.preprocess(blankToUndefined, percent.optional()),
  channels: z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(z.enum(CHANNELS, { message: `each one of: ${CHANNELS.join(', ')}` }))
      .min(1, 'choose at least one channel')
      .optional(),
  ),
  minAmount: yuanOrNone.optional(),
  maxAmount: yuanOrNone.optional(),
  displayOrder: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'a whole number from 0 to 99 (lower comes first)' })
      .int('a whole number from 0 to 99 (lower comes first)')
      .min(0, 'a whole number from 0 to 99 (lower comes first)')
      .max(99, 'a whole number from 0 to 99 (lower comes first)')
      .optional(),
  ),
});

const amountsInOrder = (b: { minAmount?: number | null; maxAmount?: number | null }) =>
  b.minAmount == null || b.maxAmount == null || b.minAmount <= b.maxAmount;
const AMOUNTS_IN_ORDER = { path: ['maxAmount'], message: 'must be at least the minimum amount' };

export const TransitionBody = TransitionFields.refine(amountsInOrder, AMOUNTS_IN_ORDER);

/** The API's transition body: expectedVersion may come as If-Match instead, so the body does not require it. */
export const ApiTransitionBody = closedObject({
  ...TransitionFields.shape,
  expectedVersion: TransitionFields.shape.expectedVersion
    .optional()
    .describe('The version you are looking at (GET …/{storefront}/{wallet} `version` or its ETag). Required here unless sent as If-Match.'),
}).refine(amountsInOrder, AMOUNTS_IN_ORDER);

/** `If-Match: "3"` (or W/"3"): the version, for a body without expectedVersion. */
export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .optional()
    .describe(
      'The version you are looking at (the ETag), used when the body has no expectedVersion; one of the two is required (400 without either).',
    )
    .meta({ pattern: '^(?:W/)?"?[0-9]+"?$', example: '"3"' }),
});

/** The version If-Match names, if it names one. */
export function versionOfIfMatch(header: string | undefined): number | undefined {
  const digits = /^(?:W\/)?"?(\d+)"?$/.exec((header ?? '').trim())?.[1];
  return digits === undefined ? undefined : Number(digits);
}

export type TransitionBody = z.infer<typeof TransitionBody>;

export function ruleChangesFrom(body: Omit<TransitionBody, 'expectedVersion'>): RuleChanges {
  return {
    rolloutPercent: body.rolloutPercent,
    channels: body.channels,
    minAmountFen: body.minAmount,
    maxAmountFen: body.maxAmount,
    displayOrder: body.displayOrder,
  };
}

export const TOKEN_DAYS = [1, 7, 30, 90] as const;
/** How long a new API token lives, in days (a form sends it as text). */
const expiresInDays = z
  .preprocess(
    (value) => (typeof value === 'string' && /^\d{1,3}$/.test(value.trim()) ? Number(value) : value),
    z.literal(TOKEN_DAYS, { message: `one of: ${TOKEN_DAYS.join(', ')} (days)` }),
  )
  .default(30);

export const TokenRequest = closedObject({
  username: z.string().trim().min(1, 'your username').max(64).meta(NOT_BLANK),
  password: z.string().min(1, 'your password').max(200),
  label: z.string().trim().max(80, 'at most 80 characters').default('API'),
  expiresInDays,
});

export const SignInForm = z.object({
  username: z.string().trim().min(1, 'enter your username').max(64, 'at most 64 characters'),
  password: z.string().min(1, 'enter your password').max(200, 'at most 200 characters'),
  // Anything but a path on this site is dropped (the default page follows), never an error.
  next: z
    .unknown()
    .transform((value) => safeReturnPath(value, undefined))
    .optional(),
});

export const TokenLabelForm = z.object({
  label: z.string().trim().min(1, 'name the token, e.g. "CI"').max(80, 'at most 80 characters'),
  expiresInDays,
});
export const TokenIdParams = z.object({ id: z.coerce.number().int().positive() });

/** PUT /api/policies/:group. */
export const PolicyBody = closedObject({ secondOperator: z.boolean({ message: 'true or false' }) });

/** Why a held change is rejected (required) or withdrawn (optional): src/routes/change-requests.ts and api-change-requests.ts. */
export const REJECT_REASON = z
  .string({ message: 'say why you reject it; the operator who asked reads it' })
  .trim()
  .min(1, 'say why you reject it; the operator who asked reads it')
  .max(500, 'at most 500 characters')
  .meta(NOT_BLANK);
export const WITHDRAW_REASON = z.string().trim().max(500, 'at most 500 characters').default('');
