import { inInstantRange, LATEST_INSTANT } from './time.ts';

/**
 * How long each wallet's cashier lets an order be paid before it expires. A number is a fact only
 * with its source; where no source gives one, it is Hutong's own choice and says so (a default is
 * not a fact).
 */
export interface CashierExpiry {
  ms: number;
  /** "2 hours", as pages say it. */
  label: string;
  /** `documented`: the wallet's documentation gives it (see `source`); `assumption`: Hutong's choice. */
  basis: 'documented' | 'assumption';
  /** Where it is documented, or why Hutong chose it. */
  note: string;
  source: { title: string; url: string } | null;
}

const TWO_HOURS = 2 * 60 * 60 * 1000;

const WECHAT_PAY: CashierExpiry = {
  ms: TWO_HOURS,
  label: '2 hours',
  basis: 'documented',
  note: 'WeChat Pay’s Native payment guide: the code_url a QR code is made from “is valid for up to 2 hours”, and the payer cannot scan it to pay once it has expired. (The guide as published today; the record does not say what it was in 2021.)',
  source: {
    title: 'WeChat Pay, Native Payment: Development Guide',
    url: 'https://pay.weixin.qq.com/wiki/doc/api/wxpay/en/pay/NativePay/chapter4_2.shtml',
  },
};

const assumed = (wallet: string): CashierExpiry => ({
  ms: TWO_HOURS,
  label: '2 hours',
  basis: 'assumption',
  note: `An assumption, not ${wallet}’s documented value: Hutong gives its cashier the same 2 hours as WeChat Pay’s QR code, for want of a source.`,
  source: null,
});

/** The cashier expiry of each wallet of the catalogue; a wallet not listed gets Hutong's assumption. */
export const CASHIER_EXPIRY: Readonly<Record<string, CashierExpiry>> = {
  alipay: assumed('Alipay'),
  'wechat-pay': WECHAT_PAY,
  'unionpay-qr': assumed('UnionPay'),
};

export function cashierExpiryOf(wallet: string): CashierExpiry {
  return CASHIER_EXPIRY[wallet] ?? assumed(wallet);
}

/** When an order placed (or opened again) at `at` to be paid with `wallet` expires; never past the last instant. */
export function orderExpiresAt(wallet: string, at: string): string {
  const ms = Date.parse(at) + cashierExpiryOf(wallet).ms;
  return inInstantRange(ms) ? new Date(ms).toISOString() : LATEST_INSTANT;
}
