import { z } from 'zod';
import { eventRecordJson, eventRecordShape } from './event-record.ts';
import { instantJson } from './formats.ts';
import type { IntegrationView } from '../actions/integration-views.ts';
import type { Product, Storefront } from '../db/catalog.ts';
import { PAYMENT_OUTCOMES, SHOWN_ORDER_STATUSES, type Order, type OrderItem, type Payment } from '../db/orders.ts';
import { REFUND_STATUSES, type Refund } from '../db/refunds.ts';
import { paymentReasonShown } from '../domain/decline-reasons.ts';
import type { WalletDecision } from '../domain/decide.ts';
import { REASON_CODES } from '../domain/reasons.ts';
import { CHANNELS, CONTEXT_CHANNELS, PRECISIONS, STATES, type IntegrationEvent, type Rules } from '../domain/model.ts';
import { fenToYuanString } from '../domain/money.ts';
import { formatRecordedDate } from '../domain/time.ts';

/** The JSON the API sends; the types below come from these schemas, which /api/openapi.json also describes. */

const yuan = z.string().describe('yuan, e.g. "120.50"');

export const RulesJson = z.object({
  rolloutPercent: z.number().int().min(0).max(100),
  channels: z.array(z.enum(CHANNELS)),
  minAmount: yuan.nullable(),
  maxAmount: yuan.nullable(),
  displayOrder: z.number().int(),
});

export const EventJson = z.object({
  version: z.number().int(),
  verb: z.string(),
  fromState: z.enum(STATES),
  toState: z.enum(STATES),
  ...eventRecordShape,
  rules: RulesJson,
  sourceFile: z.string().nullable(),
  datePrecision: z.enum(PRECISIONS),
  date: z.string().describe('effectiveAt at its precision: "14 Sept 2021", "≈ Sept 2021", "before 2021", "27 Oct 2021 (expected)"'),
});

export const IntegrationJson = z.object({
  storefront: z.string(),
  wallet: z.string(),
  state: z.enum(STATES).describe('the state now, derived from the events'),
  scheduledLaunchAt: instantJson.nullable().describe('a launch recorded for later: SCHEDULED at checkout until then'),
  rules: RulesJson,
  version: z.number().int().describe('send it back as expectedVersion (or If-Match) to change the integration'),
  updatedAt: instantJson,
});

export const IntegrationListJson = z.object({ asOf: instantJson, integrations: z.array(IntegrationJson) });
export const EventListJson = z.object({ storefront: z.string(), wallet: z.string(), events: z.array(EventJson) });
export const TransitionJson = z.object({ integration: IntegrationJson, event: EventJson });
export const TokenJson = z.object({
  token: z.string(),
  tokenId: z.number().int(),
  expiresAt: instantJson.describe('ISO-8601 UTC; refused with 401 after this'),
});

function rulesJson(rules: Rules): z.infer<typeof RulesJson> {
  const yuanOrNull = (fen: number | null) => (fen === null ? null : fenToYuanString(fen));
  return {
    rolloutPercent: rules.rolloutPercent,
    channels: rules.channels,
    minAmount: yuanOrNull(rules.minAmountFen),
    maxAmount: yuanOrNull(rules.maxAmountFen),
    displayOrder: rules.displayOrder,
  };
}

export function integrationJson(view: IntegrationView): z.infer<typeof IntegrationJson> {
  return {
    storefront: view.storefront.slug,
    wallet: view.wallet.slug,
    state: view.state,
    scheduledLaunchAt: view.scheduled?.effectiveAt ?? null,
    rules: rulesJson(view.rules),
    version: view.version,
    updatedAt: view.row.updatedAt,
  };
}

export function eventJson(event: IntegrationEvent): z.infer<typeof EventJson> {
  return {
    version: event.version,
    verb: event.verb,
    fromState: event.fromState,
    toState: event.toState,
    ...eventRecordJson(event),
    rules: rulesJson(event.rules),
    sourceFile: event.sourceFile,
    datePrecision: event.datePrecision,
    date: formatRecordedDate(event.effectiveAt, event.datePrecision),
  };
}

