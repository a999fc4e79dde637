import { REASON_CODES, type ReasonCode } from './reasons.ts';

export interface ReasonGuide {
  code: ReasonCode;
  /** What the code means, in one line. */
  meaning: string;
  /** The sentence a shopper reads at checkout, as an example. */
  sentence: string;
  /** How a tester puts a checkout into this state. */
  howToReach: string;
}

const GUIDE: Record<ReasonCode, Omit<ReasonGuide, 'code'>> = {
  SHOWN: {
    meaning: 'Live, and every rule passes: the wallet is offered.',
    sentence: 'WeChat Pay is available.',
    howToReach: 'Ele.me checkout in the record: WeChat Pay went live there in September 2021.',
  },
  NOT_REQUESTED: {
    meaning: 'Nobody asked: the walled-garden default.',
    sentence: 'Ele.me has not asked to offer UnionPay QR.',
    howToReach: 'Ele.me checkout in the record (UnionPay QR), or revoke an integration in the console.',
  },
  PENDING_PROVIDER_APPROVAL: {
    meaning: "Requested by the storefront's operator; the wallet's provider has not decided.",
    sentence: "Taobao Deals has asked to offer WeChat Pay; awaiting Tencent's approval.",
    howToReach: 'Taobao Deals checkout in the record (WeChat Pay), or request an integration as ali.ops.',
  },
  APPROVED_NOT_LIVE: {
    meaning: 'The provider approved; the operator has not launched it.',
    sentence: 'Approved by Tencent, but Taobao Deals has not launched it yet.',
    howToReach: 'Approve a request as tencent.reviewer and do not launch it.',
  },
  SCHEDULED: {
    meaning: 'Approved, with a launch recorded for a later time.',
    sentence: 'Approved by Tencent; goes live on 1 Dec 2026, 08:00 UTC.',
    howToReach: 'Launch an approved integration as ali.ops with a "Go live at" time in the future.',
  },
  REJECTED: {
    meaning: 'The provider declined the request, with its reason.',
    sentence: 'Tencent declined the request: cross-border settlement not ready.',
    howToReach: 'Reject a request as tencent.reviewer (a reason is required).',
  },
  SUSPENDED: {
    meaning: 'Was live; pulled for now, with a reason.',
    sentence: 'Suspended by ali.ops: settlement incident.',
    howToReach: 'Suspend a live integration in the console (a reason is required).',
  },
  OUT_OF_ROLLOUT: {
    meaning: "Live for a share of shoppers; this shopper's sticky bucket (0–99) is not in it.",
    sentence: 'WeChat Pay is rolling out to 10% of shoppers; this shopper (bucket 57) is not included yet.',
    howToReach: 'Launch or adjust with a rollout below 100 %, then "Become a new shopper" until one falls outside.',
  },
  CHANNEL_UNSUPPORTED: {
    meaning: 'Not offered on the channel the shopper is using.',
    sentence: 'WeChat Pay is not offered on Desktop web here (only: App).',
    howToReach: 'Launch with some channels only, then switch the channel at checkout.',
  },
  AMOUNT_BELOW_MIN: {
    meaning: "The order is below the integration's minimum amount.",
    sentence: 'WeChat Pay needs an order of at least ¥50.00.',
    howToReach: 'Adjust a live integration with a minimum amount, then check out a smaller cart.',
  },
  AMOUNT_ABOVE_MAX: {
    meaning: "The order is above the integration's maximum amount.",
    sentence: 'WeChat Pay takes orders of at most ¥20.00.',
    howToReach: 'Adjust a live integration with a maximum amount, then check out a larger cart.',
  },
  HOST_APP_BLOCKS: {
    meaning: 'The shop was opened inside a host app (from a shared link) that walls this wallet out, whatever the shop itself offers.',
    sentence:
      'Opened in WeChat, which walls Alipay out: transactions in WeChat mini-program shops are WeChat Pay only. Apart from that, JD has not asked to offer Alipay.',
    howToReach: 'JD checkout opened in WeChat: /api/storefronts/jd/wallets?host=wechat&channel=in_app_browser.',
  },
};

/** Every reason code with its meaning, an example sentence and how to reach it, in the order of REASON_CODES. */
export function reasonGuide(): ReasonGuide[] {
  return REASON_CODES.map((code) => ({ code, ...GUIDE[code] }));
}
