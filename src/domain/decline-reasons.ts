import { isOneOf } from './one-of.ts';

/**
 * Why a payment attempt did not succeed: Hutong's own stable codes, the sentence a shopper reads,
 * and, where a wallet's public API documentation names the same case, that wallet's own code and
 * where it is documented. A wallet with no entry has no public code we could find for the case:
 * none is invented.
 */

export const PAYMENT_WALLETS = ['alipay', 'wechat-pay', 'unionpay-qr'] as const;
export type PaymentWallet = (typeof PAYMENT_WALLETS)[number];

/** A wallet's own code for a case, and the document that names it. */
export interface WalletCode {
  code: string;
  /** The document (title and URL, or repository and path of a copy of the wallet's table). */
  source: string;
}

/** The outcome an attempt with this reason ends in. */
export type ReasonOutcome = 'declined' | 'cancelled' | 'expired';

export interface DeclineReason {
  code: string;
  outcome: ReasonOutcome;
  /** A few words for a button or a list: "Balance not enough". */
  label: string;
  /** What the shopper reads on the receipt and at "Try again". */
  sentence: string;
  walletCodes: Partial<Record<PaymentWallet, WalletCode>>;
}

// Second-hand: Alipay's table as republished on open.alitrip.com (Alibaba's travel open platform), not on Alipay's own site.
const ALIPAY_TRADE_PAY =
  'Alipay, alipay.trade.pay error codes (English), as republished on Alibaba’s open.alitrip.com: https://open.alitrip.com/docs/doc.htm?articleId=104632&docType=1&treeId=140';
const ANTOM_TRADE_PAY = 'Alipay (Antom), jsapi tradePay result codes: https://docs.antom.com/ac/solution_api/trade_pay';
const ANTOM_AMS_RESULT_CODES =
  'Alipay (Antom) payment API result codes, as copied in the PyPI package ylz-translate 0.2.7, ylz_translate/test/ac_ams_api/part_28.md';
const WECHAT_V2_ERROR_TABLE =
  'WeChat Pay API v2 error table (err_code), as quoted in github.com/amwitx/Amw.Core, Common/Webi.Wechat.SDK/Enums/WxPay/WxPay_ReturnCode.cs';

export const DECLINE_REASONS: readonly DeclineReason[] = [
  {
    code: 'BALANCE_NOT_ENOUGH',
    label: 'Balance not enough',
    outcome: 'declined',
    sentence: 'Your balance is not enough for this payment. Top up, or pay with another card or wallet.',
    walletCodes: {
      alipay: { code: 'ACQ.BUYER_BALANCE_NOT_ENOUGH', source: ALIPAY_TRADE_PAY },
      'wechat-pay': { code: 'NOTENOUGH', source: WECHAT_V2_ERROR_TABLE },
    },
  },
  {
    code: 'PAYMENT_PASSWORD_FAILED',
    label: 'Password wrong or too many tries',
    outcome: 'declined',
    sentence: 'The payment password was wrong, or tried too many times. Wait a while, or pay another way.',
    walletCodes: { alipay: { code: 'USER_PAYMENT_VERIFICATION_FAILED', source: ANTOM_AMS_RESULT_CODES } },
  },
  {
    code: 'RISK_CONTROL',
    label: 'Stopped by risk control',
    outcome: 'declined',
    sentence: "The wallet's risk checks stopped this payment. Pay another way, or contact the wallet.",
    walletCodes: { alipay: { code: 'ACQ.PAYMENT_REQUEST_HAS_RISK', source: ALIPAY_TRADE_PAY } },
  },
  {
    code: 'ACCOUNT_FROZEN',
    label: 'Account or card frozen',
    outcome: 'declined',
    sentence: 'Your wallet account or card is frozen and cannot pay. Contact the wallet, or pay another way.',
    walletCodes: { alipay: { code: 'ACQ.BUYER_ENABLE_STATUS_FORBID', source: ALIPAY_TRADE_PAY } },
  },
  {
    code: 'DAILY_LIMIT_EXCEEDED',
    label: 'Over the daily limit',
    outcome: 'declined',
    sentence: "This payment is over your account's daily limit. Pay another way, or pay tomorrow.",
    walletCodes: { alipay: { code: 'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR', source: ALIPAY_TRADE_PAY } },
  },
  {
    code: 'GENERIC_DECLINE',
    label: 'No reason given',
    outcome: 'declined',
    sentence: 'The wallet declined this payment without saying why. Pay again, or pay another way.',
    walletCodes: {},
  },
  {
    code: 'SHOPPER_CANCELLED',
    label: 'Cancelled by the shopper',
    outcome: 'cancelled',
    sentence: 'You cancelled the payment in the wallet.',
    walletCodes: { alipay: { code: '6001', source: ANTOM_TRADE_PAY } },
  },
  {
    code: 'QR_CODE_EXPIRED',
    label: 'Code expired',
    outcome: 'expired',
    sentence: 'The payment code expired before the payment was confirmed. Pay again for a new one.',
    walletCodes: {
      alipay: { code: 'ACQ.TRADE_HAS_CLOSE', source: ALIPAY_TRADE_PAY },
      'wechat-pay': { code: 'ORDERCLOSED', source: WECHAT_V2_ERROR_TABLE },
    },
  },
];

export const DECLINE_REASON_CODES: readonly string[] = DECLINE_REASONS.map((r) => r.code);

/** The reason an outcome gets when the request names none. */
export const DEFAULT_REASON: Record<ReasonOutcome, string> = {
  declined: 'GENERIC_DECLINE',
  cancelled: 'SHOPPER_CANCELLED',
  expired: 'QR_CODE_EXPIRED',
};

export function declineReason(code: string): DeclineReason | undefined {
  return DECLINE_REASONS.find((r) => r.code === code);
}

/** The reasons an attempt may end in with this outcome (the cashier's choices for it). */
export function reasonsFor(outcome: ReasonOutcome): DeclineReason[] {
  return DECLINE_REASONS.filter((r) => r.outcome === outcome);
}

/**
 * The reason an attempt ends with: none for a success; the requested one when it belongs to the
 * outcome; the outcome's default when none is named. A reason of another outcome is null (refused by the caller).
 */
export function reasonForOutcome(outcome: 'succeeded' | ReasonOutcome, requested: string | null): string | null {
  if (outcome === 'succeeded') return null;
  if (requested === null) return DEFAULT_REASON[outcome];
  return declineReason(requested)?.outcome === outcome ? requested : null;
}

/** The reason as the API and the receipt show it: the wallet's own code beside Hutong's, when one is documented. */
export function reasonShown(code: string, wallet: string) {
  const reason = declineReason(code);
  const walletCode = reason && isOneOf(PAYMENT_WALLETS, wallet) ? reason.walletCodes[wallet] : undefined;
  return {
    code,
    message: reason?.sentence ?? code,
    ...(walletCode ? { walletCode: walletCode.code, source: walletCode.source } : {}),
  };
}

/** A payment's reason as shown (null for a success). */
export function paymentReasonShown(payment: { reasonCode: string | null; walletSlug: string }) {
  return payment.reasonCode === null ? null : reasonShown(payment.reasonCode, payment.walletSlug);
}