export const WalletDecisionJson = z.object({
  wallet: z.string(),
  name: z.string(),
  shown: z.boolean(),
  reason: z.enum(REASON_CODES).describe('why it is shown or not'),
  message: z.string().describe('the reason as a sentence for people'),
  state: z.enum(STATES),
  bucket: z.number().int().nullable().describe('the shopper’s sticky rollout bucket (0–99), once live'),
  rolloutPercent: z.number().int(),
  since: instantJson.nullable().describe('when it reached this state, placed as the simulation places it'),
  sincePrecision: z.enum(PRECISIONS).nullable().describe('how precisely the record knows `since`'),
  sinceLabel: z.string().nullable().describe('`since` at its precision, e.g. "≈ Sept 2021"'),
  goesLiveAt: instantJson.nullable().describe('SCHEDULED: when it goes live'),
  basis: z
    .enum(['reported', 'assumed'])
    .describe(
      'reported: a recorded fact decides it (an article, or a change made in this world); assumed: nothing recorded does (the walled-garden default before any report, or a channel the record does not speak of), so since, its label and source are null',
    ),
  source: z
    .string()
    .nullable()
    .describe(
      'the articles a reported state stands on, comma-separated ("000_….txt, 002_….txt": every report in force); null for an assumption or a change made in this world',
    ),
});

export function walletDecisionJson(w: WalletDecision): z.infer<typeof WalletDecisionJson> {
  return {
    wallet: w.wallet,
    name: w.name,
    shown: w.shown,
    reason: w.reason,
    message: w.message,
    state: w.state,
    bucket: w.bucket,
    rolloutPercent: w.rules.rolloutPercent,
    // An assumption carries no date: the record's silence has none.
    since: w.basis === 'assumed' ? null : w.since,
    sincePrecision: w.basis === 'assumed' ? null : w.sincePrecision,
    sinceLabel: w.basis === 'reported' && w.since && w.sincePrecision ? formatRecordedDate(w.since, w.sincePrecision) : null,
    goesLiveAt: w.goesLiveAt,
    basis: w.basis,
    source: w.basis === 'reported' ? w.sources.join(', ') || null : null,
  };
}

export const StorefrontListJson = z.object({
  asOf: instantJson,
  storefronts: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      localName: z.string(),
      group: z.string(),
      category: z.string(),
      currency: z.string(),
      wallets: z.array(z.object({ wallet: z.string(), name: z.string(), state: z.enum(STATES) })),
    }),
  ),
});

export const WalletsJson = z.object({
  storefront: z.string(),
  asOf: instantJson,
  context: z.object({
    channel: z.enum(CONTEXT_CHANNELS),
    amount: yuan,
    shopper: z.string(),
    host: z.string().nullable().describe('the host app the shop is opened in, if any'),
  }),
  wallets: z.array(WalletDecisionJson),
});

export const StorefrontJson = z.object({
  slug: z.string(),
  name: z.string(),
  group: z.string(),
  category: z.string(),
  currency: z.string(),
  products: z.array(z.object({ id: z.number().int().describe('send it as items[].product'), name: z.string(), price: yuan })),
});

export function storefrontJson(storefront: Storefront, products: readonly Product[]): z.infer<typeof StorefrontJson> {
  return {
    slug: storefront.slug,
    name: storefront.name,
    group: storefront.groupSlug,
    category: storefront.category,
    currency: storefront.currency,
    products: products.map((p) => ({ id: p.id, name: p.name, price: fenToYuanString(p.priceFen) })),
  };
}

export const DeclineReasonJson = z
  .object({
    code: z.string().describe("Hutong's reason code (see /reasons), e.g. BALANCE_NOT_ENOUGH"),
    message: z.string().describe('the sentence the shopper reads'),
    walletCode: z.string().optional().describe("the wallet's own code for the same case, where its public documentation names one"),
    source: z.string().optional().describe('where the wallet documents walletCode'),
  })
  .describe('why the attempt did not succeed');

