import { bucketFor, isInRollout } from './bucket.ts';
import { formatYuan } from './money.ts';
import type { Channel, Precision, IntegrationHistory, IntegrationState, Rules, Wallet } from './model.ts';
import { CHANNEL_LABELS } from './model.ts';
import type { ReasonCode } from './reasons.ts';
import { formatInstant } from './time.ts';
import { integrationAt } from './timeline.ts';

export interface CheckoutContext {
  storefrontSlug: string;
  storefrontName: string;
  shopperId: string;
  channel: Channel;
  amountFen: number;
  /** The instant the decision is made for, ISO-8601 UTC ("now" or an asOf). */
  at: string;
}

export interface WalletDecision {
  wallet: string;
  name: string;
  providerName: string;
  shown: boolean;
  reason: ReasonCode;
  message: string;
  state: IntegrationState;
  rules: Rules;
  /** The shopper's rollout bucket, once the integration is live. */
  bucket: number | null;
  /** When the integration entered its current state, if ever (where the simulation places it). */
  since: string | null;
  /** How precisely `since` is known (`month`: only the month, …); null with `since`. */
  sincePrecision: Precision | null;
  /** For SCHEDULED: when it goes live. */
  goesLiveAt: string | null;
}

interface Verdict {
  reason: ReasonCode;
  message: string;
}

function verdictForState(
  snapshot: ReturnType<typeof integrationAt>,
  wallet: Wallet,
  ctx: CheckoutContext,
): Verdict | null {
  const reviewer = wallet.providerName;
  const why = snapshot.since?.reason ? `: ${snapshot.since.reason}` : '.';
  switch (snapshot.state) {
    case 'not_requested':
      return { reason: 'NOT_REQUESTED', message: `${ctx.storefrontName} has not asked to offer ${wallet.name}.` };
    case 'requested':
      return { reason: 'PENDING_PROVIDER_APPROVAL', message: `Not available here: awaiting ${reviewer}'s approval.` };
    case 'approved':
      if (snapshot.pending && snapshot.pending.toState === 'live') {
        return { reason: 'SCHEDULED', message: `Approved by ${reviewer}; goes live on ${formatInstant(snapshot.pending.effectiveAt)}.` };
      }
      return { reason: 'APPROVED_NOT_LIVE', message: `Approved by ${reviewer}, but ${ctx.storefrontName} has not launched it yet.` };
    case 'rejected':
      return { reason: 'REJECTED', message: `${reviewer} declined the request${why}` };
    case 'suspended':
      return { reason: 'SUSPENDED', message: `Suspended by ${snapshot.since?.actor ?? 'an operator'}${why}` };
    case 'live':
      return null;
  }
}

function verdictForRules(rules: Rules, wallet: Wallet, ctx: CheckoutContext, bucket: number): Verdict {
  if (!rules.channels.includes(ctx.channel)) {
    const offered = rules.channels.map((c) => CHANNEL_LABELS[c]).join(', ') || 'no channel';
    return { reason: 'CHANNEL_UNSUPPORTED', message: `${wallet.name} is not offered on ${CHANNEL_LABELS[ctx.channel]} here (only: ${offered}).` };
  }
  if (rules.minAmountFen !== null && ctx.amountFen < rules.minAmountFen) {
    return { reason: 'AMOUNT_BELOW_MIN', message: `${wallet.name} needs an order of at least ${formatYuan(rules.minAmountFen)}.` };
  }
  if (rules.maxAmountFen !== null && ctx.amountFen > rules.maxAmountFen) {
    return { reason: 'AMOUNT_ABOVE_MAX', message: `${wallet.name} takes orders of at most ${formatYuan(rules.maxAmountFen)}.` };
  }
  if (!isInRollout(bucket, rules.rolloutPercent)) {
    return {
      reason: 'OUT_OF_ROLLOUT',
      message: `${wallet.name} is rolling out to ${rules.rolloutPercent}% of shoppers; this shopper (bucket ${bucket}) is not included yet.`,
    };
  }
  return { reason: 'SHOWN', message: `${wallet.name} is available.` };
}

/**
 * Which wallets a shopper sees at checkout, and why each hidden one is hidden.
 * Pure: the same context and histories always give the same answer.
 */
export function decideWallets(
  ctx: CheckoutContext,
  wallets: readonly Wallet[],
  histories: readonly IntegrationHistory[],
): WalletDecision[] {
  const byWallet = new Map(histories.map((h) => [h.walletSlug, h]));
  const decisions = wallets.map((wallet) => {
    const snapshot = integrationAt(byWallet.get(wallet.slug)?.events ?? [], ctx.at);
    const rules = snapshot.state === 'not_requested' ? { ...snapshot.rules, displayOrder: wallet.displayOrder } : snapshot.rules;
    const bucket = snapshot.state === 'live' ? bucketFor(ctx.shopperId, ctx.storefrontSlug, wallet.slug) : null;
    const verdict = verdictForState(snapshot, wallet, ctx) ?? verdictForRules(rules, wallet, ctx, bucket ?? 0);
    return {
      wallet: wallet.slug,
      name: wallet.name,
      providerName: wallet.providerName,
      shown: verdict.reason === 'SHOWN',
      reason: verdict.reason,
      message: verdict.message,
      state: snapshot.state,
      rules,
      bucket,
      since: snapshot.since?.effectiveAt ?? null,
      sincePrecision: snapshot.since?.datePrecision ?? null,
      goesLiveAt: verdict.reason === 'SCHEDULED' ? (snapshot.pending?.effectiveAt ?? null) : null,
      order: [rules.displayOrder, wallet.displayOrder] as const,
    };
  });
  decisions.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return decisions.map(({ order: _order, ...decision }) => decision);
}
