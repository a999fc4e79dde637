import { bucketFor, isInRollout } from './bucket.ts';
import { formatYuan } from './money.ts';
import type { Channel, ContextChannel, Precision, IntegrationHistory, IntegrationState, Rules, Wallet } from './model.ts';
import { CHANNEL_LABELS } from './model.ts';
import type { ReasonCode } from './reasons.ts';
import { formatInstant } from './time.ts';
import { integrationAt } from './timeline.ts';
import type { Host } from './links/model.ts';

/** A host app that walls a wallet out of a storefront opened inside it (already matched to the storefront's group). */
export interface HostWall {
  host: Host;
  hostName: string;
  wallet: string;
  /** Why, as a clause: "transactions in WeChat mini-program shops are WeChat Pay only". */
  reason: string;
}

export interface CheckoutContext {
  storefrontSlug: string;
  storefrontName: string;
  shopperId: string;
  channel: ContextChannel;
  amountFen: number;
  /** The instant the decision is made for, ISO-8601 UTC ("now" or an asOf). */
  at: string;
  /** The host app the shop was opened in from a shared link (channel `in_app_browser`); absent: not inside one. */
  host?: Host | undefined;
  /** Its name, for the sentences ("WeChat"). */
  hostName?: string | undefined;
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
  /**
   * `assumed`: nothing recorded decides it (the walled-garden default before any report, or a
   * channel the record does not speak of); shown as an assumption, with no source and no date.
   */
  basis: 'reported' | 'assumed';
}

interface Verdict {
  reason: ReasonCode;
  message: string;
  /** The rules that decide it are the record's silence, not a fact (a channel it does not speak of). */
  assumed?: boolean;
}

/**
 * The record names the channels it reports a wallet on (WeChat Pay at JD.com: inside WeChat); on
 * another channel it says nothing, so the hidden wallet is an assumption, not "not offered".
 */
function unreportedChannel(verdict: Verdict, snapshot: ReturnType<typeof integrationAt>, wallet: Wallet, ctx: CheckoutContext): Verdict {
  if (verdict.reason !== 'CHANNEL_UNSUPPORTED' || snapshot.since?.actorRole !== 'record') return verdict;
  const reported = snapshot.rules.channels.map((c) => CHANNEL_LABELS[c]).join(', ');
  return {
    reason: 'CHANNEL_UNSUPPORTED',
    message: `No report of ${wallet.name} at ${ctx.storefrontName} on ${CHANNEL_LABELS[ctx.channel]}: the record has it only on ${reported}; the simulator assumes it is not offered here.`,
    assumed: true,
  };
}

function verdictForState(snapshot: ReturnType<typeof integrationAt>, wallet: Wallet, ctx: CheckoutContext): Verdict | null {
  const reviewer = wallet.providerName;
  const why = snapshot.since?.reason ? `: ${snapshot.since.reason}` : '.';
  switch (snapshot.state) {
    case 'not_requested':
      if (!snapshot.since) {
        return {
          reason: 'NOT_REQUESTED',
          message: `No report yet of ${wallet.name} offered or asked for at ${ctx.storefrontName}: the simulator assumes the walled-garden default (not requested).`,
        };
      }
      return { reason: 'NOT_REQUESTED', message: `${ctx.storefrontName} has not asked to offer ${wallet.name}.` };
    case 'requested':
      return {
        reason: 'PENDING_PROVIDER_APPROVAL',
        message: `${ctx.storefrontName} has asked to offer ${wallet.name}; awaiting ${reviewer}'s approval.`,
      };
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

/**
 * A shop opened inside a host runs in its in-app browser: a mobile web page. An integration offered
 * on mobile web, or in the shop's mini-program, is offered there too (rules name only the four channels).
 */
export function offeredOn(channels: readonly Channel[], channel: ContextChannel): boolean {
  // Inside WeChat, a mini-program shop's wallet is the one it offers there (000: JD, Pinduoduo, Vipshop).
  return channel === 'in_app_browser' ? channels.includes('mobile_web') || channels.includes('mini_program') : channels.includes(channel);
}

function verdictForRules(rules: Rules, wallet: Wallet, ctx: CheckoutContext, bucket: number): Verdict {
  if (!offeredOn(rules.channels, ctx.channel)) {
    const offered = rules.channels.map((c) => CHANNEL_LABELS[c]).join(', ') || 'no channel';
    return {
      reason: 'CHANNEL_UNSUPPORTED',
      message: `${wallet.name} is not offered on ${CHANNEL_LABELS[ctx.channel]} here (only: ${offered}).`,
    };
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
 * Inside a host app, its wall comes first, whatever the storefront offers; the sentence names the
 * host and adds the storefront's own reason when it has one, so it is clear whose the block is.
 * A wallet hidden for the storefront's own reason says that the host does not wall it out.
 */
function verdictInHost(own: Verdict, wall: HostWall | undefined, wallet: Wallet, ctx: CheckoutContext): Verdict {
  if (wall) {
    const also = own.reason === 'SHOWN' ? '' : ` Apart from that: ${own.message}`;
    return { reason: 'HOST_APP_BLOCKS', message: `Opened in ${wall.hostName}, which walls ${wallet.name} out: ${wall.reason}.${also}` };
  }
  if (own.reason === 'SHOWN' || !ctx.hostName) return own;
  return { ...own, message: `${own.message} (${ctx.storefrontName}'s own setting; ${ctx.hostName} does not wall ${wallet.name} out.)` };
}

/**
 * Which wallets a shopper sees at checkout, and why each hidden one is hidden. `walls` are the
 * host walls for this storefront; they apply only when the context names that host.
 * Pure: the same context and histories always give the same answer.
 */
export function decideWallets(
  ctx: CheckoutContext,
  wallets: readonly Wallet[],
  histories: readonly IntegrationHistory[],
  walls: readonly HostWall[] = [],
): WalletDecision[] {
  const byWallet = new Map(histories.map((h) => [h.walletSlug, h]));
  const decisions = wallets.map((wallet) => {
    const snapshot = integrationAt(byWallet.get(wallet.slug)?.events ?? [], ctx.at);
    const rules = snapshot.state === 'not_requested' ? { ...snapshot.rules, displayOrder: wallet.displayOrder } : snapshot.rules;
    const bucket = snapshot.state === 'live' ? bucketFor(ctx.shopperId, ctx.storefrontSlug, wallet.slug) : null;
    const stated = verdictForState(snapshot, wallet, ctx);
    const own = stated ?? unreportedChannel(verdictForRules(rules, wallet, ctx, bucket ?? 0), snapshot, wallet, ctx);
    const wall = ctx.host === undefined ? undefined : walls.find((w) => w.host === ctx.host && w.wallet === wallet.slug);
    const verdict = ctx.host === undefined ? own : verdictInHost(own, wall, wallet, ctx);
    const assumed = !snapshot.since || own.assumed === true;
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
      basis: assumed && verdict.reason !== 'HOST_APP_BLOCKS' ? ('assumed' as const) : ('reported' as const),
      order: [rules.displayOrder, wallet.displayOrder] as const,
    };
  });
  decisions.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
  return decisions.map(({ order: _order, ...decision }) => decision);
}