export const PaymentJson = z.object({
  id: z.number().int(),
  order: z.string(),
  wallet: z.string(),
  outcome: z.enum(PAYMENT_OUTCOMES),
  declineReason: DeclineReasonJson.nullable().describe('null when the attempt succeeded'),
  scannedWith: z.string().nullable(),
  createdAt: instantJson,
});

export const RefundJson = z.object({
  id: z.number().int(),
  order: z.string(),
  amount: yuan,
  status: z.enum(REFUND_STATUSES),
  failureCode: z.string().nullable().describe('why it failed; null when it succeeded'),
  requestedBy: z.string(),
  note: z.string().nullable(),
  createdAt: instantJson,
});

export const OrderJson = z.object({
  id: z.string(),
  status: z
    .enum(SHOWN_ORDER_STATUSES)
    .describe('awaiting_confirmation: scanned, not confirmed yet; partially_refunded / refunded: a paid order after refunds'),
  storefront: z.string(),
  shopper: z.string(),
  channel: z.enum(CONTEXT_CHANNELS),
  wallet: z.string(),
  amount: yuan,
  refunded: yuan.describe('what successful refunds gave back'),
  items: z.array(z.object({ product: z.number().int(), name: z.string(), unitPrice: yuan, quantity: z.number().int() })),
  expiresAt: instantJson
    .nullable()
    .describe(
      'when its cashier expires (the world’s clock): still unpaid then, it becomes expired and order.expired is sent; see docs/payments.md',
    ),
  createdAt: instantJson,
  updatedAt: instantJson,
});

export const PlacedOrderJson = OrderJson.extend({
  host: z.string().nullable(),
  decision: z.array(WalletDecisionJson).describe('the decision the order was placed under, every wallet with its reason'),
});
export const OrderWithPaymentsJson = OrderJson.extend({ payments: z.array(PaymentJson), refunds: z.array(RefundJson) });
export const OrderListJson = z.object({ shopper: z.string(), orders: z.array(OrderJson.omit({ items: true })) });
export const PaymentResultJson = z.object({ payment: PaymentJson, order: OrderJson });
export const RefundResultJson = z.object({ refund: RefundJson, order: OrderJson });
export const OrderRefundsJson = z.object({ order: OrderJson, refunds: z.array(RefundJson) });

export function paymentJson(p: Payment): z.infer<typeof PaymentJson> {
  return {
    id: p.id,
    order: p.orderId,
    wallet: p.walletSlug,
    outcome: p.outcome,
    declineReason: paymentReasonShown(p),
    scannedWith: p.scannedWith,
    createdAt: p.createdAt,
  };
}

export function refundJson(r: Refund): z.infer<typeof RefundJson> {
  return {
    id: r.id,
    order: r.orderId,
    amount: fenToYuanString(r.amountFen),
    status: r.status,
    failureCode: r.failureCode,
    requestedBy: r.requestedBy,
    note: r.note,
    createdAt: r.createdAt,
  };
}

export function orderSummaryJson(o: Order): Omit<z.infer<typeof OrderJson>, 'items'> {
  return {
    id: o.id,
    status: o.status,
    storefront: o.storefrontSlug,
    shopper: o.shopperId,
    channel: o.channel,
    wallet: o.walletSlug,
    amount: fenToYuanString(o.totalFen),
    refunded: fenToYuanString(o.refundedFen),
    expiresAt: o.expiresAt,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

export function orderJson(o: Order, items: OrderItem[]): z.infer<typeof OrderJson> {
  const { createdAt, updatedAt, ...summary } = orderSummaryJson(o);
  return {
    ...summary,
    items: items.map((i) => ({ product: i.productId, name: i.name, unitPrice: fenToYuanString(i.unitPriceFen), quantity: i.quantity })),
    createdAt,
    updatedAt,
  };
}
